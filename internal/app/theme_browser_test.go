package app_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/socle-portal/socle/internal/testdb"
)

// TestBrowserOperatorTheme: a portal with its own name, logo, colour and
// legal texts passes the same page checks, and the colour reaches the
// buttons through the style's custom property.
func TestBrowserOperatorTheme(t *testing.T) {
	cfg := testConfig(t, testdb.Backends()[0])
	dir := t.TempDir()
	logo := `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><circle cx="24" cy="24" r="22" fill="#1f4e79"/></svg>`
	if err := os.WriteFile(filepath.Join(dir, "logo.svg"), []byte(logo), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "accessibilite.md"), []byte("## Audit\n\nAudit RGAA réalisé le 3 mars."), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg.SiteName, cfg.Logo, cfg.PrimaryColor, cfg.PagesDir = "Mobilités Grand Paris", filepath.Join(dir, "logo.svg"), "#1f4e79", dir
	_, base := start(t, cfg)
	br := newBrowser(t)
	for _, p := range []struct{ name, path string }{{"home", "/"}, {"accessibility", "/accessibilite"}, {"signup", "/signup"}} {
		if err := chromedp.Do(br, chromedp.Navigate(base+p.path), chromedp.WaitVisible(css("main h1"))); err != nil {
			t.Fatalf("%s: %v", p.path, err)
		}
		checkPage(t, br, "theme-"+p.name)
	}
	bg, err := chromedp.Run(br, chromedp.Evaluate[string](`getComputedStyle(document.querySelector("main button[type=submit]")).backgroundColor`))
	if err != nil || bg != "rgb(31, 78, 121)" {
		t.Errorf("the sign-up button is %q (%v), want the operator's colour rgb(31, 78, 121)", bg, err)
	}
	loaded, err := chromedp.Run(br, chromedp.Evaluate[bool](`document.querySelector(".brand-logo").complete && document.querySelector(".brand-logo").naturalWidth > 0`))
	if err != nil || !loaded {
		t.Errorf("the operator's logo did not load: %v", err)
	}
}
