package app_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"golang.org/x/oauth2"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/app"
	"github.com/socle-portal/socle/internal/oauth"
	"github.com/socle-portal/socle/internal/testdb"
)

const redirectURI = "http://127.0.0.1:9/callback" // never dialled: the driver stops at it

// portal is a running socle with a user and a registered client.
type portal struct {
	app    *app.App
	base   string
	user   account.User
	client oauth.Client
	secret string
}

func newPortal(t testing.TB, cfg app.Config, nc oauth.NewClient, sysadmin bool) *portal {
	t.Helper()
	a, base := start(t, cfg)
	ctx := context.Background()
	u, err := a.Accounts.CreateUser(ctx, account.NewUser{Email: "olga@example.org", FirstName: "Olga",
		LastName: "Oauth", Password: "Secret123", Confirmed: true, Sysadmin: sysadmin})
	if err != nil {
		t.Fatal(err)
	}
	if nc.Name == "" {
		nc.Name = "Outil de publication"
	}
	if nc.RedirectURIs == nil {
		nc.RedirectURIs = []string{redirectURI}
	}
	c, secret, err := a.OAuth.CreateClient(ctx, account.User{ID: "test", Sysadmin: true}, nc)
	if err != nil {
		t.Fatal(err)
	}
	return &portal{app: a, base: base, user: u, client: c, secret: secret}
}

func (p *portal) config(scopes ...string) *oauth2.Config {
	return &oauth2.Config{ClientID: p.client.ID, ClientSecret: p.secret, RedirectURL: redirectURI, Scopes: scopes,
		Endpoint: oauth2.Endpoint{AuthURL: p.base + "/oauth/authorize", TokenURL: p.base + "/oauth/token"}}
}

// token runs the code flow in br, signed in, and returns an access token
// with scopes.
func (p *portal) token(t testing.TB, br *browser, scopes ...string) string {
	t.Helper()
	conf := p.config(scopes...)
	v := oauth2.GenerateVerifier()
	q, _ := br.authorize(conf.AuthCodeURL("s", oauth2.S256ChallengeOption(v)), "allow")
	tok, err := conf.Exchange(context.Background(), q.Get("code"), oauth2.VerifierOption(v))
	if err != nil {
		t.Fatalf("exchange for %v: %v", scopes, err)
	}
	return tok.AccessToken
}

// browser is a cookie-keeping HTTP client that stops at the client's
// redirect URI, as a browser handing the code to the client would.
type browser struct {
	t testing.TB
	c *http.Client
}

