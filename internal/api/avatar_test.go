package api_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/jpeg"
	"image/png"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

func TestAvatarAPI(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		upload := func(key, field string, data []byte) (int, map[string]any) {
			var body bytes.Buffer
			mw := multipart.NewWriter(&body)
			fw, _ := mw.CreateFormFile(field, "me.jpg")
			fw.Write(data)
			mw.Close()
			req, _ := http.NewRequest("POST", e.srv.URL+"/api/1/me/avatar/", &body)
			req.Header.Set("Content-Type", mw.FormDataContentType())
			if key != "" {
				req.Header.Set("X-API-KEY", key)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var out map[string]any
			json.NewDecoder(res.Body).Decode(&out)
			return res.StatusCode, out
		}
		var photo bytes.Buffer
		jpeg.Encode(&photo, image.NewRGBA(image.Rect(0, 0, 1000, 500)), nil)

		if status, _ := upload("", "file", photo.Bytes()); status != 401 {
			t.Fatalf("anonymous upload: %d", status)
		}
		for name, c := range map[string]struct {
			field string
			data  []byte
		}{
			"not an image": {"file", []byte("GIF89a not an image")},
			"no file":      {"picture", photo.Bytes()},
			"too big":      {"file", append(bytes.Clone(photo.Bytes()), make([]byte, 5<<20)...)},
		} {
			status, out := upload(e.key, c.field, c.data)
			errs, _ := out["errors"].(map[string]any)
			if status != 400 || errs["file"] == nil {
				t.Errorf("%s: %d %v", name, status, out)
			}
		}
		e.check(t, []call{{method: "GET", path: "/api/1/me/", wantStatus: 200, want: []string{`"avatar":null`, `"avatar_thumbnail":null`}}})

		status, out := upload(e.key, "file", photo.Bytes())
		url, _ := out["image"].(string)
		if status != 200 || !strings.HasPrefix(url, "http://socle.test/files/avatars/"+e.alice.ID+"/") || !strings.HasSuffix(url, "-500.png") {
			t.Fatalf("upload: %d %v", status, out)
		}
		// Stored as PNG, the larger side at each size.
		for size, want := range map[string]image.Rectangle{"500": image.Rect(0, 0, 500, 250), "100": image.Rect(0, 0, 100, 50)} {
			f, err := os.Open(filepath.Join(e.Files.Dir, strings.TrimPrefix(strings.Replace(url, "-500.png", "-"+size+".png", 1), "http://socle.test/files/")))
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(f)
			f.Close()
			if err != nil || img.Bounds() != want {
				t.Errorf("size %s: %v (%v)", size, img.Bounds(), err)
			}
		}
		thumb := strings.Replace(url, "-500.png", "-100.png", 1)
		e.check(t, []call{
			{method: "GET", path: "/api/1/me/", wantStatus: 200, want: []string{`"avatar":"` + url + `"`, `"avatar_thumbnail":"` + thumb + `"`}},
			{method: "GET", path: "/api/1/users/" + e.alice.ID + "/", key: "-", wantStatus: 200, want: []string{`"avatar":"` + url + `"`}},
			{method: "GET", path: "/api/1/users/suggest/?q=alice", key: "-", wantStatus: 200, want: []string{`"avatar_url":"` + thumb + `"`}},
			{method: "DELETE", path: "/api/1/me/", wantStatus: 204},
		})
		if u, _ := account.NewStore(db).UserByID(ctx, e.alice.ID); u.Avatar != "" {
			t.Errorf("a deleted account keeps its avatar: %q", u.Avatar)
		}
	})
}
