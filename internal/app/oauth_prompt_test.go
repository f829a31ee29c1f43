package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"golang.org/x/oauth2"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/app"
	"github.com/socle-portal/socle/internal/oauth"
	"github.com/socle-portal/socle/internal/testdb"
)

// clock is the portal's clock, moved forward by tests instead of sleeping;
// it keeps ticking, so two events never share an instant.
type clock struct{ offset atomic.Int64 }

func (c *clock) now() time.Time          { return time.Now().Add(time.Duration(c.offset.Load())).UTC() }
func (c *clock) forward(d time.Duration) { c.offset.Add(int64(d)) }
func withClock(cfg app.Config) (app.Config, *clock) {
	c := &clock{}
	cfg.Now = c.now
	return cfg, c
}

// clientQuery returns the query the client's redirect URI receives, or
// fails: res must be the redirect to it.
func clientQuery(t *testing.T, res *http.Response, page string) url.Values {
	t.Helper()
	loc := res.Header.Get("Location")
	if !strings.HasPrefix(loc, redirectURI) {
		t.Fatalf("did not return to the client: %d %s at %s\n%.600s", res.StatusCode, loc, res.Request.URL, page)
	}
	u, _ := url.Parse(loc)
	return u.Query()
}

// askedPassword reports whether the browser landed on the login form.
func askedPassword(res *http.Response, page string) bool {
	return res.StatusCode == http.StatusOK && res.Request.URL.Path == "/login" && strings.Contains(page, `id="login-submit"`)
}

// signInAgain answers the login page the browser was sent to and returns
// the query the client receives at the end (consent given before).
func (b *browser) signInAgain(t *testing.T, base string, res *http.Response, page, email string) url.Values {
	t.Helper()
	next := res.Request.URL.Query().Get("next")
	res, page = b.post(base+"/login", url.Values{"email": {email}, "password": {"Secret123"}, "next": {next}}, page)
	return clientQuery(t, res, page)
}

// authTime exchanges code and returns the ID token's auth_time.
func authTime(t *testing.T, p *portal, conf *oauth2.Config, code, verifier string) time.Time {
	t.Helper()
	tok, err := conf.Exchange(context.Background(), code, oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	raw, _ := tok.Extra("id_token").(string)
	checkIDToken(t, p, raw)
	jws, _ := jose.ParseSigned(raw, []jose.SignatureAlgorithm{jose.RS256})
	var claims struct {
		AuthTime int64 `json:"auth_time"`
	}
	if err := json.Unmarshal(jws.UnsafePayloadWithoutVerification(), &claims); err != nil || claims.AuthTime == 0 {
		t.Fatalf("auth_time: %v", err)
	}
	return time.Unix(claims.AuthTime, 0)
}

// TestOAuthPromptLogin: prompt=login asks an open session for the password
// again, then the authorization goes on; the ID token's auth_time is that
// new sign-in.
func TestOAuthPromptLogin(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(string(b), func(t *testing.T) {
			cfg, clk := withClock(testConfig(t, b))
			p := newPortal(t, cfg, oauth.NewClient{}, false)
			br := newHTTPBrowser(t)
			br.login(p.base, "olga@example.org")
			conf := p.config("openid", "default")
			p.token(t, br, "openid", "default") // consent given once

			clk.forward(10 * time.Minute)
			relogin := clk.now().Truncate(time.Second)
			v := oauth2.GenerateVerifier()
			res, page := br.get(conf.AuthCodeURL("s", oauth2.S256ChallengeOption(v), oauth2.SetAuthURLParam("prompt", "login")))
			if !askedPassword(res, page) {
				t.Fatalf("prompt=login with a session open: %d at %s, want the login form", res.StatusCode, res.Request.URL)
			}
			// The login page asks again when reloaded: the server decides, not a marker.
			if res, page = br.get(res.Request.URL.String()); !askedPassword(res, page) {
				t.Fatalf("login page reloaded: %d at %s", res.StatusCode, res.Request.URL)
			}
			q := br.signInAgain(t, p.base, res, page, "olga@example.org")
			if q.Get("code") == "" || q.Get("state") != "s" {
				t.Fatalf("after signing in again: %v", q)
			}
			if at := authTime(t, p, conf, q.Get("code"), v); at.Before(relogin) {
				t.Fatalf("auth_time %v is the old session's, want the new sign-in (%v or later)", at, relogin)
			}
			// Without prompt=login the fresh session is used as it is.
			if _, asked := br.authorize(conf.AuthCodeURL("s", oauth2.S256ChallengeOption(v)), "allow"); asked {
				t.Fatal("consent asked again")
			}
		})
	}
}

// TestOAuthMaxAge: a session older than max_age asks for the password; a
// younger one does not. max_age=0 always asks.
func TestOAuthMaxAge(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(string(b), func(t *testing.T) {
			cfg, clk := withClock(testConfig(t, b))
			p := newPortal(t, cfg, oauth.NewClient{Trusted: true}, false)
			br := newHTTPBrowser(t)
			br.login(p.base, "olga@example.org")
			conf := p.config("openid", "default")
			clk.forward(time.Hour)
			url := func(maxAge string) string {
				return conf.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier()), oauth2.SetAuthURLParam("max_age", maxAge))
			}

			if q, _ := br.authorize(url("7200"), "allow"); q.Get("code") == "" {
				t.Fatalf("max_age=7200 with an hour-old session: %v, want a code", q)
			}
			res, page := br.get(url("600"))
			if !askedPassword(res, page) {
				t.Fatalf("max_age=600 with an hour-old session: %d at %s, want the login form", res.StatusCode, res.Request.URL)
			}
			if q := br.signInAgain(t, p.base, res, page, "olga@example.org"); q.Get("code") == "" {
				t.Fatalf("after signing in again: %v", q)
			}
			if q, _ := br.authorize(url("600"), "allow"); q.Get("code") == "" {
				t.Fatalf("max_age=600 right after signing in: %v, want a code", q)
			}
			if res, page := br.get(url("0")); !askedPassword(res, page) {
				t.Fatalf("max_age=0: %d at %s, want the login form", res.StatusCode, res.Request.URL)
			}
		})
	}
}

