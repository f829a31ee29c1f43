package catalog_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/errs"
	"github.com/socle-portal/socle/internal/files"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// gatedBlobs is a file store whose openings of parts wait, until release
// is closed, once they have said so on opened; it counts the removals of
// each file.
type gatedBlobs struct {
	catalog.Blobs
	opened  chan string
	release chan struct{}
	mu      sync.Mutex
	removed map[string]int
}

func gate(b catalog.Blobs) *gatedBlobs {
	return &gatedBlobs{Blobs: b, opened: make(chan string, 1000), release: make(chan struct{}), removed: map[string]int{}}
}

func (g *gatedBlobs) Open(ctx context.Context, key string) (files.Object, error) {
	if strings.HasPrefix(key, "chunks/") {
		select {
		case <-g.release:
		default:
			g.opened <- key
			<-g.release
		}
	}
	return g.Blobs.Open(ctx, key)
}

func (g *gatedBlobs) Remove(ctx context.Context, key string) error {
	g.mu.Lock()
	g.removed[key]++
	g.mu.Unlock()
	return g.Blobs.Remove(ctx, key)
}

// chunkFiles lists the parts' files left in the store.
func chunkFiles(e *env) []string {
	left, _ := filepath.Glob(filepath.Join(e.Files.Dir, "chunks", "*", "*"))
	return left
}

// sendParts sends the parts of uuid, one a body.
func sendParts(t *testing.T, e *env, x orgWithRoles, uuid string, bodies ...string) {
	t.Helper()
	for i, b := range bodies {
		if err := e.Catalog.PutChunk(ctx, x.editor, x.d.ID, part(uuid, i, len(bodies), b)); err != nil {
			t.Fatal(err)
		}
	}
}

// fileOf is the content of r's file.
func fileOf(t *testing.T, e *env, r catalog.Resource) string {
	t.Helper()
	o, err := e.Files.Open(ctx, r.StorageKey)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	b, _ := io.ReadAll(o)
	return string(b)
}

// isAssembling: the 409 naming uuid of an upload another request holds.
func isAssembling(err error) bool {
	return errors.Is(err, catalog.ErrUploadAssembling) && errs.Status(err) == http.StatusConflict &&
		fieldOf(err, "uuid", "upload.assembling")
}

// TestChunkedConcurrentFinal: N last requests of one complete upload, at
// once, make one resource (or one new file); the others are told the
// upload is being put together, and the parts are removed once.
func TestChunkedConcurrentFinal(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		x := e.orgWithRoles(t, "Métropole")
		for _, replace := range []bool{false, true} {
			name := map[bool]string{false: "upload", true: "replace"}[replace]
			t.Run(name, func(t *testing.T) {
				g := gate(e.Files)
				e.Catalog.SetBlobs(g, 1<<20)
				before, _ := e.Catalog.Resources(ctx, x.d.ID) // a replaced file adds none
				var target catalog.Resource
				if replace {
					var err error
					target, err = e.Catalog.UploadResource(ctx, x.editor, x.d.ID, catalog.ResourceInput{},
						catalog.Upload{Filename: "avant.csv", Body: strings.NewReader("avant")})
					if err != nil {
						t.Fatal(err)
					}
				}
				uuid := account.NewUUID()
				sendParts(t, e, x, uuid, "début", "-milieu-", "fin")
				done := catalog.Chunked{UUID: uuid, Filename: "Arrêts.csv", TotalParts: 3, TotalSize: int64(len("début-milieu-fin"))}
				const n = 8
				type result struct {
					r   catalog.Resource
					err error
				}
				results := make(chan result, n)
				start := make(chan struct{})
				for range n {
					go func() {
						<-start
						var r catalog.Resource
						var err error
						if replace {
							r, err = e.Catalog.ReplaceChunked(ctx, x.editor, x.d.ID, target.ID, done, true)
						} else {
							r, err = e.Catalog.UploadChunked(ctx, x.editor, x.d.ID, catalog.ResourceInput{}, done)
						}
						results <- result{r, err}
					}()
				}
				close(start)
				// Each request either reads the parts (and waits there) or is
				// answered: the reading ones go on once all are at one point.
				var got []result
				for events := 0; events < n; events++ {
					select {
					case <-g.opened:
					case r := <-results:
						got = append(got, r)
					}
				}
				close(g.release)
				for len(got) < n {
					got = append(got, <-results)
				}
				won := 0
				for _, r := range got {
					switch {
					case r.err == nil:
						won++
						if s := fileOf(t, e, r.r); s != "début-milieu-fin" {
							t.Errorf("file %q", s)
						}
					case !isAssembling(r.err):
						t.Errorf("a loser's answer: %d %v", errs.Status(r.err), r.err)
					}
				}
				if won != 1 {
					t.Errorf("%d requests published the upload, want 1", won)
				}
				rs, err := e.Catalog.Resources(ctx, x.d.ID)
				if err != nil {
					t.Fatal(err)
				}
				if len(rs) != len(before)+1 {
					t.Errorf("%d resources, want %d", len(rs), len(before)+1)
				}
				if replace {
					if vs, _ := e.Catalog.Versions(ctx, target.ID); len(vs) != 1 {
						t.Errorf("%d earlier files, want 1", len(vs))
					}
				}
				parts := 0
				for key, times := range g.removed {
					if strings.HasPrefix(key, "chunks/") {
						parts++
						if times != 1 {
							t.Errorf("%s removed %d times", key, times)
						}
					}
				}
				if parts != 3 {
					t.Errorf("%d parts removed, want 3", parts)
				}
				if left := chunkFiles(e); len(left) > 0 {
					t.Errorf("parts left: %v", left)
				}
			})
		}
	})
}

