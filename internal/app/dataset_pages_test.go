package app_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestDatasetPageAddsLinks: an editor adds a remote resource from the
// dataset page; a link without an address comes back with the problem and
// what was typed.
func TestDatasetPageAddsLinks(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(string(b), func(t *testing.T) {
			a, base := start(t, testConfig(t, b))
			ctx := context.Background()
			u, _ := a.Accounts.CreateUser(ctx, account.NewUser{Email: "olga@example.org", FirstName: "Olga",
				Password: "Secret123", LastName: "P", Confirmed: true})
			d, err := a.Catalog.Create(ctx, u, catalogInput("Réseau de bus"))
			if err != nil {
				t.Fatal(err)
			}
			br := newHTTPBrowser(t)
			br.login(base, "olga@example.org")
			_, page := br.get(base + "/datasets/" + d.Slug)
			res, body := br.post(base+"/datasets/"+d.Slug+"/resources", url.Values{"title": {"Temps réel"},
				"url": {""}, "type": {"api"}, "format": {"gtfs-rt"}}, page)
			if res.StatusCode != 422 || !strings.Contains(body, `value="Temps réel"`) || !strings.Contains(body, `id="link-url-err"><p class="error">`) {
				t.Fatalf("link without an address: %d", res.StatusCode)
			}
			res, _ = br.post(base+"/datasets/"+d.Slug+"/resources", url.Values{"title": {"Temps réel"},
				"url": {"https://transport.example.org/gtfs-rt"}, "type": {"api"}, "format": {"gtfs-rt"}}, page)
			list, _ := a.Catalog.Resources(ctx, d.ID)
			if res.StatusCode != 200 || len(list) != 1 || list[0].URL != "https://transport.example.org/gtfs-rt" ||
				list[0].Type != "api" || list[0].Format != "gtfs-rt" {
				t.Fatalf("link: %d %+v", res.StatusCode, list)
			}
		})
	}
}
