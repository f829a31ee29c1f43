package app_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/pquerna/otp/totp"
	"golang.org/x/oauth2"

	"github.com/socle-portal/socle/internal/oauth"
	"github.com/socle-portal/socle/internal/testdb"
)

var (
	totpSecretRE = regexp.MustCompile(`id="two-factor-secret">([A-Z2-7]+)<`)
	continueRE   = regexp.MustCompile(`<a href="([^"]+)" id="two-factor-continue">`)
	codeRE       = regexp.MustCompile(`<li><code>([a-z2-7]{5}-[a-z2-7]{5})</code></li>`)
)

// TestTwoFactorSignInThroughOAuth: with the setting on, a sysadmin who
// signs in to an OAuth client is asked to enrol on the way, then comes
// back to the client, whose ID token says "otp"; the next sign-in asks for
// a code, and a recovery code works once.
func TestTwoFactorSignInThroughOAuth(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(string(b), func(t *testing.T) {
			cfg, clk := withClock(testConfig(t, b))
			cfg.TwoFactorSysadmins = true
			p := newPortal(t, cfg, oauth.NewClient{}, true)
			br := newHTTPBrowser(t)
			conf := p.config("openid", "default", "offline_access")
			v := oauth2.GenerateVerifier()
			res, page := br.get(conf.AuthCodeURL("s", oauth2.S256ChallengeOption(v)))
			if !askedPassword(res, page) {
				t.Fatalf("authorize without a session: %d at %s", res.StatusCode, res.Request.URL)
			}
			next := res.Request.URL.Query().Get("next")
			res, page = br.post(p.base+"/login", url.Values{"email": {"olga@example.org"}, "password": {"Secret123"}, "next": {next}}, page)
			m := totpSecretRE.FindStringSubmatch(page)
			if res.Request.URL.Path != "/login/two-factor/enrol" || m == nil {
				t.Fatalf("a sysadmin without a second factor: %d at %s, want the enrolment\n%.800s", res.StatusCode, res.Request.URL, page)
			}
			code, _ := totp.GenerateCode(m[1], clk.now())
			res, page = br.post(p.base+"/login/two-factor/enrol", url.Values{"code": {code}, "next": {next}}, page)
			codes, cont := codeRE.FindAllStringSubmatch(page, -1), continueRE.FindStringSubmatch(page)
			if len(codes) != 10 || cont == nil || res.Header.Get("Cache-Control") != "no-store" {
				t.Fatalf("after enrolling: %d codes, continue %v, Cache-Control %q\n%.800s", len(codes), cont, res.Header.Get("Cache-Control"), page)
			}
			q, _ := br.authorize(p.base+html.UnescapeString(cont[1]), "allow")
			tok, err := conf.Exchange(context.Background(), q.Get("code"), oauth2.VerifierOption(v))
			if err != nil {
				t.Fatalf("exchange: %v", err)
			}
			if amr := idTokenAMR(t, tok); !slices.Equal(amr, []string{"pwd", "otp"}) {
				t.Fatalf("amr %v, want [pwd otp]", amr)
			}
			// A refreshed ID token keeps the sign-in's amr.
			tok.Expiry = time.Now().Add(-time.Minute)
			if fresh, err := conf.TokenSource(context.Background(), tok).Token(); err != nil {
				t.Fatalf("refresh: %v", err)
			} else if amr := idTokenAMR(t, fresh); !slices.Equal(amr, []string{"pwd", "otp"}) {
				t.Fatalf("refreshed amr %v, want [pwd otp]", amr)
			}

			// The next sign-in asks for a code; a wrong one is refused.
			clk.forward(time.Minute)
			br2 := newHTTPBrowser(t)
			_, page = br2.get(p.base + "/login")
			res, page = br2.post(p.base+"/login", url.Values{"email": {"olga@example.org"}, "password": {"Secret123"}}, page)
			if res.Request.URL.Path != "/login/two-factor" || !strings.Contains(page, `id="two-factor-submit"`) {
				t.Fatalf("sign-in of an enrolled account: %d at %s", res.StatusCode, res.Request.URL)
			}
			if res, page = br2.post(p.base+"/login/two-factor", url.Values{"code": {"000000"}}, page); res.StatusCode != http.StatusUnauthorized {
				t.Fatalf("wrong code: %d", res.StatusCode)
			}
			res, page = br2.post(p.base+"/login/two-factor", url.Values{"code": {codes[0][1]}}, page)
			if res.Request.URL.Path != "/account" || !strings.Contains(page, "Authentification à deux facteurs") {
				t.Fatalf("recovery code: %d at %s", res.StatusCode, res.Request.URL)
			}
			// The same recovery code does not work twice.
			br3 := newHTTPBrowser(t)
			_, page = br3.get(p.base + "/login")
			_, page = br3.post(p.base+"/login", url.Values{"email": {"olga@example.org"}, "password": {"Secret123"}}, page)
			if res, _ = br3.post(p.base+"/login/two-factor", url.Values{"code": {codes[0][1]}}, page); res.StatusCode != http.StatusUnauthorized {
				t.Fatalf("recovery code used twice: %d at %s", res.StatusCode, res.Request.URL)
			}
			// Without the password step, the second step is refused.
			br4 := newHTTPBrowser(t)
			_, page = br4.get(p.base + "/login")
			if res, _ = br4.post(p.base+"/login/two-factor", url.Values{"code": {codes[1][1]}}, page); res.Request.URL.Path != "/login" {
				t.Fatalf("second step without a first: ended on %s", res.Request.URL)
			}
		})
	}
}