// TestChunkedPartDuringFinal: a part sent again while the last request
// reads the parts is refused, and the file is the parts checked; sent at
// the same time, either the part is refused or the file is made of one
// set of parts, never a 5xx.
func TestChunkedPartDuringFinal(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		x := e.orgWithRoles(t, "Métropole")
		t.Run("while reading", func(t *testing.T) {
			g := gate(e.Files)
			e.Catalog.SetBlobs(g, 1<<20)
			uuid := account.NewUUID()
			sendParts(t, e, x, uuid, "aaa", "bbb", "ccc")
			res := make(chan error, 1)
			var r catalog.Resource
			go func() {
				var err error
				r, err = e.Catalog.UploadChunked(ctx, x.editor, x.d.ID, catalog.ResourceInput{},
					catalog.Chunked{UUID: uuid, Filename: "a.csv", TotalParts: 3, TotalSize: -1})
				res <- err
			}()
			<-g.opened
			err := e.Catalog.PutChunk(ctx, x.editor, x.d.ID, part(uuid, 1, 3, "XXX"))
			close(g.release)
			if !isAssembling(err) {
				t.Errorf("a part sent while the upload is put together: %v", err)
			}
			if err := <-res; err != nil {
				t.Fatalf("the last request: %d %v", errs.Status(err), err)
			}
			if s := fileOf(t, e, r); s != "aaabbbccc" {
				t.Errorf("file %q", s)
			}
			if left := chunkFiles(e); len(left) > 0 {
				t.Errorf("parts left: %v", left)
			}
		})
		t.Run("at once", func(t *testing.T) {
			e.Catalog.SetBlobs(e.Files, 1<<20)
			for round := range 20 {
				uuid := account.NewUUID()
				sendParts(t, e, x, uuid, "aaa", "bbb", "ccc")
				start := make(chan struct{})
				var wg sync.WaitGroup
				var r catalog.Resource
				var finalErr, partErr error
				wg.Add(2)
				go func() {
					defer wg.Done()
					<-start
					r, finalErr = e.Catalog.UploadChunked(ctx, x.editor, x.d.ID, catalog.ResourceInput{},
						catalog.Chunked{UUID: uuid, Filename: "a.csv", TotalParts: 3, TotalSize: -1})
				}()
				go func() {
					defer wg.Done()
					<-start
					partErr = e.Catalog.PutChunk(ctx, x.editor, x.d.ID, part(uuid, 1, 3, "XXX"))
				}()
				close(start)
				wg.Wait()
				if finalErr != nil && errs.Status(finalErr) >= 500 || partErr != nil && errs.Status(partErr) >= 500 {
					t.Fatalf("round %d: a 5xx: %v / %v", round, finalErr, partErr)
				}
				// refused while claimed, or its upload used up meanwhile
				if partErr != nil && !isAssembling(partErr) && !fieldOf(partErr, "uuid", "upload.unknown") {
					t.Errorf("round %d: the part: %v", round, partErr)
				}
				if finalErr != nil {
					t.Fatalf("round %d: the last request: %v", round, finalErr)
				}
				if s := fileOf(t, e, r); s != "aaabbbccc" && s != "aaaXXXccc" {
					t.Errorf("round %d: file %q", round, s)
				}
			}
			// a part sent after the upload was used up starts another,
			// which the clean-up removes: no file is left unlisted
			e.Advance(2 * catalog.DefaultUploadRetention)
			if _, err := e.Catalog.PurgeUploads(ctx, catalog.DefaultUploadRetention); err != nil {
				t.Fatal(err)
			}
			if left := chunkFiles(e); len(left) > 0 {
				t.Errorf("parts left: %v", left)
			}
		})
	})
}

