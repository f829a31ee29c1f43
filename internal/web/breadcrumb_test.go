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
	"github.com/socle-portal/socle/internal/testenv"
)

var (
	breadcrumbRE = regexp.MustCompile(`(?s)<nav class="fr-breadcrumb" aria-label="Vous êtes ici :">\s*<ol class="fr-breadcrumb__list">(.*?)</ol>`)
	crumbRE      = regexp.MustCompile(`<li><a class="fr-breadcrumb__link" (?:href="([^"]+)"|aria-current="page")>([^<]+)</a></li>`)
)

// breadcrumb reads a page's breadcrumb as "label (link) > ... > current", or
// "" when the page has none.
func breadcrumb(body string) string {
	m := breadcrumbRE.FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	var steps []string
	for _, c := range crumbRE.FindAllStringSubmatch(m[1], -1) {
		if c[1] != "" {
			steps = append(steps, c[2]+" ("+c[1]+")")
		} else {
			steps = append(steps, "["+c[2]+"]")
		}
	}
	return strings.Join(steps, " > ")
}

// TestBreadcrumbs: inner pages say where they are, as DSFR's breadcrumb
// does (a nav named for screen readers, a list, the current page marked);
// the home page and error pages have none.
func TestBreadcrumbs(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		admin := e.signedIn("alice@example.org")
		admin.post("/organizations/new", url.Values{"name": {"Rennes Métropole"}, "description": {"d"}, "confirm_duplicates": {"on"}})
		o, err := e.Orgs.Get(ctx, "rennes-metropole")
		if err != nil {
			t.Fatal(err)
		}
		alice, _ := account.NewStore(db).UserByEmail(ctx, "alice@example.org")
		if _, err := e.Catalog.Create(ctx, alice, catalog.Input{Title: "Vélos", Description: "d", License: "lov2", OrgID: o.ID}); err != nil {
			t.Fatal(err)
		}
		support := e.browser()
		if r := support.post("/login", url.Values{"email": {e.Sysadmin(t).Email}, "password": {testenv.Password}}); r.status != 303 {
			t.Fatalf("sysadmin login: %d", r.status)
		}
		org := "Accueil (/) > Organisations (/organizations) > "
		cases := []struct {
			b          *browser
			path, want string
		}{
			{e.browser(), "/", ""},
			{e.browser(), "/nope", ""},
			{e.browser(), "/datasets", "Accueil (/) > [Jeux de données]"},
			{e.browser(), "/organizations/rennes-metropole", org + "[Rennes Métropole]"},
			{e.browser(), "/organizations/rennes-metropole/datasets", org + "Rennes Métropole (/organizations/rennes-metropole) > [Jeux de données]"},
			{admin, "/organizations/rennes-metropole/members", org + "Rennes Métropole (/organizations/rennes-metropole) > [Membres]"},
			{admin, "/organizations/rennes-metropole/edit", org + "Rennes Métropole (/organizations/rennes-metropole) > [Modifier l’organisation]"},
			{admin, "/organizations/new", org + "[Créer une organisation]"},
			{e.browser(), "/datasets/velos", org + "Rennes Métropole (/organizations/rennes-metropole) > [Vélos]"},
			{admin, "/datasets/velos/edit", "Accueil (/) > Jeux de données (/datasets) > Vélos (/datasets/velos) > [Modifier le jeu de données]"},
			{admin, "/datasets/new", "Accueil (/) > Jeux de données (/datasets) > [Nouveau jeu de données]"},
			{admin, "/account", "Accueil (/) > [Mon compte]"},
			{admin, "/account/sessions", "Accueil (/) > Mon compte (/account) > [Sessions]"},
			{support, "/support", "Accueil (/) > [File du support]"},
		}
		for _, c := range cases {
			r := c.b.get(c.path)
			if got := breadcrumb(r.body); got != c.want {
				t.Errorf("GET %s (%d): breadcrumb\n%q, want\n%q", c.path, r.status, got, c.want)
			}
		}
	})
}
