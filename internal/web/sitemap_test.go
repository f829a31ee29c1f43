package web

import (
	"os"
	"regexp"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/oauth"
)

// TestSitemapCoversRoutes fails when a page a visitor can open by its
// address is missing from the site map: every GET route without a
// parameter is there, or is reached only from a link or a step.
func TestSitemapCoversRoutes(t *testing.T) {
	notListed := map[string]bool{"/confirm": true, "/email/confirm": true, "/password/reset": true, "/setup": true,
		"/login/two-factor": true, "/login/two-factor/enrol": true, oauth.PathLogin: true, "/static/": true, "/favicon.ico": true}
	s := &Server{oauth: new(oauth.Service)}
	listed := map[string]bool{}
	for _, v := range []*visitor{{}, {SignedIn: true, User: account.User{Sysadmin: true}}} {
		for _, sec := range s.sitemap(v) {
			for _, l := range sec.Links {
				listed[l.Href] = true
			}
		}
	}
	routeRE := regexp.MustCompile(`"GET (/[^"{]*)(\{\$\})?"`)
	n := 0
	for _, f := range []string{"web.go", "twofactor.go"} {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range routeRE.FindAllStringSubmatch(string(src), -1) {
			n++
			if !listed[m[1]] && !notListed[m[1]] {
				t.Errorf("GET %s is not in the site map", m[1])
			}
		}
	}
	if n < 20 {
		t.Fatalf("found only %d routes: the scan is broken", n)
	}
	for _, p := range legalPages {
		if !listed["/"+p.name] {
			t.Errorf("/%s is not in the site map", p.name)
		}
	}
}