func newHTTPBrowser(t testing.TB) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, c: &http.Client{Jar: jar, CheckRedirect: func(r *http.Request, _ []*http.Request) error {
		if strings.HasPrefix(r.URL.String(), redirectURI) {
			return http.ErrUseLastResponse
		}
		return nil
	}}}
}

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func (b *browser) get(u string) (*http.Response, string) {
	b.t.Helper()
	res, err := b.c.Get(u)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

func (b *browser) post(u string, form url.Values, page string) (*http.Response, string) {
	b.t.Helper()
	m := csrfRE.FindStringSubmatch(page)
	if m == nil {
		b.t.Fatalf("no CSRF token on the page before POST %s", u)
	}
	form.Set("csrf_token", m[1])
	res, err := b.c.PostForm(u, form)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

func (b *browser) login(base, email string) {
	b.t.Helper()
	_, page := b.get(base + "/login")
	res, _ := b.post(base+"/login", url.Values{"email": {email}, "password": {"Secret123"}}, page)
	if res.Request.URL.Path != "/account" {
		b.t.Fatalf("login ended on %s", res.Request.URL)
	}
}

var requestIDRE = regexp.MustCompile(`name="id" value="([^"]+)"`)

// authorize goes to authURL, answers the consent screen if it shows, and
// returns the query the client's redirect URI receives, and whether
// consent was asked.
func (b *browser) authorize(authURL, decision string) (url.Values, bool) {
	b.t.Helper()
	res, page := b.get(authURL)
	asked := false
	if res.StatusCode == http.StatusOK && strings.Contains(page, `id="consent-allow"`) {
		asked = true
		m := requestIDRE.FindStringSubmatch(page)
		res, page = b.post(strings.Split(authURL, "/oauth/")[0]+"/oauth/login",
			url.Values{"id": {m[1]}, "decision": {decision}}, page)
	}
	loc := res.Header.Get("Location")
	if !strings.HasPrefix(loc, redirectURI) {
		b.t.Fatalf("authorization did not return to the client: %d %s\n%.600s", res.StatusCode, loc, page)
	}
	u, _ := url.Parse(loc)
	return u.Query(), asked
}

// apiStatus calls the API with a Bearer token.
func apiStatus(t *testing.T, method, u, token string, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, u, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// oauthErr returns the OAuth error code of a failed exchange.
func oauthErr(err error) string {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		return re.ErrorCode
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestOAuthCodeFlow signs a user in to a confidential client with PKCE,
// calls the API with the token, refreshes, detects a reused refresh token
// and revokes, on both backends.
func TestOAuthCodeFlow(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(string(b), func(t *testing.T) {
			p := newPortal(t, testConfig(t, b), oauth.NewClient{}, false)
			ctx := context.Background()
			conf := p.config("openid", "profile", "email", "default", "offline_access")
			br := newHTTPBrowser(t)
			br.login(p.base, "olga@example.org")

			verifier := oauth2.GenerateVerifier()
			q, asked := br.authorize(conf.AuthCodeURL("st4te", oauth2.S256ChallengeOption(verifier)), "allow")
			if !asked || q.Get("state") != "st4te" || q.Get("code") == "" {
				t.Fatalf("first authorization: asked=%v query=%v", asked, q)
			}
			tok, err := conf.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier))
			if err != nil {
				t.Fatalf("exchange: %v", err)
			}
			if tok.RefreshToken == "" || tok.Extra("id_token") == nil {
				t.Fatalf("want a refresh token and an ID token: %+v", tok)
			}
			checkIDToken(t, p, tok.Extra("id_token").(string))
			if st, body := apiStatus(t, "GET", p.base+"/api/1/me/", tok.AccessToken, ""); st != 200 ||
				!strings.Contains(body, `"email":"olga@example.org"`) {
				t.Fatalf("GET /api/1/me/ with the token: %d %s", st, body)
			}
			if st, body := apiStatus(t, "GET", p.base+"/oauth/userinfo", tok.AccessToken, ""); st != 200 ||
				!strings.Contains(body, `"email":"olga@example.org"`) || !strings.Contains(body, `"given_name":"Olga"`) {
				t.Fatalf("userinfo: %d %s", st, body)
			}
			if st, _ := apiStatus(t, "POST", p.base+"/api/1/me/api_tokens/", tok.AccessToken, `{"name":"x"}`); st != 403 {
				t.Fatalf("an application minting API keys: %d, want 403", st)
			}

			// Refresh: a new pair; the old refresh token, presented again,
			// revokes the whole grant.
			old := *tok
			tok.Expiry = time.Now().Add(-time.Minute)
			fresh, err := conf.TokenSource(ctx, tok).Token()
			if err != nil || fresh.AccessToken == old.AccessToken || fresh.RefreshToken == old.RefreshToken {
				t.Fatalf("refresh: %v (rotated: %v)", err, fresh != nil && fresh.RefreshToken != old.RefreshToken)
			}
			if st, _ := apiStatus(t, "GET", p.base+"/api/1/me/", fresh.AccessToken, ""); st != 200 {
				t.Fatalf("refreshed token refused: %d", st)
			}
			old.Expiry = time.Now().Add(-time.Minute)
			if _, err := conf.TokenSource(ctx, &old).Token(); oauthErr(err) != "invalid_grant" {
				t.Fatalf("reused refresh token: %v, want invalid_grant", err)
			}
			if st, _ := apiStatus(t, "GET", p.base+"/api/1/me/", fresh.AccessToken, ""); st != 401 {
				t.Fatalf("after reuse the grant's tokens must be revoked: %d", st)
			}
			fresh.Expiry = time.Now().Add(-time.Minute)
			if _, err := conf.TokenSource(ctx, fresh).Token(); oauthErr(err) != "invalid_grant" {
				t.Fatalf("the rotated-to refresh token must die with its grant: %v", err)
			}

			// Consent is remembered: no screen the second time; revocation
			// of the access token ends it.
			verifier = oauth2.GenerateVerifier()
			q, asked = br.authorize(conf.AuthCodeURL("s2", oauth2.S256ChallengeOption(verifier)), "allow")
			if asked {
				t.Fatal("consent asked again for the same scopes")
			}
			tok, err = conf.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier))
			if err != nil {
				t.Fatal(err)
			}
			revoke(t, p, tok.AccessToken)
			if st, _ := apiStatus(t, "GET", p.base+"/api/1/me/", tok.AccessToken, ""); st != 401 {
				t.Fatalf("revoked access token: %d, want 401", st)
			}

			// Disconnecting the app from the account ends its tokens.
			verifier = oauth2.GenerateVerifier()
			q, _ = br.authorize(conf.AuthCodeURL("s3", oauth2.S256ChallengeOption(verifier)), "allow")
			tok, err = conf.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(verifier))
			if err != nil {
				t.Fatal(err)
			}
			_, page := br.get(p.base + "/account/apps")
			if !strings.Contains(page, "Outil de publication") {
				t.Fatal("the connected apps page does not list the client")
			}
			br.post(p.base+"/account/apps/"+p.client.ID+"/revoke", url.Values{}, page)
			if st, _ := apiStatus(t, "GET", p.base+"/api/1/me/", tok.AccessToken, ""); st != 401 {
				t.Fatalf("token of a disconnected app: %d, want 401", st)
			}
			if _, asked = br.authorize(conf.AuthCodeURL("s4", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())), "deny"); !asked {
				t.Fatal("after disconnecting, consent must be asked again")
			}
		})
	}
}