// TestOAuthPromptConsent: prompt=consent shows the consent screen for a
// trusted client and for one approved before.
func TestOAuthPromptConsent(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(string(b), func(t *testing.T) {
			p := newPortal(t, testConfig(t, b), oauth.NewClient{Trusted: true}, false)
			br := newHTTPBrowser(t)
			br.login(p.base, "olga@example.org")
			trusted := p.config("openid", "default")
			consent := oauth2.SetAuthURLParam("prompt", "consent")
			if _, asked := br.authorize(trusted.AuthCodeURL("s"), "allow"); asked {
				t.Fatal("a trusted client asked for consent without prompt=consent")
			}
			if q, asked := br.authorize(trusted.AuthCodeURL("s", consent), "allow"); !asked || q.Get("code") == "" {
				t.Fatalf("trusted client, prompt=consent: asked=%v %v", asked, q)
			}

			nc := oauth.NewClient{Name: "Outil connu", RedirectURIs: []string{redirectURI}, Scopes: []string{"openid", "default"}}
			c, secret, err := p.app.OAuth.CreateClient(context.Background(), account.User{ID: "test", Sysadmin: true}, nc)
			if err != nil {
				t.Fatal(err)
			}
			known := &oauth2.Config{ClientID: c.ID, ClientSecret: secret, RedirectURL: redirectURI, Scopes: []string{"openid", "default"},
				Endpoint: trusted.Endpoint}
			br.authorize(known.AuthCodeURL("s"), "allow")
			if _, asked := br.authorize(known.AuthCodeURL("s"), "allow"); asked {
				t.Fatal("consent asked again without prompt=consent")
			}
			if _, asked := br.authorize(known.AuthCodeURL("s", consent), "allow"); !asked {
				t.Fatal("a client approved before, prompt=consent: no consent screen")
			}
		})
	}
}

// TestOAuthPromptNone: no screen at all; what would need one goes back to
// the client as an OpenID Connect error.
func TestOAuthPromptNone(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(string(b), func(t *testing.T) {
			p := newPortal(t, testConfig(t, b), oauth.NewClient{}, false)
			conf := p.config("openid", "default")
			none := oauth2.SetAuthURLParam("prompt", "none")
			silent := func(br *browser) url.Values {
				res, page := br.get(conf.AuthCodeURL("st", oauth2.S256ChallengeOption(oauth2.GenerateVerifier()), none))
				return clientQuery(t, res, page)
			}
			if q := silent(newHTTPBrowser(t)); q.Get("error") != "login_required" || q.Get("state") != "st" {
				t.Fatalf("nobody signed in: %v, want login_required", q)
			}
			br := newHTTPBrowser(t)
			br.login(p.base, "olga@example.org")
			if q := silent(br); q.Get("error") != "consent_required" {
				t.Fatalf("no consent yet: %v, want consent_required", q)
			}
			br.authorize(conf.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())), "allow")
			if q := silent(br); q.Get("code") == "" {
				t.Fatalf("consent given: %v, want a code", q)
			}
		})
	}
}

// TestOAuthUnconfirmedUser: a user who has not confirmed their address is
// told to, and no client gets a code, not even a trusted one.
func TestOAuthUnconfirmedUser(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(string(b), func(t *testing.T) {
			p := newPortal(t, testConfig(t, b), oauth.NewClient{Trusted: true}, false)
			ctx := context.Background()
			if _, err := p.app.Accounts.CreateUser(ctx, account.NewUser{Email: "ugo@example.org", FirstName: "Ugo",
				LastName: "Unconfirmed", Password: "Secret123"}); err != nil {
				t.Fatal(err)
			}
			br := newHTTPBrowser(t)
			br.login(p.base, "ugo@example.org")
			conf := p.config("openid", "default")
			res, page := br.get(conf.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
			if res.StatusCode != 403 || !strings.Contains(page, "Confirmez d’abord votre adresse") || res.Request.URL.Path != oauth.PathLogin {
				t.Fatalf("unconfirmed user at a trusted client: %d at %s\n%.400s", res.StatusCode, res.Request.URL, page)
			}
			// Answering yes directly gives nothing either.
			id := res.Request.URL.Query().Get("id")
			_, form := br.get(p.base + "/account")
			res, page = br.post(p.base+oauth.PathLogin, url.Values{"id": {id}, "decision": {"allow"}}, form)
			if res.StatusCode != 403 || res.Header.Get("Location") != "" || !strings.Contains(page, "Confirmez d’abord votre adresse") {
				t.Fatalf("unconfirmed user posting yes: %d %s", res.StatusCode, res.Header.Get("Location"))
			}
			if who, _ := p.app.OAuth.ApprovedBy(ctx, id); who != "" {
				t.Fatal("an unconfirmed user's request was approved")
			}
			if res, _ := br.get(p.base + oauth.PathCallback + "?id=" + id); strings.Contains(res.Header.Get("Location"), "code=") {
				t.Fatal("the callback gave a code")
			}
		})
	}
}
