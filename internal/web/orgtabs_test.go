package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

var tabsRE = regexp.MustCompile(`(?s)<nav class="tabs" aria-label="Rubriques de l’organisation" id="org-tabs">(.*?)</nav>`)

// tabs returns the organization tabs of a page: each label, and which one
// is the current page.
func tabs(t *testing.T, body string) (labels []string, current string) {
	t.Helper()
	m := tabsRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no organization tabs on the page")
	}
	for _, a := range regexp.MustCompile(`<a href="[^"]+"( aria-current="page")?>([^<]+)`).FindAllStringSubmatch(m[1], -1) {
		label := strings.TrimSpace(a[2])
		labels = append(labels, label)
		if a[1] != "" {
			current = label
		}
	}
	return labels, current
}

// TestOrgTabs: an organization's page has the tabs "Informations" and "Jeux
// de données" for everyone, "Membres" for its admins; each tab's URL marks
// its tab current, and the datasets tab lists what the visitor may see.
func TestOrgTabs(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		admin := e.signedIn("alice@example.org")
		r := admin.post("/organizations/new", url.Values{"name": {"Métropole du Grand Paris"},
			"description": {"Mobilité"}, "business_number_id": {"200054781"}, "confirm_duplicates": {"on"}})
		slug, _, _ := strings.Cut(strings.TrimPrefix(r.header.Get("Location"), "/organizations/"), "?")
		if r.status != 303 || slug == "" {
			t.Fatalf("creating the organization: %d", r.status)
		}
		alice, err := account.NewStore(db).UserByEmail(ctx, "alice@example.org")
		if err != nil {
			t.Fatal(err)
		}
		o, err := e.Orgs.Get(ctx, slug)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range []catalog.Input{
			{Title: "Horaires du réseau de bus", Description: "GTFS", License: "lov2", OrgID: o.ID},
			{Title: "Comptages vélo", Description: "Brouillon", License: "lov2", OrgID: o.ID, Draft: true},
		} {
			if _, err := e.Catalog.Create(ctx, alice, in); err != nil {
				t.Fatal(err)
			}
		}
		base := "/organizations/" + slug
		anon := e.browser()
		cases := []struct {
			who          string
			b            *browser
			path         string
			labels       string
			current      string
			shows, hides []string
		}{
			{"visitor", anon, base, "Informations|Jeux de données 1", "Informations", []string{"200054781", "Mobilité", `<dd id="org-contact">Ses administrateurs et administratrices : <a href="/users/`}, []string{"Horaires du réseau"}},
			{"visitor", anon, base + "/datasets", "Informations|Jeux de données 1", "Jeux de données 1", []string{"Horaires du réseau"}, []string{"Comptages vélo"}},
			{"admin", admin, base, "Informations|Jeux de données 2|Membres", "Informations", []string{"200054781"}, nil},
			{"admin", admin, base + "/datasets", "Informations|Jeux de données 2|Membres", "Jeux de données 2", []string{"Horaires du réseau", "Comptages vélo", "brouillon"}, nil},
			{"admin", admin, base + "/members", "Informations|Jeux de données 2|Membres", "Membres", []string{`id="invite"`}, nil},
		}
		for _, c := range cases {
			r := c.b.get(c.path)
			if r.status != 200 {
				t.Fatalf("%s GET %s: %d", c.who, c.path, r.status)
			}
			labels, current := tabs(t, strings.NewReplacer(` <span class="tag">`, " ", "</span>", "").Replace(r.body))
			if got := strings.Join(labels, "|"); got != c.labels || current != c.current {
				t.Errorf("%s GET %s: tabs %q, current %q; want %q, current %q", c.who, c.path, got, current, c.labels, c.current)
			}
			for _, s := range c.shows {
				if !strings.Contains(r.body, s) {
					t.Errorf("%s GET %s: %q missing", c.who, c.path, s)
				}
			}
			for _, s := range c.hides {
				if strings.Contains(r.body, s) {
					t.Errorf("%s GET %s: %q shown", c.who, c.path, s)
				}
			}
		}
		if r := anon.get(base + "/members"); r.status != 303 && r.status != 403 {
			t.Errorf("visitor GET members: %d, want the login page or 403", r.status)
		}
		if r := anon.get("/organizations/nope/datasets"); r.status != 404 {
			t.Errorf("unknown organization's datasets: %d, want 404", r.status)
		}
	})
}