// TestTwoFactorAccountPage: enrolment from the account page, confirmed by
// a first code, and turning it off with the password and a code.
func TestTwoFactorAccountPage(t *testing.T) {
	cfg, clk := withClock(testConfig(t, testdb.Backends()[0]))
	p := newPortal(t, cfg, oauth.NewClient{}, false)
	br := newHTTPBrowser(t)
	br.login(p.base, "olga@example.org")
	res, page := br.get(p.base + "/account/two-factor")
	if res.StatusCode != http.StatusOK || !strings.Contains(page, `id="two-factor-start"`) {
		t.Fatalf("two-factor page: %d\n%.3000s", res.StatusCode, page)
	}
	_, page = br.post(p.base+"/account/two-factor/start", url.Values{}, page)
	m := totpSecretRE.FindStringSubmatch(page)
	if m == nil || !strings.Contains(page, `src="data:image/png;base64,`) {
		t.Fatalf("enrolment page without a secret or QR code\n%.800s", page)
	}
	if res, page = br.post(p.base+"/account/two-factor/confirm", url.Values{"code": {"000000"}}, page); res.StatusCode != http.StatusUnprocessableEntity || totpSecretRE.FindStringSubmatch(page)[1] != m[1] {
		t.Fatalf("wrong first code: %d", res.StatusCode)
	}
	code, _ := totp.GenerateCode(m[1], clk.now())
	_, page = br.post(p.base+"/account/two-factor/confirm", url.Values{"code": {code}}, page)
	if n := len(codeRE.FindAllString(page, -1)); n != 10 {
		t.Fatalf("%d recovery codes shown, want 10", n)
	}
	_, page = br.get(p.base + "/account/two-factor")
	clk.forward(time.Minute)
	code, _ = totp.GenerateCode(m[1], clk.now())
	if res, page = br.post(p.base+"/account/two-factor/disable", url.Values{"current_password": {"Wrong123"}, "code": {code}}, page); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("disable with a wrong password: %d", res.StatusCode)
	}
	res, page = br.post(p.base+"/account/two-factor/disable", url.Values{"current_password": {"Secret123"}, "code": {code}}, page)
	if res.Request.URL.Query().Get("off") == "" || !strings.Contains(page, `id="two-factor-start"`) {
		t.Fatalf("disable: %d at %s", res.StatusCode, res.Request.URL)
	}
}

// idTokenAMR returns the amr of tok's ID token.
func idTokenAMR(t *testing.T, tok *oauth2.Token) []string {
	t.Helper()
	raw, _ := tok.Extra("id_token").(string)
	jws, err := jose.ParseSigned(raw, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		t.Fatal(err)
	}
	var claims struct {
		AMR []string `json:"amr"`
	}
	if err := json.Unmarshal(jws.UnsafePayloadWithoutVerification(), &claims); err != nil {
		t.Fatal(err)
	}
	return claims.AMR
}
