package catalog_test

import (
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"io"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/files"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
	"github.com/socle-portal/socle/internal/validate"
)

// withStores runs fn with the catalog's files in the test's folder, then in
// an S3 store (a real-protocol server in the test): chunked uploads go
// through both.
func withStores(t *testing.T, e *env, max int64, fn func(t *testing.T, s catalog.Blobs)) {
	t.Run("local", func(t *testing.T) {
		e.Catalog.SetBlobs(e.Files, max)
		fn(t, e.Files)
	})
	t.Run("s3", func(t *testing.T) {
		fake := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
		t.Cleanup(fake.Close)
		s, err := files.NewS3(ctx, files.S3Config{Endpoint: strings.TrimPrefix(fake.URL, "http://"), Bucket: "socle",
			Region: "us-east-1", AccessKey: "key", SecretKey: "secret", Insecure: true, BaseURL: "http://socle.test/files"})
		if err != nil {
			t.Fatal(err)
		}
		e.Catalog.SetBlobs(s, max)
		fn(t, s)
	})
}

func fieldOf(err error, field, key string) bool {
	var v *validate.Errors
	return errors.As(err, &v) && len(v.Fields[field]) > 0 && v.Fields[field][0] == key
}

func part(uuid string, i, total int, body string) catalog.Chunk {
	return catalog.Chunk{UUID: uuid, Index: i, TotalParts: total, Size: int64(len(body)), Body: strings.NewReader(body)}
}

// TestChunkedUpload: parts sent in any order, one sent again, make one
// file in order; the parts are gone once it is stored.
func TestChunkedUpload(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		x := e.orgWithRoles(t, "Métropole")
		withStores(t, e, 1<<20, func(t *testing.T, s catalog.Blobs) {
			uuid := account.NewUUID()
			for _, c := range []catalog.Chunk{part(uuid, 2, 3, "fin"), part(uuid, 0, 3, "début"), part(uuid, 1, 3, "xxx"),
				part(uuid, 1, 3, "-milieu-")} {
				if err := e.Catalog.PutChunk(ctx, x.editor, x.d.ID, c); err != nil {
					t.Fatal(err)
				}
			}
			want := "début-milieu-fin"
			r, err := e.Catalog.UploadChunked(ctx, x.editor, x.d.ID, catalog.ResourceInput{},
				catalog.Chunked{UUID: uuid, Filename: "Arrêts.csv", TotalParts: 3, TotalSize: int64(len(want))})
			if err != nil {
				t.Fatal(err)
			}
			sum := sha1.Sum([]byte(want))
			if r.Title != "Arrêts.csv" || r.Size != int64(len(want)) || r.SumType != "sha1" || r.SumValue != hex.EncodeToString(sum[:]) {
				t.Errorf("resource %+v", r)
			}
			o, err := s.Open(ctx, r.StorageKey)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(o)
			o.Close()
			if string(got) != want {
				t.Errorf("file %q", got)
			}
			if _, err := e.Catalog.UploadChunked(ctx, x.editor, x.d.ID, catalog.ResourceInput{},
				catalog.Chunked{UUID: uuid, Filename: "a.csv", TotalParts: 3, TotalSize: -1}); !fieldOf(err, "uuid", "upload.unknown") {
				t.Errorf("the parts were kept: %v", err)
			}
			if _, err := e.Catalog.FileAccess(ctx, x.editor, "chunks/"+uuid+"/x"); !errors.Is(err, catalog.ErrNotFound) {
				t.Errorf("a part is served: %v", err)
			}
			if l, ok := s.(*files.Local); ok {
				if left, _ := filepath.Glob(filepath.Join(l.Dir, "chunks", "*", "*")); len(left) > 0 {
					t.Errorf("parts left: %v", left)
				}
			}
		})
	})
}

