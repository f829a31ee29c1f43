package web_test

import (
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
	"github.com/socle-portal/socle/internal/testenv"
	"github.com/socle-portal/socle/internal/web"
)

// TestLegalPages: every page's footer links to the pages French public
// sites must have; the built-in texts say the portal is partially compliant
// and how it was checked, in both languages, with the support address.
func TestLegalPages(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		b := e.browser()
		for _, path := range []string{"/", "/nope", "/login", "/datasets", "/plan-du-site"} {
			r := b.get(path)
			for _, link := range []string{`href="/plan-du-site"`, `href="/accessibilite" id="footer-a11y">Accessibilité : partiellement conforme<`,
				`href="/mentions-legales"`, `href="/donnees-personnelles"`, `href="/contact"`, `href="/terms"`} {
				if !strings.Contains(r.body, link) {
					t.Errorf("GET %s: the footer has no %s", path, link)
				}
			}
		}
		pages := []struct{ path, fr, en string }{
			{"/accessibilite", "<strong>partiellement conforme</strong>", "<strong>partially compliant</strong>"},
			{"/accessibilite", "Aucun audit manuel", "No manual RGAA compliance audit"},
			{"/accessibilite", "axe-core", "axe-core"},
			{"/mentions-legales", "<h1>Mentions légales</h1>", "<h1>Legal notices</h1>"},
			{"/donnees-personnelles", "<h1>Données personnelles</h1>", "<h1>Personal data</h1>"},
			{"/donnees-personnelles", "mailto:" + testenv.SupportEmail, "mailto:" + testenv.SupportEmail},
		}
		for _, p := range pages {
			if r := b.get(p.path); r.status != 200 || !strings.Contains(r.body, p.fr) || strings.Contains(r.body, "{site}") {
				t.Errorf("GET %s: %d, want %q", p.path, r.status, p.fr)
			}
		}
		b.post("/lang", url.Values{"lang": {"en"}, "next": {"/"}})
		for _, p := range pages {
			if r := b.get(p.path); r.status != 200 || !strings.Contains(r.body, p.en) {
				t.Errorf("GET %s in English: %d, want %q", p.path, r.status, p.en)
			}
		}
	})
}

// TestLegalPages_operatorTexts: the operator's markdown replaces socle's,
// through the sanitizing renderer; an English file is optional; the footer
// says the compliance status the operator sets.
func TestLegalPages_operatorTexts(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("accessibilite.md", "## Audit\n\nAudit RGAA du 3 mars par Access42 : 100 % des critères.<script>alert(1)</script>\n")
	write("mentions-legales.md", "Édité par la **Métropole** ({site}).")
	write("mentions-legales.en.md", "Published by the **Metropolis**.")
	db := testdb.Open(t, sqldb.SQLite)
	e := newEnvConfig(t, db, func(c *web.Config) { c.PagesDir, c.Accessibility, c.SiteName = dir, "full", "Mobilités" })
	b := e.browser()
	cases := []struct{ path, want, not string }{
		{"/accessibilite", "<h2>Audit</h2>", "<script>"},
		{"/accessibilite", "Accessibilité : totalement conforme", "partiellement"},
		{"/mentions-legales", "Édité par la <strong>Métropole</strong> (Mobilités).", "Hébergement"},
		{"/donnees-personnelles", "Cookies", ""}, // not replaced: socle's text
	}
	for _, c := range cases {
		r := b.get(c.path)
		if r.status != 200 || !strings.Contains(r.body, c.want) || (c.not != "" && strings.Contains(r.body, c.not)) {
			t.Errorf("GET %s: %d, want %q and no %q", c.path, r.status, c.want, c.not)
		}
	}
	b.post("/lang", url.Values{"lang": {"en"}, "next": {"/"}})
	if r := b.get("/mentions-legales"); !strings.Contains(r.body, "Published by the <strong>Metropolis</strong>.") {
		t.Errorf("the operator's English text is not shown")
	}
	if r := b.get("/accessibilite"); !strings.Contains(r.body, "Audit RGAA du 3 mars") {
		t.Errorf("without an English file, the operator's text is not shown in English")
	}
	if _, err := web.New(web.Deps{}, web.Config{Accessibility: "mostly"}, slog.New(slog.DiscardHandler)); err == nil {
		t.Errorf("an unknown accessibility status is accepted")
	}
}

// TestSitemap: the site map lists what the visitor can reach.
func TestSitemap(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		support := e.browser()
		if r := support.post("/login", url.Values{"email": {e.Sysadmin(t).Email}, "password": {testenv.Password}}); r.status != 303 {
			t.Fatalf("sysadmin login: %d", r.status)
		}
		cases := []struct {
			who        string
			b          *browser
			has, hasnt []string
		}{
			{"visitor", e.browser(), []string{"/datasets", "/organizations", "/login", "/signup", "/accessibilite", "/api/1/swagger/"}, []string{"/account/sessions", "/support"}},
			{"member", e.signedIn("alice@example.org"), []string{"/producer", "/account/sessions", "/datasets/new", "/mentions-legales"}, []string{"/login\"", "/support"}},
			{"sysadmin", support, []string{"/support", "/account"}, []string{"/signup"}},
		}
		for _, c := range cases {
			r := c.b.get("/plan-du-site")
			_, sitemap, _ := strings.Cut(r.body, `<div class="sitemap">`)
			sitemap, _, _ = strings.Cut(sitemap, "</main>")
			for _, h := range c.has {
				if !strings.Contains(sitemap, `href="`+h) {
					t.Errorf("%s's site map has no %s", c.who, h)
				}
			}
			for _, h := range c.hasnt {
				if strings.Contains(sitemap, `href="`+h) {
					t.Errorf("%s's site map has %s", c.who, h)
				}
			}
		}
	})
}