// TestChunkedPurgeDuringFinal: the clean-up leaves an upload being put
// together, even when its parts are old; it takes one whose claim is
// older than the retention, and the request that held it is answered a
// 4xx and publishes nothing.
func TestChunkedPurgeDuringFinal(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		x := e.orgWithRoles(t, "Métropole")
		final := func(uuid string) (chan error, *catalog.Resource) {
			res, r := make(chan error, 1), new(catalog.Resource)
			go func() {
				var err error
				*r, err = e.Catalog.UploadChunked(ctx, x.editor, x.d.ID, catalog.ResourceInput{},
					catalog.Chunked{UUID: uuid, Filename: "a.csv", TotalParts: 2, TotalSize: -1})
				res <- err
			}()
			return res, r
		}
		t.Run("claimed", func(t *testing.T) {
			g := gate(e.Files)
			e.Catalog.SetBlobs(g, 1<<20)
			uuid := account.NewUUID()
			sendParts(t, e, x, uuid, "aaa", "bbb")
			e.Advance(catalog.DefaultUploadRetention + time.Hour) // the parts are old
			res, r := final(uuid)
			<-g.opened
			n, err := e.Catalog.PurgeUploads(ctx, catalog.DefaultUploadRetention)
			close(g.release)
			if n != 0 || err != nil {
				t.Errorf("purged an upload being put together: %d %v", n, err)
			}
			if err := <-res; err != nil {
				t.Fatalf("the last request: %d %v", errs.Status(err), err)
			}
			if s := fileOf(t, e, *r); s != "aaabbb" {
				t.Errorf("file %q", s)
			}
		})
		t.Run("claim too old", func(t *testing.T) {
			g := gate(e.Files)
			e.Catalog.SetBlobs(g, 1<<20)
			before, _ := e.Catalog.Resources(ctx, x.d.ID)
			uuid := account.NewUUID()
			sendParts(t, e, x, uuid, "aaa", "bbb")
			res, _ := final(uuid)
			<-g.opened
			e.Advance(catalog.DefaultUploadRetention + time.Hour)
			n, err := e.Catalog.PurgeUploads(ctx, catalog.DefaultUploadRetention)
			close(g.release)
			if n != 1 || err != nil {
				t.Errorf("the clean-up left a claim older than the retention: %d %v", n, err)
			}
			if err := <-res; !fieldOf(err, "uuid", "upload.unknown") || errs.Status(err) != http.StatusBadRequest {
				t.Errorf("the request that held it: %d %v", errs.Status(err), err)
			}
			if after, _ := e.Catalog.Resources(ctx, x.d.ID); len(after) != len(before) {
				t.Errorf("%d resources, want %d", len(after), len(before))
			}
			if left := chunkFiles(e); len(left) > 0 {
				t.Errorf("parts left: %v", left)
			}
		})
	})
}

