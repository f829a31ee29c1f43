package app_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestDatasetSearchFilters: the dataset search page filters by tag,
// license and organization, as the API does, and names an unknown
// organization instead of ignoring it.
func TestDatasetSearchFilters(t *testing.T) {
	a, base := start(t, testConfig(t, testdb.Backends()[0]))
	ctx := context.Background()
	u, _ := a.Accounts.CreateUser(ctx, account.NewUser{Email: "u@example.org", FirstName: "U", LastName: "T",
		Password: "Secret123", Confirmed: true})
	o, err := a.Orgs.Create(ctx, u, org.Input{Name: "Régie des transports", Description: "Réseau"}, true)
	if err != nil {
		t.Fatal(err)
	}
	bus := catalogInput("Horaires des bus")
	bus.Tags, bus.OrgID = []string{"bus"}, o.ID
	tram := catalogInput("Arrêts du tram")
	tram.Tags, tram.License = []string{"tram"}, "cc-by"
	if _, err := a.Catalog.Create(ctx, u, bus); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Catalog.Create(ctx, u, tram); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		query     string
		status    int
		want, not string
	}{
		{"tag=bus", 200, "Horaires des bus", "Arrêts du tram"},
		{"license=cc-by", 200, "Arrêts du tram", "Horaires des bus"},
		{"organization=" + o.Slug, 200, "Horaires des bus", "Arrêts du tram"},
		{"organization=nulle-part", 400, "Organisation inconnue", "Horaires des bus"},
	} {
		res, err := http.Get(base + "/datasets?" + c.query)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		page := string(b)
		if res.StatusCode != c.status || !strings.Contains(page, c.want) || strings.Contains(page, c.not) {
			t.Errorf("/datasets?%s: %d, want %d with %q and without %q", c.query, res.StatusCode, c.status, c.want, c.not)
		}
	}
}

// TestOrgSearchBadgeFilter: the organization directory filters by badge
// and keeps the filter across pages; an unknown badge is a 400.
func TestOrgSearchBadgeFilter(t *testing.T) {
	a, base := start(t, testConfig(t, testdb.Backends()[0]))
	ctx := context.Background()
	admin, _ := a.Accounts.CreateUser(ctx, account.NewUser{Email: "s@example.org", FirstName: "S", LastName: "A",
		Password: "Secret123", Confirmed: true, Sysadmin: true})
	lyon, err := a.Orgs.Create(ctx, admin, org.Input{Name: "Métropole de Lyon", Description: "d"}, true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Orgs.Create(ctx, admin, org.Input{Name: "Association des usagers", Description: "d"}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Orgs.AddBadge(ctx, admin, lyon.ID, "local-authority"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		query     string
		status    int
		want, not string
	}{
		{"badge=local-authority", 200, "Métropole de Lyon", "Association des usagers"},
		{"badge=", 200, "Association des usagers", "Badge inconnu"},
		{"badge=bogus", 400, "Badge inconnu", "Métropole de Lyon"},
	} {
		res, err := http.Get(base + "/organizations?" + c.query)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != c.status || !strings.Contains(string(b), c.want) || strings.Contains(string(b), c.not) {
			t.Errorf("/organizations?%s: %d, want %d with %q and without %q", c.query, res.StatusCode, c.status, c.want, c.not)
		}
	}
}
