package app_test

import (
	"context"
	"net/http"
	"os"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestPrivateFilesNeedRights: the file of a private dataset is served to
// whoever may see the dataset, never cached by shared caches, and to nobody
// once the dataset is deleted.
func TestPrivateFilesNeedRights(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(string(b), func(t *testing.T) {
			a, _ := start(t, testConfig(t, b))
			ctx := context.Background()
			u, _ := a.Accounts.CreateUser(ctx, account.NewUser{Email: "u@example.org", FirstName: "U", LastName: "T",
				Password: "Secret123", Confirmed: true})
			_, key, err := a.Accounts.CreateAPIKey(ctx, u, "k", account.Meta{})
			if err != nil {
				t.Fatal(err)
			}
			in := catalogInput("Réseau confidentiel")
			in.Private = true
			d, err := a.Catalog.Create(ctx, u, in)
			if err != nil {
				t.Fatal(err)
			}
			f, _ := os.Open(writeFeed(t, t.TempDir()))
			defer f.Close()
			res, err := a.Catalog.UploadResource(ctx, u, d.ID, resourceInput("GTFS"), upload("feed.zip", f))
			if err != nil {
				t.Fatal(err)
			}
			get := func(withKey bool) *http.Response {
				req, _ := http.NewRequest("GET", a.Catalog.FileURL(res), nil)
				if withKey {
					req.Header.Set("X-API-KEY", key)
				}
				r, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				r.Body.Close()
				return r
			}
			if r := get(false); r.StatusCode != 404 {
				t.Fatalf("anonymous download of a private file: %d, want 404", r.StatusCode)
			}
			if r := get(true); r.StatusCode != 200 || r.Header.Get("Cache-Control") != "private, no-cache" {
				t.Fatalf("owner's download: %d, Cache-Control %q", r.StatusCode, r.Header.Get("Cache-Control"))
			}
			if err := a.Catalog.Delete(ctx, u, d.ID); err != nil {
				t.Fatal(err)
			}
			if r := get(true); r.StatusCode != 410 {
				t.Fatalf("file of a deleted dataset: %d, want 410", r.StatusCode)
			}
		})
	}
}