func revoke(t *testing.T, p *portal, token string) {
	t.Helper()
	res, err := http.PostForm(p.base+"/oauth/revoke", url.Values{"token": {token}, "client_id": {p.client.ID},
		"client_secret": {p.secret}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
}

// TestOAuthScopes checks what each scope lets a token do.
func TestOAuthScopes(t *testing.T) {
	p := newPortal(t, testConfig(t, testdb.Backends()[0]), oauth.NewClient{Scopes: oauth.KnownScopes}, true)
	br := newHTTPBrowser(t)
	br.login(p.base, "olga@example.org")
	token := func(scopes ...string) string { return p.token(t, br, scopes...) }
	org := `{"name":"Régie des transports","description":"Réseau urbain"}`

	read := token("read")
	if st, body := apiStatus(t, "GET", p.base+"/api/1/me/", read, ""); st != 200 || strings.Contains(body, "olga@example.org") {
		t.Fatalf("read token reading: %d; without the email scope, no address: %s", st, body)
	}
	if st, body := apiStatus(t, "POST", p.base+"/api/1/organizations/", read, org); st != 403 {
		t.Fatalf("read token writing: %d %s, want 403", st, body)
	}
	// The sysadmin's default token acts as a plain user: no support queue.
	def := token("default")
	if st, _ := apiStatus(t, "GET", p.base+"/api/1/support/requests/", def, ""); st != 403 {
		t.Fatalf("support queue without the admin scope: %d, want 403", st)
	}
	if st, body := apiStatus(t, "GET", p.base+"/api/1/me/", def, ""); st != 200 || !strings.Contains(body, `"email":"olga@example.org"`) {
		t.Fatalf("default token reading /me/: %d; udata's default scope includes the address: %s", st, body)
	}
	if st, body := apiStatus(t, "POST", p.base+"/api/1/organizations/", def, org); st != 201 {
		t.Fatalf("default token creating an organization: %d %s", st, body)
	}
	admin := token("default", "admin")
	if st, _ := apiStatus(t, "GET", p.base+"/api/1/support/requests/", admin, ""); st != 200 {
		t.Fatalf("support queue with the admin scope: %d, want 200", st)
	}
	if st, _ := apiStatus(t, "GET", p.base+"/api/1/me/", "not-a-token", ""); st != 401 {
		t.Fatalf("garbage token: %d, want 401", st)
	}
	only := token("openid", "profile")
	if st, _ := apiStatus(t, "GET", p.base+"/api/1/me/", only, ""); st != 403 {
		t.Fatalf("identity-only token on the API: %d, want 403", st)
	}
}

// TestOAuthAdminScopeNeedsSysadmin: a plain user asking for admin gets a
// token without it.
func TestOAuthAdminScopeNeedsSysadmin(t *testing.T) {
	p := newPortal(t, testConfig(t, testdb.Backends()[0]), oauth.NewClient{Scopes: oauth.KnownScopes}, false)
	br := newHTTPBrowser(t)
	br.login(p.base, "olga@example.org")
	conf := p.config("default", "admin")
	v := oauth2.GenerateVerifier()
	q, _ := br.authorize(conf.AuthCodeURL("s", oauth2.S256ChallengeOption(v)), "allow")
	tok, err := conf.Exchange(context.Background(), q.Get("code"), oauth2.VerifierOption(v))
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := tok.Extra("scope").(string); strings.Contains(s, "admin") {
		t.Fatalf("a plain user's token carries admin: %q", s)
	}
}

// TestOAuthErrors covers the error cases of RFC 6749 and RFC 7636.
func TestOAuthErrors(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(string(b), func(t *testing.T) {
			oauthErrors(t, testConfig(t, b))
		})
	}
}

func oauthErrors(t *testing.T, cfg app.Config) {
	p := newPortal(t, cfg, oauth.NewClient{}, false)
	ctx := context.Background()
	conf := p.config("default")
	br := newHTTPBrowser(t)
	br.login(p.base, "olga@example.org")
	code := func(opts ...oauth2.AuthCodeOption) string {
		q, _ := br.authorize(conf.AuthCodeURL("s", opts...), "allow")
		if q.Get("code") == "" {
			t.Fatalf("no code: %v", q)
		}
		return q.Get("code")
	}

	// A redirect URI that is not registered exactly is never redirected to.
	bad := *conf
	bad.RedirectURL = redirectURI + "/other"
	res, _ := br.get(bad.AuthCodeURL("s"))
	if res.StatusCode < 400 || strings.Contains(res.Request.URL.String(), "/other") {
		t.Fatalf("unregistered redirect URI: %d at %s", res.StatusCode, res.Request.URL)
	}

	// plain PKCE is refused at the authorization endpoint.
	q, _ := br.authorize(conf.AuthCodeURL("s", oauth2.SetAuthURLParam("code_challenge", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"),
		oauth2.SetAuthURLParam("code_challenge_method", "plain")), "allow")
	if q.Get("error") != "invalid_request" {
		t.Fatalf("plain PKCE: %v, want invalid_request", q)
	}

	// Missing and wrong verifiers.
	v := oauth2.GenerateVerifier()
	if _, err := conf.Exchange(ctx, code(oauth2.S256ChallengeOption(v))); oauthErr(err) != "invalid_request" {
		t.Fatalf("missing verifier: %v", err)
	}
	if _, err := conf.Exchange(ctx, code(oauth2.S256ChallengeOption(v)), oauth2.VerifierOption(oauth2.GenerateVerifier())); oauthErr(err) != "invalid_grant" {
		t.Fatalf("wrong verifier: %v", err)
	}

	// A code used twice: refused, and what it gave is revoked.
	c := code(oauth2.S256ChallengeOption(v))
	tok, err := conf.Exchange(ctx, c, oauth2.VerifierOption(v))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conf.Exchange(ctx, c, oauth2.VerifierOption(v)); oauthErr(err) != "invalid_grant" {
		t.Fatalf("code reused: %v", err)
	}
	if st, _ := apiStatus(t, "GET", p.base+"/api/1/me/", tok.AccessToken, ""); st != 401 {
		t.Fatalf("token of a reused code: %d, want 401", st)
	}

	// An expired code.
	c = code(oauth2.S256ChallengeOption(v))
	p.app.OAuth.SetClock(func() time.Time { return time.Now().Add(oauth.CodeTTL + time.Second) })
	_, err = conf.Exchange(ctx, c, oauth2.VerifierOption(v))
	p.app.OAuth.SetClock(time.Now)
	if oauthErr(err) != "invalid_grant" {
		t.Fatalf("expired code: %v", err)
	}

	// A wrong client secret.
	wrong := *conf
	wrong.ClientSecret = "socle_cs_wrong"
	if _, err := wrong.Exchange(ctx, code(oauth2.S256ChallengeOption(v)), oauth2.VerifierOption(v)); oauthErr(err) != "invalid_client" {
		t.Fatalf("wrong secret: %v", err)
	}

	// The callback that issues a code serves the approving browser, once.
	d := newDenier(t, p)
	_, page := d.get(conf.AuthCodeURL("once", oauth2.S256ChallengeOption(v)))
	id := requestIDRE.FindStringSubmatch(page)[1]
	if res, _ := d.post(p.base+"/oauth/login", url.Values{"id": {id}, "decision": {"allow"}}, page); !strings.Contains(res.Header.Get("Location"), "code=") {
		t.Fatalf("approval: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	callback := p.base + oauth.PathCallback + "?id=" + id
	if res, err := http.Get(callback); err != nil || res.StatusCode != 403 {
		t.Fatalf("callback replayed by another browser: %v %v", err, res)
	}
	if res, _ := d.get(callback); strings.Contains(res.Header.Get("Location"), "code=") {
		t.Fatalf("callback replayed: a second code %s", res.Header.Get("Location"))
	}

	// The user says no.
	q, asked := newHTTPBrowserAs(t, p, "zoe@example.org").authorize(conf.AuthCodeURL("st"), "deny")
	if !asked || q.Get("error") != "access_denied" || q.Get("state") != "st" {
		t.Fatalf("denied: %v", q)
	}
}

// newDenier is a second user's browser, who has not consented yet.
func newDenier(t *testing.T, p *portal) *browser { return newHTTPBrowserAs(t, p, "nina@example.org") }

// newHTTPBrowserAs signs a new user in a new browser.
func newHTTPBrowserAs(t *testing.T, p *portal, email string) *browser {
	_, err := p.app.Accounts.CreateUser(context.Background(), account.NewUser{Email: email,
		FirstName: "Nina", LastName: "Non", Password: "Secret123", Confirmed: true})
	if err != nil {
		t.Fatal(err)
	}
	br := newHTTPBrowser(t)
	br.login(p.base, email)
	return br
}

// TestOAuthPublicClient: a public client must use PKCE and has no secret.
func TestOAuthPublicClient(t *testing.T) {
	p := newPortal(t, testConfig(t, testdb.Backends()[0]), oauth.NewClient{Public: true}, false)
	if p.secret != "" {
		t.Fatal("a public client got a secret")
	}
	conf := p.config("default")
	br := newHTTPBrowser(t)
	br.login(p.base, "olga@example.org")
	res, body := br.get(p.base + "/oauth/client_info?client_id=" + p.client.ID + "&scope=default+admin+nonsense")
	if res.StatusCode != 200 || !strings.Contains(body, `"name":"Outil de publication"`) || !strings.Contains(body, `"scopes":["default"]`) {
		t.Fatalf("client_info: %d %s", res.StatusCode, body)
	}
	if res, _ := br.get(p.base + "/oauth/client_info?client_id=unknown"); res.StatusCode != 404 {
		t.Fatalf("client_info of an unknown client: %d", res.StatusCode)
	}
	q, _ := br.authorize(conf.AuthCodeURL("s"), "allow")
	if q.Get("error") != "invalid_request" {
		t.Fatalf("public client without PKCE: %v, want invalid_request", q)
	}
	v := oauth2.GenerateVerifier()
	q, _ = br.authorize(conf.AuthCodeURL("s", oauth2.S256ChallengeOption(v)), "allow")
	tok, err := conf.Exchange(context.Background(), q.Get("code"), oauth2.VerifierOption(v))
	if err != nil {
		t.Fatalf("public client with PKCE: %v", err)
	}
	var me map[string]any
	_, body = apiStatus(t, "GET", p.base+"/api/1/me/", tok.AccessToken, "")
	if json.Unmarshal([]byte(body), &me) != nil || me["id"] != p.user.ID {
		t.Fatalf("me: %s", body)
	}
}

var secretRE = regexp.MustCompile(`id="new-client-secret">(socle_cs_[A-Za-z0-9_-]+)<`)

// TestClientAdminPage: sysadmins register clients from the page, see the
// secret once and get field errors; others are refused.
func TestClientAdminPage(t *testing.T) {
	p := newPortal(t, testConfig(t, testdb.Backends()[0]), oauth.NewClient{}, true)
	br := newHTTPBrowser(t)
	br.login(p.base, "olga@example.org")
	_, page := br.get(p.base + "/admin/oauth")
	res, body := br.post(p.base+"/admin/oauth", url.Values{"name": {"Outil"}, "redirect_uris": {"http://example.org/cb"},
		"kind": {"confidential"}, "scopes": {"default"}}, page)
	if res.StatusCode != 422 || !strings.Contains(body, "Adresse de retour invalide") {
		t.Fatalf("bad redirect URI: %d", res.StatusCode)
	}
	res, body = br.post(p.base+"/admin/oauth", url.Values{"name": {"Outil SIG"}, "redirect_uris": {"https://sig.example.org/cb\nhttp://127.0.0.1:8090/cb"},
		"kind": {"confidential"}, "scopes": {"openid", "default"}}, page)
	m := secretRE.FindStringSubmatch(body)
	if res.StatusCode != 201 || m == nil {
		t.Fatalf("registering: %d %.300s", res.StatusCode, body)
	}
	cs, err := p.app.OAuth.Clients(context.Background(), account.User{Sysadmin: true})
	if err != nil || len(cs) != 2 {
		t.Fatalf("clients: %v %v", cs, err)
	}
	for _, c := range cs {
		if c.Name == "Outil SIG" && (len(c.RedirectURIs) != 2 || p.app.OAuth.CheckSecret(context.Background(), c.ID, m[1]) != nil) {
			t.Fatalf("registered client: %+v", c)
		}
	}
	other := newDenier(t, p)
	if res, _ := other.get(p.base + "/admin/oauth"); res.StatusCode != 403 {
		t.Fatalf("a plain user on the clients page: %d, want 403", res.StatusCode)
	}
}

// TestOAuthDiscovery: the discovery document offers only what socle does:
// the code flow with S256 PKCE and refresh tokens, at udata's paths.
func TestOAuthDiscovery(t *testing.T) {
	p := newPortal(t, testConfig(t, testdb.Backends()[0]), oauth.NewClient{}, false)
	res, err := http.Get(p.base + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var doc map[string]any
	if err := json.NewDecoder(res.Body).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"issuer":                           p.base,
		"authorization_endpoint":           p.base + "/oauth/authorize",
		"token_endpoint":                   p.base + "/oauth/token",
		"revocation_endpoint":              p.base + "/oauth/revoke",
		"jwks_uri":                         p.base + "/oauth/keys",
		"grant_types_supported":            "[authorization_code refresh_token]",
		"response_types_supported":         "[code]",
		"code_challenge_methods_supported": "[S256]",
	}
	for k, v := range want {
		if got := fmt.Sprint(doc[k]); got != v {
			t.Errorf("%s: %s, want %s", k, got, v)
		}
	}
	if _, ok := doc["device_authorization_endpoint"]; ok {
		t.Error("discovery offers a device flow socle does not serve")
	}
}

// checkIDToken verifies an ID token's signature with the provider's JWKS,
// and its issuer, audience and subject.
func checkIDToken(t *testing.T, p *portal, raw string) {
	t.Helper()
	res, err := http.Get(p.base + "/oauth/keys")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var keys jose.JSONWebKeySet
	if err := json.NewDecoder(res.Body).Decode(&keys); err != nil || len(keys.Keys) == 0 {
		t.Fatalf("JWKS: %v", err)
	}
	jws, err := jose.ParseSigned(raw, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		t.Fatalf("ID token: %v", err)
	}
	payload, err := jws.Verify(keys.Keys[0])
	if err != nil {
		t.Fatalf("ID token signature: %v", err)
	}
	var claims struct {
		Iss, Sub, Email string
		Aud             any
	}
	if err := json.Unmarshal(payload, &claims); err != nil {
		t.Fatal(err)
	}
	if claims.Iss != p.base || claims.Sub != p.user.ID || fmt.Sprint(claims.Aud) != "["+p.client.ID+"]" && claims.Aud != p.client.ID {
		t.Fatalf("ID token claims: %+v", claims)
	}
}

// TestOAuthClosedAccount: once the account is closed, its tokens give
// nothing: no API call, no userinfo, no refresh.
func TestOAuthClosedAccount(t *testing.T) {
	p := newPortal(t, testConfig(t, testdb.Backends()[0]), oauth.NewClient{}, false)
	ctx := context.Background()
	br := newHTTPBrowser(t)
	br.login(p.base, "olga@example.org")
	conf := p.config("openid", "email", "default", "offline_access")
	v := oauth2.GenerateVerifier()
	q, _ := br.authorize(conf.AuthCodeURL("s", oauth2.S256ChallengeOption(v)), "allow")
	tok, err := conf.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(v))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.app.Accounts.Delete(ctx, p.user, account.Meta{}); err != nil {
		t.Fatal(err)
	}
	if st, _ := apiStatus(t, "GET", p.base+"/api/1/me/", tok.AccessToken, ""); st != 401 {
		t.Errorf("API call with a closed account's token: %d, want 401", st)
	}
	if st, body := apiStatus(t, "GET", p.base+"/oauth/userinfo", tok.AccessToken, ""); st < 400 || strings.Contains(body, "olga") {
		t.Errorf("userinfo of a closed account: %d %s", st, body)
	}
	tok.Expiry = time.Now().Add(-time.Minute)
	if _, err := conf.TokenSource(ctx, tok).Token(); oauthErr(err) != "invalid_grant" {
		t.Fatalf("refresh for a closed account: %v, want invalid_grant", err)
	}
}
