package web

import "testing"

// Known ways past a same-site check: each must fall back, whether it comes
// as typed or percent-encoded (once or twice, as a link may carry it).
func TestLocalPathRefusesOffSiteTargets(t *testing.T) {
	bad := []string{
		"", "account", "//evil.example", "///evil.example", "/\\evil.example", "\\/\\/evil.example",
		"/\t/evil.example/", "/\n/evil.example/", "/\r/evil.example", "/%09/evil.example/", "/%0a/evil.example/",
		"/%0d/evil.example", "/%0A/evil.example", "/%2509/evil.example", "/%5cevil.example", "/%5Cevil.example",
		"/%2f/evil.example", "/%2F%2Fevil.example", "/%252f/evil.example", "%2f%2fevil.example",
		"https://evil.example", "https:evil.example", "http:/evil.example", "javascript:alert(1)",
		"JaVaScRiPt:alert(1)", "data:text/html,x", " //evil.example", "/\x00/evil.example", "/%00/evil.example",
		"/\x7f/evil.example", "/a\\b", "/\u0085/evil.example", "/%",
	}
	for _, next := range bad {
		if got := localPath(next, "/account"); got != "/account" {
			t.Errorf("localPath(%q) = %q, want the fallback", next, got)
		}
	}
	good := []string{
		"/", "/account", "/organizations/metropole-du-grand-paris/", "/oauth/login?id=abc&x=1",
		"/datasets?q=saint%20etienne", "/organizations?q=m%C3%A9tropole", "/a/b#c",
	}
	for _, next := range good {
		if got := localPath(next, "/account"); got != next {
			t.Errorf("localPath(%q) = %q, want it kept", next, got)
		}
	}
}