// TestChunkRules: each check of a chunked upload refuses what it should,
// and keeps nothing it refused.
func TestChunkRules(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		x := e.orgWithRoles(t, "Métropole")
		other := e.orgWithRoles(t, "Région")
		stranger := e.user(t, "stranger", false)
		e.Catalog.SetBlobs(e.Files, 10)
		uuid := account.NewUUID()
		put := func(c catalog.Chunk) error { return e.Catalog.PutChunk(ctx, x.editor, x.d.ID, c) }
		big := part(uuid, 0, 2, "abcd")
		big.Size = 3
		cases := []struct {
			err        error
			field, key string
			what       string
		}{
			{put(big), "chunksize", "upload.chunk_size", "a part longer than announced"},
			{put(catalog.Chunk{UUID: uuid, TotalParts: 2, Size: 5, Body: strings.NewReader("abc")}), "chunksize", "upload.chunk_size", "a part shorter than announced"},
			{put(part(uuid, 2, 2, "abc")), "partindex", "upload.part_index", "a part past the last"},
			{put(part(uuid, 0, 1, "abc")), "totalparts", "upload.parts", "one part"},
			{put(part("", 0, 2, "abc")), "uuid", "required", "no uuid"},
			{put(part(uuid, 0, 2, strings.Repeat("a", 11))), "chunksize", "upload.chunk_size", "a part over the limit"},
		}
		for _, c := range cases {
			if !fieldOf(c.err, c.field, c.key) {
				t.Errorf("%s: %v", c.what, c.err)
			}
		}
		if left, _ := filepath.Glob(filepath.Join(e.Files.Dir, "chunks", "*", "*")); len(left) > 0 {
			t.Errorf("refused parts kept: %v", left)
		}
		if err := e.Catalog.PutChunk(ctx, stranger, x.d.ID, part(uuid, 0, 2, "abc")); !errors.Is(err, catalog.ErrForbidden) {
			t.Errorf("a stranger's part: %v", err)
		}
		if err := put(part(uuid, 0, 3, "abcdef")); err != nil {
			t.Fatal(err)
		}
		if err := put(part(uuid, 1, 3, "abcdef")); !fieldOf(err, "file", "file.too_big") {
			t.Errorf("parts over the limit together: %v", err)
		}
		if err := put(part(uuid, 1, 2, "ab")); !fieldOf(err, "uuid", "upload.mismatch") {
			t.Errorf("another number of parts: %v", err)
		}
		d2, err := e.Catalog.Create(ctx, x.admin, input("Autre jeu", x.o.ID))
		if err != nil {
			t.Fatal(err)
		}
		if err := e.Catalog.PutChunk(ctx, x.editor, d2.ID, part(uuid, 1, 3, "ab")); !fieldOf(err, "uuid", "upload.mismatch") {
			t.Errorf("a part for another dataset: %v", err)
		}
		if err := e.Catalog.PutChunk(ctx, x.editor, other.d.ID, part(uuid, 1, 3, "ab")); !errors.Is(err, catalog.ErrForbidden) {
			t.Errorf("a part for a dataset the user may not edit: %v", err)
		}
		if err := put(part(uuid, 1, 3, "ab")); err != nil {
			t.Fatal(err)
		}
		done := catalog.Chunked{UUID: uuid, Filename: "a.csv", TotalParts: 3, TotalSize: -1}
		if _, err := e.Catalog.UploadChunked(ctx, x.editor, x.d.ID, catalog.ResourceInput{}, done); !fieldOf(err, "totalparts", "upload.incomplete") {
			t.Errorf("a part missing: %v", err)
		}
		if _, err := e.Catalog.UploadChunked(ctx, x.admin, x.d.ID, catalog.ResourceInput{}, done); !fieldOf(err, "uuid", "upload.unknown") {
			t.Errorf("another user puts the parts together: %v", err)
		}
		if err := put(part(uuid, 2, 3, "c")); err != nil {
			t.Fatal(err)
		}
		done.TotalSize = 10
		if _, err := e.Catalog.UploadChunked(ctx, x.editor, x.d.ID, catalog.ResourceInput{}, done); !fieldOf(err, "totalfilesize", "upload.size_mismatch") {
			t.Errorf("not the announced size: %v", err)
		}
		done.TotalSize, done.Filename = 9, "a.exe"
		if _, err := e.Catalog.UploadChunked(ctx, x.editor, x.d.ID, catalog.ResourceInput{}, done); !fieldOf(err, "file", catalog.FileTypeRefused) {
			t.Errorf("a refused extension: %v", err)
		}
		done.Filename = "a.csv"
		if _, err := e.Catalog.UploadChunked(ctx, x.editor, x.d.ID, catalog.ResourceInput{}, done); err != nil {
			t.Errorf("retried after a refusal: %v", err)
		}
	})
}

// TestPurgeUploads: the parts of an upload left unfinished are removed
// after the retention, not before.
func TestPurgeUploads(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		x := e.orgWithRoles(t, "Métropole")
		uuid := account.NewUUID()
		if err := e.Catalog.PutChunk(ctx, x.editor, x.d.ID, part(uuid, 0, 2, "abc")); err != nil {
			t.Fatal(err)
		}
		e.Advance(23 * time.Hour)
		if n, err := e.Catalog.PurgeUploads(ctx, catalog.DefaultUploadRetention); n != 0 || err != nil {
			t.Fatalf("purged too early: %d %v", n, err)
		}
		e.Advance(2 * time.Hour)
		if n, err := e.Catalog.PurgeUploads(ctx, catalog.DefaultUploadRetention); n != 1 || err != nil {
			t.Fatalf("purge: %d %v", n, err)
		}
		left, _ := filepath.Glob(filepath.Join(e.Files.Dir, "chunks", "*", "*"))
		if len(left) > 0 {
			t.Errorf("parts left: %v", left)
		}
		if err := e.Catalog.PutChunk(ctx, x.editor, x.d.ID, part(uuid, 1, 2, "d")); err != nil {
			t.Fatal(err)
		}
		_, err := e.Catalog.UploadChunked(ctx, x.editor, x.d.ID, catalog.ResourceInput{},
			catalog.Chunked{UUID: uuid, Filename: "a.csv", TotalParts: 2, TotalSize: -1})
		if !fieldOf(err, "totalparts", "upload.incomplete") {
			t.Errorf("a purged part still counts: %v", err)
		}
	})
}

