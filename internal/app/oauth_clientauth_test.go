package app_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/oauth"
	"github.com/socle-portal/socle/internal/testdb"
)

// exchange posts a token request with the given body and, when basicID is
// not empty, an Authorization: Basic header; it returns the status and the
// decoded JSON answer.
func exchange(t *testing.T, p *portal, form url.Values, basicID, basicSecret string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("POST", p.base+"/oauth/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	if basicID != "" {
		req.SetBasicAuth(basicID, basicSecret)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	var out map[string]any
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatalf("token answer %d is not JSON: %s", res.StatusCode, body)
	}
	return res.StatusCode, out
}

// code runs the authorization as transport.data.gouv.fr does: a
// confidential client, scope default, no state, no PKCE.
func (p *portal) code(t *testing.T, br *browser) string {
	t.Helper()
	q, _ := br.authorize(p.base+"/oauth/authorize?"+url.Values{"response_type": {"code"},
		"client_id": {p.client.ID}, "redirect_uri": {redirectURI}, "scope": {"default"}}.Encode(), "allow")
	if q.Get("code") == "" {
		t.Fatalf("no code: %v", q)
	}
	return q.Get("code")
}

// TestOAuthTokenBothCredentials: a client may send its id and secret both
// in the body and in Authorization: Basic when they agree, as udata
// accepts; copies that differ are refused as invalid_client, 401.
func TestOAuthTokenBothCredentials(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(string(b), func(t *testing.T) {
			p := newPortal(t, testConfig(t, b), oauth.NewClient{}, false)
			br := newHTTPBrowser(t)
			br.login(p.base, "olga@example.org")
			form := func(code string) url.Values {
				return url.Values{"grant_type": {"authorization_code"}, "code": {code}, "redirect_uri": {redirectURI},
					"client_id": {p.client.ID}, "client_secret": {p.secret}}
			}

			refused := []struct {
				name       string
				id, secret string
				edit       func(url.Values)
			}{
				{"another secret in the header", p.client.ID, p.secret + "x", nil},
				{"another client in the header", "someone-else", p.secret, nil},
				{"another secret in the body", p.client.ID, p.secret, func(v url.Values) { v.Set("client_secret", "nope") }},
				{"another client in the body, no secret there", p.client.ID, p.secret, func(v url.Values) {
					v.Set("client_id", "someone-else")
					v.Del("client_secret")
				}},
			}
			for _, c := range refused {
				f := form(p.code(t, br))
				if c.edit != nil {
					c.edit(f)
				}
				st, out := exchange(t, p, f, c.id, c.secret)
				if st != http.StatusUnauthorized || out["error"] != "invalid_client" {
					t.Errorf("%s: %d %v, want 401 invalid_client", c.name, st, out)
				}
			}

			accepted := []struct {
				name       string
				id, secret string
				edit       func(url.Values)
			}{
				{"both, the same", p.client.ID, p.secret, nil},
				{"header only", p.client.ID, p.secret, func(v url.Values) { v.Del("client_id"); v.Del("client_secret") }},
				{"body only", "", "", nil},
				{"header, and the id alone in the body", p.client.ID, p.secret, func(v url.Values) { v.Del("client_secret") }},
			}
			for _, c := range accepted {
				f := form(p.code(t, br))
				if c.edit != nil {
					c.edit(f)
				}
				st, out := exchange(t, p, f, c.id, c.secret)
				if st != http.StatusOK || out["access_token"] == nil || out["token_type"] != "Bearer" {
					t.Errorf("%s: %d %v, want 200 with an access token", c.name, st, out)
				}
			}

			// Revocation takes both copies too.
			st, out := exchange(t, p, form(p.code(t, br)), p.client.ID, p.secret)
			if st != http.StatusOK {
				t.Fatalf("exchange: %d %v", st, out)
			}
			for _, c := range []struct {
				secret string
				want   int
			}{{p.secret + "x", http.StatusUnauthorized}, {p.secret, http.StatusOK}} {
				req, _ := http.NewRequest("POST", p.base+"/oauth/revoke", strings.NewReader(url.Values{"token": {str(out["access_token"])},
					"client_id": {p.client.ID}, "client_secret": {p.secret}}.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.SetBasicAuth(p.client.ID, c.secret)
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != c.want {
					t.Errorf("revoke with header secret %q: %d, want %d", c.secret, res.StatusCode, c.want)
				}
			}
			if st, _ := apiStatus(t, "GET", p.base+"/api/1/me/", str(out["access_token"]), ""); st != http.StatusUnauthorized {
				t.Errorf("revoked token: %d, want 401", st)
			}
		})
	}
}

// TestClientAdminPageTokenTTL: the sysadmins' form sets a client's access
// token lifetime; one out of bounds is refused on its field.
func TestClientAdminPageTokenTTL(t *testing.T) {
	p := newPortal(t, testConfig(t, testdb.Backends()[0]), oauth.NewClient{}, true)
	br := newHTTPBrowser(t)
	br.login(p.base, "olga@example.org")
	_, page := br.get(p.base + "/admin/oauth")
	form := func(ttl string) url.Values {
		return url.Values{"name": {"transport.data.gouv.fr"}, "redirect_uris": {"https://transport.example.org/login/callback"},
			"kind": {"confidential"}, "scopes": {"default"}, "token_ttl": {ttl}}
	}
	if res, body := br.post(p.base+"/admin/oauth", form("1m"), page); res.StatusCode != 422 ||
		!strings.Contains(body, "Une durée de 5 minutes à 365 jours") {
		t.Fatalf("a lifetime of one minute: %d", res.StatusCode)
	}
	if res, body := br.post(p.base+"/admin/oauth", form("30d"), page); res.StatusCode != 201 || !strings.Contains(body, "720h0m0s") {
		t.Fatalf("registering with 30d: %d", res.StatusCode)
	}
	cs, err := p.app.OAuth.Clients(context.Background(), account.User{Sysadmin: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if want := map[bool]time.Duration{true: 720 * time.Hour, false: oauth.AccessTTL}[c.Name == "transport.data.gouv.fr"]; c.AccessTTL() != want {
			t.Errorf("client %q: lifetime %v, want %v", c.Name, c.AccessTTL(), want)
		}
	}
}
