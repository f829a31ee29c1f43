package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/oauth2"

	"github.com/socle-portal/socle/internal/oauth"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestBrowserOAuthSignIn is a third-party tool signing a user in: the
// browser goes to the authorization endpoint, logs in, sees the consent
// screen and allows; the tool exchanges the code with golang.org/x/oauth2,
// calls the API, refreshes, and a reused refresh token is refused.
func TestBrowserOAuthSignIn(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(string(b), func(t *testing.T) {
			codes := make(chan string, 1)
			tool := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/callback" {
					codes <- r.URL.Query().Get("code") + "|" + r.URL.Query().Get("state")
					fmt.Fprint(w, `<h1 id="tool">Connecté</h1>`)
				}
			}))
			t.Cleanup(tool.Close)
			p := newPortal(t, testConfig(t, b), oauth.NewClient{RedirectURIs: []string{tool.URL + "/callback"}}, false)
			conf := p.config("openid", "profile", "default", "offline_access")
			conf.RedirectURL = tool.URL + "/callback"
			verifier := oauth2.GenerateVerifier()

			ctx := newBrowser(t)
			err := chromedp.Do(ctx,
				chromedp.Navigate(conf.AuthCodeURL("xyz", oauth2.S256ChallengeOption(verifier))),
				chromedp.WaitVisible(id("email")), // not signed in yet: the login page
				chromedp.SendKeys(id("email"), "olga@example.org"),
				chromedp.SendKeys(id("password"), "Secret123"),
				chromedp.Click(id("login-submit")),
				chromedp.WaitVisible(id("consent-allow")),
			)
			if err != nil {
				t.Fatalf("login to the consent screen: %v", err)
			}
			screenshot(t, ctx, "oauth-consent-"+string(b))
			if s := text(t, ctx, css("#consent-title")); !strings.Contains(s, "Outil de publication") {
				t.Fatalf("consent screen title: %q", s)
			}
			if s := text(t, ctx, css(".scopes")); !strings.Contains(s, "Publier et modifier des données en votre nom") {
				t.Fatalf("consent screen scopes: %q", s)
			}
			if err := chromedp.Do(ctx, chromedp.Click(id("consent-allow")), chromedp.WaitVisible(id("tool"))); err != nil {
				t.Fatalf("allowing: %v", err)
			}
			var got string
			select {
			case got = <-codes:
			case <-time.After(5 * time.Second):
				t.Fatal("the tool received no code")
			}
			code, state, _ := strings.Cut(got, "|")
			if state != "xyz" {
				t.Fatalf("state %q", state)
			}

			bg := context.Background()
			tok, err := conf.Exchange(bg, code, oauth2.VerifierOption(verifier))
			if err != nil {
				t.Fatalf("exchange: %v", err)
			}
			if st, body := apiStatus(t, "GET", p.base+"/api/1/me/", tok.AccessToken, ""); st != 200 || !strings.Contains(body, p.user.ID) {
				t.Fatalf("API with the token: %d %s", st, body)
			}
			old := *tok
			tok.Expiry = time.Now().Add(-time.Minute)
			fresh, err := conf.TokenSource(bg, tok).Token()
			if err != nil {
				t.Fatalf("refresh: %v", err)
			}
			if st, _ := apiStatus(t, "GET", p.base+"/api/1/me/", fresh.AccessToken, ""); st != 200 {
				t.Fatalf("refreshed token: %d", st)
			}
			old.Expiry = time.Now().Add(-time.Minute)
			if _, err := conf.TokenSource(bg, &old).Token(); oauthErr(err) != "invalid_grant" {
				t.Fatalf("rotated refresh token reused: %v, want invalid_grant", err)
			}
			revoke(t, p, fresh.RefreshToken)
			if st, _ := apiStatus(t, "GET", p.base+"/api/1/me/", fresh.AccessToken, ""); st != 401 {
				t.Fatalf("after revocation: %d, want 401", st)
			}

			// The connected apps page shows the tool and lets the user revoke it.
			if err := chromedp.Do(ctx, chromedp.Navigate(p.base+"/account/apps"), chromedp.WaitVisible(css("tr.app"))); err != nil {
				t.Fatalf("connected apps: %v", err)
			}
			screenshot(t, ctx, "oauth-apps-"+string(b))
		})
	}
}