// TestFileTypes: an upload's extension must be allowed (udata's list by
// default, the operator's when set); a name without one is refused.
func TestFileTypes(t *testing.T) {
	e := newEnv(t, testdb.Open(t, sqldb.SQLite))
	x := e.orgWithRoles(t, "Métropole")
	up := func(name string) error {
		_, err := e.Catalog.UploadResource(ctx, x.editor, x.d.ID, catalog.ResourceInput{},
			catalog.Upload{Filename: name, Body: strings.NewReader("a,b\n")})
		return err
	}
	for name, ok := range map[string]bool{"a.csv": true, "A.CSV": true, "feed.zip": true, "a.tar.gz": true, "a.yml": true, "a.exe": false,
		"noext": false, "a.csv.": false, "a.html": false} {
		if err := up(name); (err == nil) != ok || (err != nil && !fieldOf(err, "file", catalog.FileTypeRefused)) {
			t.Errorf("%s: %v", name, err)
		}
	}
	e.Catalog.SetFileTypes(catalog.FileTypes{Extensions: []string{"html"}})
	if up("a.csv") == nil || up("a.html") != nil {
		t.Error("the operator's list is not applied")
	}
	if got := e.Catalog.SuggestFormats("t", 10); len(got) != 1 || got[0] != "html" {
		t.Errorf("suggestions %v", got)
	}
	if left, _ := os.ReadDir(filepath.Join(e.Files.Dir, "resources")); len(left) != 6 {
		t.Errorf("%d files kept, want the 6 accepted", len(left))
	}
}

// TestListedFile: a "file" given by URL with a new dataset keeps what the
// client says of it, is served from its URL, and takes an uploaded file
// later without an empty earlier version; what the client says of a
// remote file is kept, of a file socle holds ignored.
func TestListedFile(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		x := e.orgWithRoles(t, "Métropole")
		size, mime := int64(1234), "text/csv"
		in := input("Arrêts", x.o.ID)
		in.Resources = []catalog.ResourceInput{{Title: "Arrêts", Filetype: "file", URL: "https://example.org/a.csv",
			Size: &size, Mime: &mime, Checksum: &catalog.Checksum{Type: "md5", Value: "abc"}}}
		d, err := e.Catalog.Create(ctx, x.editor, in)
		if err != nil {
			t.Fatal(err)
		}
		rs, _ := e.Catalog.Resources(ctx, d.ID)
		r := rs[0]
		if r.Filetype != "file" || r.Size != size || r.Mime != mime || r.SumType != "md5" || e.Catalog.FileURL(r) != r.URL {
			t.Fatalf("listed file: %+v", r)
		}
		r, err = e.Catalog.ReplaceFile(ctx, x.editor, d.ID, r.ID, catalog.Upload{Filename: "arrets.csv",
			Body: strings.NewReader("a,b\n"), Rename: true})
		if err != nil || r.SumType != "sha1" || r.Size != 4 || r.Title != "arrets.csv" {
			t.Fatalf("replaced: %+v %v", r, err)
		}
		if vs, _ := e.Catalog.Versions(ctx, r.ID); len(vs) != 0 {
			t.Errorf("versions %+v", vs)
		}
		bad := int64(-1)
		if _, err := e.Catalog.UpdateResource(ctx, x.editor, d.ID, r.ID, catalog.ResourceInput{Title: "x", Size: &bad}); !fieldOf(err, "filesize", "type.invalid") {
			t.Errorf("a negative size: %v", err)
		}
		big := int64(99)
		if r, err = e.Catalog.UpdateResource(ctx, x.editor, d.ID, r.ID, catalog.ResourceInput{Title: "x", Size: &big}); err != nil || r.Size != 4 {
			t.Errorf("a held file's size changed: %+v %v", r, err)
		}
		remote, err := e.Catalog.AddRemote(ctx, x.editor, d.ID, catalog.ResourceInput{Title: "API", URL: "https://example.org/api",
			Checksum: &catalog.Checksum{Type: "sha512", Value: "x"}})
		if !fieldOf(err, "checksum", "checksum.type") {
			t.Errorf("an unknown checksum type: %+v %v", remote, err)
		}
	})
}
