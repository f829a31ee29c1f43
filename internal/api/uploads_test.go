package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/files"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// heldBlobs is a file store whose first opening of a part says so on
// opened and waits until release is closed.
type heldBlobs struct {
	catalog.Blobs
	opened  chan struct{}
	release chan struct{}
}

func (h *heldBlobs) Open(ctx context.Context, key string) (files.Object, error) {
	if strings.HasPrefix(key, "chunks/") {
		select {
		case <-h.release:
		default:
			h.opened <- struct{}{}
			<-h.release
		}
	}
	return h.Blobs.Open(ctx, key)
}

// TestChunkedAssembling: while the last request of a chunked upload puts
// the parts together, a part of that upload is refused with a 409 that
// names uuid, in udata's shape of a failed upload; the last request then
// answers as usual.
func TestChunkedAssembling(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		h := &heldBlobs{Blobs: e.Files, opened: make(chan struct{}, 10), release: make(chan struct{})}
		e.Catalog.SetBlobs(h, 1<<20)
		_, b, _ := e.do(t, call{method: "POST", path: "/api/1/datasets/", body: `{"title": "Arrêts", "description": "d"}`})
		url := e.srv.URL + "/api/1/datasets/" + decode(t, b)["id"].(string) + "/upload/"
		type answer struct {
			status int
			body   map[string]any
			err    error
		}
		send := func(fields map[string]string, part string) answer {
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			for k, v := range fields {
				mw.WriteField(k, v)
			}
			if part != "" {
				fw, _ := mw.CreateFormFile("file", "blob")
				fw.Write([]byte(part))
			}
			mw.Close()
			req, _ := http.NewRequest("POST", url, &body)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			req.Header.Set("X-API-KEY", e.key)
			r, err := http.DefaultClient.Do(req)
			if err != nil {
				return answer{err: err}
			}
			defer r.Body.Close()
			var out map[string]any
			json.NewDecoder(r.Body).Decode(&out)
			return answer{status: r.StatusCode, body: out}
		}
		partOf := func(i int, p string) map[string]string {
			return map[string]string{"uuid": "u1", "filename": "a.csv", "partindex": strconv.Itoa(i), "totalparts": "2",
				"chunksize": strconv.Itoa(len(p))}
		}
		for i, p := range []string{"a,b\n", "1,2\n"} {
			if a := send(partOf(i, p), p); a.status != 200 {
				t.Fatalf("part %d: %d %v %v", i, a.status, a.body, a.err)
			}
		}
		final := make(chan answer, 1)
		go func() {
			final <- send(map[string]string{"uuid": "u1", "filename": "a.csv", "totalparts": "2", "totalfilesize": "8"}, "")
		}()
		<-h.opened
		a := send(partOf(1, "3,4\n"), "3,4\n")
		close(h.release)
		if a.status != http.StatusConflict || a.body["success"] != false || a.body["error"] == nil {
			t.Errorf("a part while the upload is put together: %d %v %v", a.status, a.body, a.err)
		}
		if errs, _ := a.body["errors"].(map[string]any); errs["uuid"] == nil {
			t.Errorf("the refusal names no uuid: %v", a.body)
		}
		if a := <-final; a.status != 201 || a.body["filesize"] != float64(8) {
			t.Errorf("the last request: %d %v %v", a.status, a.body, a.err)
		}
	})
}
