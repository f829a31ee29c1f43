package web_test

import (
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
	"github.com/socle-portal/socle/internal/web"
)

// TestTheme_default: DSFR's look without claiming to be a state site, and
// socle's favicon.
func TestTheme_default(t *testing.T) {
	e := newEnv(t, testdb.Open(t, sqldb.SQLite))
	b := e.browser()
	home := b.get("/")
	css := b.get("/static/style.css")
	for _, s := range []string{"Marianne", "République française", "fr-header__logo"} {
		if strings.Contains(home.body, s) || strings.Contains(css.body, s) {
			t.Errorf("the default theme claims to be a state site: %q", s)
		}
	}
	if !strings.Contains(home.body, `<link rel="icon" href="/static/favicon.svg">`) || strings.Contains(home.body, "/brand/") {
		t.Errorf("home page: want socle's favicon and no operator's file")
	}
	if r := b.get("/static/favicon.svg"); r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "image/svg+xml") {
		t.Errorf("favicon: %d %s", r.status, r.header.Get("Content-Type"))
	}
	if r := b.get("/favicon.ico"); r.status != 302 || r.header.Get("Location") != "/static/favicon.svg" {
		t.Errorf("/favicon.ico: %d %s", r.status, r.header.Get("Location"))
	}
}

// TestTheme_operator: the operator's name, logo, favicon and colour show
// on every page; the colour reaches the style through a custom property.
func TestTheme_operator(t *testing.T) {
	dir := t.TempDir()
	png := []byte("\x89PNG\r\n\x1a\n fake")
	os.WriteFile(filepath.Join(dir, "logo.png"), png, 0o600)
	os.WriteFile(filepath.Join(dir, "icon.svg"), []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), 0o600)
	e := newEnvConfig(t, testdb.Open(t, sqldb.SQLite), func(c *web.Config) {
		c.SiteName, c.Logo, c.Favicon, c.PrimaryColor = "Mobilités Grand Paris", filepath.Join(dir, "logo.png"), filepath.Join(dir, "icon.svg"), "#1F4E79"
	})
	b := e.browser()
	home := b.get("/nope")
	find := func(re string) string {
		m := regexp.MustCompile(re).FindStringSubmatch(home.body)
		if m == nil {
			t.Fatalf("no %s on the page", re)
		}
		return m[1]
	}
	theme := find(`<link rel="stylesheet" href="(/brand/theme\.css\?v=[0-9a-f]+)">`)
	logo := find(`<img src="(/brand/logo\?v=[0-9a-f]+)" alt="" class="brand-logo"><span>Mobilités Grand Paris</span>`)
	icon := find(`<link rel="icon" href="(/brand/favicon\?v=[0-9a-f]+)">`)
	if r := b.get(theme); r.status != 200 || !strings.Contains(r.body, "--primary: #1f4e79;") || !strings.HasPrefix(r.header.Get("Content-Type"), "text/css") {
		t.Errorf("theme: %d %s %q", r.status, r.header.Get("Content-Type"), r.body)
	}
	if r := b.get(logo); r.status != 200 || r.body != string(png) || r.header.Get("Content-Type") != "image/png" {
		t.Errorf("logo: %d %s", r.status, r.header.Get("Content-Type"))
	}
	if r := b.get(icon); r.status != 200 || r.header.Get("Content-Type") != "image/svg+xml" ||
		!strings.Contains(r.header.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("favicon: %d %s, want an SVG served sandboxed", r.status, r.header)
	}
	if r := b.get("/favicon.ico"); r.header.Get("Location") != icon {
		t.Errorf("/favicon.ico goes to %q, want %q", r.header.Get("Location"), icon)
	}
	if r := b.get("/brand/secret"); r.status != 404 {
		t.Errorf("/brand/secret: %d", r.status)
	}
}

// TestTheme_remoteLogo: a logo by URL is shown, and the page's CSP lets
// just its origin in.
func TestTheme_remoteLogo(t *testing.T) {
	e := newEnvConfig(t, testdb.Open(t, sqldb.SQLite), func(c *web.Config) { c.Logo = "https://cdn.example.org/logo.svg" })
	r := e.browser().get("/")
	if !strings.Contains(r.body, `<img src="https://cdn.example.org/logo.svg"`) ||
		!strings.Contains(r.header.Get("Content-Security-Policy"), "img-src 'self' data: https://cdn.example.org;") {
		t.Errorf("remote logo: CSP %q", r.header.Get("Content-Security-Policy"))
	}
}

// TestTheme_invalid: settings that cannot work stop the start, saying why.
func TestTheme_invalid(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "logo.txt"), []byte("x"), 0o600)
	os.WriteFile(filepath.Join(dir, "big.png"), make([]byte, 2<<20), 0o600)
	cases := []struct {
		name string
		cfg  web.Config
		want string
	}{
		{"a colour name", web.Config{PrimaryColor: "blue"}, "#rrggbb"},
		{"too light for white text", web.Config{PrimaryColor: "#ffff00"}, "contrast"},
		{"CSS injection", web.Config{PrimaryColor: "#000;} body{display:none"}, "#rrggbb"},
		{"not an image", web.Config{Logo: filepath.Join(dir, "logo.txt")}, ".svg"},
		{"missing file", web.Config{Favicon: filepath.Join(dir, "none.png")}, "favicon"},
		{"too big", web.Config{Logo: filepath.Join(dir, "big.png")}, "1 MiB"},
		{"plain http", web.Config{Logo: "http://example.org/logo.png"}, "https://"},
	}
	for _, c := range cases {
		_, err := web.New(web.Deps{}, c.cfg, slog.New(slog.DiscardHandler))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error saying %q", c.name, err, c.want)
		}
	}
}