// TestChunkedFinalFails: a last request that fails releases the upload:
// the client may send parts and try again. A part whose file vanished is
// a 4xx that names what is missing, and can be sent again.
func TestChunkedFinalFails(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		x := e.orgWithRoles(t, "Métropole")
		e.Catalog.SetBlobs(e.Files, 1<<20)
		done := func(uuid, name string) catalog.Chunked {
			return catalog.Chunked{UUID: uuid, Filename: name, TotalParts: 3, TotalSize: -1}
		}
		t.Run("refused", func(t *testing.T) {
			uuid := account.NewUUID()
			sendParts(t, e, x, uuid, "aaa", "bbb", "ccc")
			if _, err := e.Catalog.UploadChunked(ctx, x.editor, x.d.ID, catalog.ResourceInput{}, done(uuid, "a.exe")); !fieldOf(err, "file", catalog.FileTypeRefused) {
				t.Fatalf("a refused extension: %v", err)
			}
			if err := e.Catalog.PutChunk(ctx, x.editor, x.d.ID, part(uuid, 1, 3, "BBB")); err != nil {
				t.Fatalf("a part after a refusal: %v", err)
			}
			r, err := e.Catalog.UploadChunked(ctx, x.editor, x.d.ID, catalog.ResourceInput{}, done(uuid, "a.csv"))
			if err != nil {
				t.Fatalf("retried after a refusal: %v", err)
			}
			if s := fileOf(t, e, r); s != "aaaBBBccc" {
				t.Errorf("file %q", s)
			}
		})
		t.Run("client gone", func(t *testing.T) {
			g := gate(e.Files)
			e.Catalog.SetBlobs(g, 1<<20)
			defer e.Catalog.SetBlobs(e.Files, 1<<20)
			uuid := account.NewUUID()
			sendParts(t, e, x, uuid, "aaa", "bbb", "ccc")
			gone, cancel := context.WithCancel(ctx)
			res := make(chan error, 1)
			go func() {
				_, err := e.Catalog.UploadChunked(gone, x.editor, x.d.ID, catalog.ResourceInput{}, done(uuid, "a.csv"))
				res <- err
			}()
			<-g.opened
			cancel()
			close(g.release)
			if err := <-res; err == nil {
				t.Fatal("published for a client gone")
			}
			if _, err := e.Catalog.UploadChunked(ctx, x.editor, x.d.ID, catalog.ResourceInput{}, done(uuid, "a.csv")); err != nil {
				t.Errorf("retried after the client left: %v", err)
			}
		})
		t.Run("part vanished", func(t *testing.T) {
			uuid := account.NewUUID()
			if err := e.Catalog.PutChunk(ctx, x.editor, x.d.ID, part(uuid, 1, 3, "bbb")); err != nil {
				t.Fatal(err)
			}
			left := chunkFiles(e)
			if len(left) != 1 {
				t.Fatalf("parts %v", left)
			}
			if err := e.Catalog.PutChunk(ctx, x.editor, x.d.ID, part(uuid, 0, 3, "aaa")); err != nil {
				t.Fatal(err)
			}
			if err := e.Catalog.PutChunk(ctx, x.editor, x.d.ID, part(uuid, 2, 3, "ccc")); err != nil {
				t.Fatal(err)
			}
			if err := os.Remove(left[0]); err != nil {
				t.Fatal(err)
			}
			_, err := e.Catalog.UploadChunked(ctx, x.editor, x.d.ID, catalog.ResourceInput{}, done(uuid, "a.csv"))
			if !fieldOf(err, "totalparts", "upload.incomplete") || errs.Status(err) != http.StatusBadRequest {
				t.Fatalf("a part's file vanished: %d %v", errs.Status(err), err)
			}
			if err := e.Catalog.PutChunk(ctx, x.editor, x.d.ID, part(uuid, 1, 3, "BBB")); err != nil {
				t.Fatal(err)
			}
			r, err := e.Catalog.UploadChunked(ctx, x.editor, x.d.ID, catalog.ResourceInput{}, done(uuid, "a.csv"))
			if err != nil {
				t.Fatalf("the part sent again: %v", err)
			}
			if s := fileOf(t, e, r); s != "aaaBBBccc" {
				t.Errorf("file %q", s)
			}
			if left := chunkFiles(e); len(left) > 0 {
				t.Errorf("parts left: %v", left)
			}
		})
	})
}
