package app_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/oauth"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestOAuthUnredirectableErrors: what cannot go back to the client is told
// in the portal's own page, in the visitor's language, with a 400.
func TestOAuthUnredirectableErrors(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(string(b), func(t *testing.T) {
			p := newPortal(t, testConfig(t, b), oauth.NewClient{}, false)
			good := url.Values{"client_id": {p.client.ID}, "redirect_uri": {redirectURI}, "response_type": {"code"},
				"scope": {"openid"}, "state": {"s"}}
			with := func(k, v string) string {
				q := url.Values{}
				for kk, vv := range good {
					q[kk] = vv
				}
				if v == "" {
					q.Del(k)
				} else {
					q.Set(k, v)
				}
				return p.base + oauth.PathAuthorize + "?" + q.Encode()
			}
			cases := map[string]string{
				"unknown client":              with("client_id", "<script>alert(1)</script>"),
				"unregistered redirect_uri":   with("redirect_uri", "https://evil.example/cb"),
				"no client_id":                with("client_id", ""),
				"no redirect_uri":             with("redirect_uri", ""),
				"callback of no request":      p.base + oauth.PathCallback,
				"callback of unknown request": p.base + oauth.PathCallback + "?id=nope",
			}
			for name, u := range cases {
				for lang, title := range map[string]string{"fr": "Demande", "en": "request"} {
					req, _ := http.NewRequest("GET", u, nil)
					req.Header.Set("Accept-Language", lang)
					res, err := http.DefaultTransport.RoundTrip(req)
					if err != nil {
						t.Fatal(err)
					}
					body := readAll(res)
					if res.StatusCode != 400 && !(strings.Contains(name, "callback") && res.StatusCode == 403) {
						t.Errorf("%s (%s): status %d, want 400", name, lang, res.StatusCode)
					}
					if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") || !strings.Contains(body, `id="error-title"`) ||
						!strings.Contains(body, title) || res.Header.Get("Location") != "" {
						t.Errorf("%s (%s): not the portal's page: %s %q\n%.300s", name, lang, res.Header.Get("Content-Type"),
							res.Header.Get("Location"), body)
					}
					if strings.Contains(body, "<script>alert") {
						t.Errorf("%s (%s): the page repeats the request unescaped", name, lang)
					}
				}
			}
			// What can go back to the client still does, as an OAuth error.
			res, _ := http.DefaultTransport.RoundTrip(mustRequest(t, with("response_type", "token")))
			if loc := res.Header.Get("Location"); !strings.HasPrefix(loc, redirectURI) || !strings.Contains(loc, "error=") {
				t.Fatalf("a redirectable error: %d %s", res.StatusCode, loc)
			}
		})
	}
}

func mustRequest(t *testing.T, u string) *http.Request {
	t.Helper()
	req, err := http.NewRequest("GET", u, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func readAll(res *http.Response) string {
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}
