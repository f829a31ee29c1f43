package api_test

import (
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/org"
)

// stored lists the files of the file store under folder (udata's
// storages.chunks and storages.resources), relative to it.
func (u *ud) stored(t *testing.T, folder string) []string {
	t.Helper()
	out := []string{}
	root := filepath.Join(u.Files.Dir, folder)
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(root, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	return out
}

// fileTypes is @pytest.mark.options(ALLOWED_RESOURCES_EXTENSIONS=...): the
// suite's socle takes these extensions until the test ends.
func (u *ud) fileTypes(t *testing.T, extensions ...string) {
	ft := catalog.DefaultFileTypes()
	ft.Extensions = extensions
	u.Catalog.SetFileTypes(ft)
	t.Cleanup(func() { u.Catalog.SetFileTypes(catalog.DefaultFileTypes()) })
}

// chunkFields are udata's fields of part i of a chunked upload.
func chunkFields(uuid, filename string, i, parts, size int) []string {
	return []string{"uuid", uuid, "filename", filename, "partindex", strconv.Itoa(i), "partbyteoffset", "0",
		"totalfilesize", strconv.Itoa(parts * size), "totalparts", strconv.Itoa(parts), "chunksize", strconv.Itoa(size)}
}

// udata/tests/api/test_datasets_api.py, DatasetResourceAPITest: chunked
// uploads. Each test counts the files of the store: a database of its own.
func udataChunkTests() []udataCase {
	const c = "DatasetResourceAPITest"
	// setUp of the three: signed in, admin of the dataset's organization
	setUp := func(t *testing.T, u *ud) catalog.Dataset {
		me := u.login(t)
		return u.dataset(t, nil, u.org(t, mem{me, org.RoleAdmin}).ID)
	}
	return []udataCase{
		fresh(port(c, "test_create_with_file_chunks", func(t *testing.T, u *ud) {
			d := setUp(t, u)
			uuid, parts, url := account.NewUUID(), 4, datasetPath(d)+"upload/"
			for i, chunk := range []string{"a", "b", "c", "d"} {
				r := u.upload(t, url, "file", "blob", []byte(chunk), chunkFields(uuid, "test.txt", i, parts, 1)...).assert(t, 200)
				eq(t, "success", r.get("success"), true)
				for _, k := range []string{"filename", "url", "size", "sha1"} {
					if r.has(k) {
						t.Errorf("a part's answer has %s: %s", k, r.raw)
					}
				}
			}
			r := u.upload(t, url, "", "", nil, "uuid", uuid, "filename", "test.txt", "totalfilesize", "4", "totalparts", "4").assert(t, 201)
			eq(t, "title", r.get("title"), "test.txt")
			eq(t, "filesize", r.get("filesize"), parts)
			eq(t, "mime", r.get("mime"), "text/plain")
			// the SHA-1 of "abcd": the parts were put together in order
			eq(t, "checksum.type", r.get("checksum", "type"), "sha1")
			eq(t, "checksum.value", r.get("checksum", "value"), "81fe8bfe87576c3ecb22426f8e57847382917acf")
			eq(t, "chunks", u.stored(t, "chunks"), []string{})
		})),
		fresh(port(c, "test_create_with_file_chunks_unauthorized_extension", func(t *testing.T, u *ud) {
			d := setUp(t, u)
			uuid, url := account.NewUUID(), datasetPath(d)+"upload/"
			for i, chunk := range []string{"a", "b"} {
				u.upload(t, url, "file", "blob", []byte(chunk), chunkFields(uuid, "test.exe", i, 2, 1)...).assert(t, 200)
			}
			r := u.upload(t, url, "", "", nil, "uuid", uuid, "filename", "test.exe", "totalfilesize", "2", "totalparts", "2").assert(t, 400)
			if m, _ := r.get("message").(string); !strings.Contains(m, "This file type is not allowed") {
				t.Errorf("message %q", m)
			}
			eq(t, "resources", len(u.call(t, "GET", datasetPath(d), nil).list("resources")), 0)
			eq(t, "stored", u.stored(t, "resources"), []string{})
			// The parts outlive a refused file, so that the upload can be
			// retried (udata keeps a meta.json beside them; socle keeps that
			// in its database).
			eq(t, "chunks", len(u.stored(t, "chunks")), 2)
		})),
		fresh(port(c, "test_create_with_file_chunk_bad_size", func(t *testing.T, u *ud) {
			d := setUp(t, u)
			fields := chunkFields(account.NewUUID(), "test.txt", 0, 4, 10)
			fields[7] = "4" // totalfilesize; chunksize 10 does not match the 1-byte chunk
			r := u.upload(t, datasetPath(d)+"upload/", "file", "blob", []byte("a"), fields...).assert(t, 400)
			eq(t, "success", r.get("success"), false)
			eq(t, "chunks", u.stored(t, "chunks"), []string{})
		})),
	}
}

// udata/tests/api/test_datasets_api.py, DatasetResourceAPITest: the
// suggestions of formats and MIME types.
func udataFileTypeTests() []udataCase {
	const c = "DatasetResourceAPITest"
	options := []string{"txt", "html", "kml", "kml-1", "qml", "xml"}
	suggest := func(t *testing.T, u *ud, what, q string) *res {
		return u.call(t, "GET", "/api/1/datasets/suggest/"+what+"/?size=5&q="+q, nil).assert(t, 200)
	}
	// withMimes is DatasetFactory(resources=[ResourceFactory(mime=m)...])
	withMimes := func(t *testing.T, u *ud, mimes ...string) {
		d := u.dataset(t, u.user(t), "")
		for _, m := range mimes {
			m := m
			if _, err := u.Catalog.AddRemote(ctx, u.root, d.ID, catalog.ResourceInput{Title: "Fichier " + account8(),
				URL: "https://example.org/" + account8(), Mime: &m}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return []udataCase{
		port(c, "test_suggest_formats_api", func(t *testing.T, u *ud) {
			u.fileTypes(t, options...)
			r := suggest(t, u, "formats", "km")
			eq(t, "len", len(r.list()), 2)
			eq(t, "first", r.get(0, "text"), "kml")
			eq(t, "second", r.get(1, "text"), "kml-1")
		}),
		port(c, "test_suggest_format_api_no_match", func(t *testing.T, u *ud) {
			u.fileTypes(t, options...)
			eq(t, "len", len(suggest(t, u, "formats", "test").list()), 0)
		}),
		port(c, "test_suggest_format_api_empty", func(t *testing.T, u *ud) {
			u.fileTypes(t)
			eq(t, "len", len(suggest(t, u, "formats", "txt").list()), 0)
		}),
		port(c, "test_suggest_mime_api", func(t *testing.T, u *ud) {
			withMimes(t, u, "audio/mpeg", "video/mp4", "application/json", "application/json-1")
			r := suggest(t, u, "mime", "js")
			if len(r.list()) > 5 {
				t.Errorf("%d suggestions", len(r.list()))
			}
			for i := range r.list() {
				if !r.has("text", i) {
					t.Errorf("no text: %s", r.raw)
				}
			}
		}),
		port(c, "test_suggest_mime_api_plus", func(t *testing.T, u *ud) {
			withMimes(t, u, "application/xhtml+xml")
			eq(t, "len", len(suggest(t, u, "mime", "xml").list()), 5)
		}),
		port(c, "test_suggest_mime_api_no_match", func(t *testing.T, u *ud) {
			withMimes(t, u, "lorem", "ipsum", "dolor")
			eq(t, "len", len(suggest(t, u, "mime", "test").list()), 0)
		}),
		port(c, "test_suggest_mime_api_empty", func(t *testing.T, u *ud) {
			eq(t, "len", len(suggest(t, u, "mime", "test").list()), 0)
		}),
	}
}
