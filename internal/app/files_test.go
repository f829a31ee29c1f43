package app_test

import (
	"context"
	"net/http"
	"os"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/oauth"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestPrivateFilesNeedRights: the file of a private dataset is served to
// whoever may see the dataset, never cached by shared caches, and to nobody
// once the dataset is deleted.
func TestPrivateFilesNeedRights(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(string(b), func(t *testing.T) {
			p := newPortal(t, testConfig(t, b), oauth.NewClient{}, false)
			a, u, ctx := p.app, p.user, context.Background()
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
			br := newHTTPBrowser(t)
			br.login(p.base, "olga@example.org")
			identity, read := p.token(t, br, "openid", "profile"), p.token(t, br, "read")
			get := func(header, value string) *http.Response {
				req, _ := http.NewRequest("GET", a.Catalog.FileURL(res), nil)
				if header != "" {
					req.Header.Set(header, value)
				}
				r, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				r.Body.Close()
				return r
			}
			if r := get("", ""); r.StatusCode != 404 {
				t.Fatalf("anonymous download of a private file: %d, want 404", r.StatusCode)
			}
			if r := get("X-API-KEY", key); r.StatusCode != 200 || r.Header.Get("Cache-Control") != "private, no-cache" {
				t.Fatalf("owner's download: %d, Cache-Control %q", r.StatusCode, r.Header.Get("Cache-Control"))
			}
			if r := get("Authorization", "Bearer "+identity); r.StatusCode != 404 {
				t.Fatalf("download with an identity-only token: %d, want 404", r.StatusCode)
			}
			if r := get("Authorization", "Bearer "+read); r.StatusCode != 200 {
				t.Fatalf("download with a read token: %d, want 200", r.StatusCode)
			}
			if err := a.Catalog.Delete(ctx, u, d.ID); err != nil {
				t.Fatal(err)
			}
			if r := get("X-API-KEY", key); r.StatusCode != 410 {
				t.Fatalf("file of a deleted dataset: %d, want 410", r.StatusCode)
			}
		})
	}
}
