package main

import (
	"bytes"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"html"
	"io"
	"log/slog"
	"math/rand/v2"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/app"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/oauth"
	"github.com/socle-portal/socle/internal/org"
)

// startSocle runs a real socle (SQLite in a temporary folder) on a loopback
// port until the test ends.
func startSocle(t *testing.T) (*app.App, string) {
	t.Helper()
	cfg := app.Defaults()
	cfg.DataDir = t.TempDir()
	cfg.Argon2 = account.Argon2Params{Memory: 64, Time: 1, Threads: 1} // cheap hashing for tests
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Addr = ln.Addr().String()
	cfg.BaseURL = "http://" + cfg.Addr
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Open(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("socle: %v", err)
		}
		sctx, c := context.WithTimeout(context.Background(), 10*time.Second)
		defer c()
		a.Close(sctx)
	})
	return a, cfg.BaseURL
}

// startTool runs the producer tool on ln until the test ends.
func startTool(t *testing.T, cfg Config, ln net.Listener) *server {
	t.Helper()
	cfg.Addr = ln.Addr().String()
	s, err := newServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx, s, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("tool: %v", err)
		}
	})
	return s
}

// browser is an HTTP client with a cookie jar that follows redirects: all
// a browser does in this flow, without JavaScript.
type browser struct {
	t *testing.T
	c *http.Client
}

func newBrowser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, c: &http.Client{Jar: jar}}
}

func (b *browser) do(req *http.Request) (*http.Response, string) {
	b.t.Helper()
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

func (b *browser) get(u string) (*http.Response, string) {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	return b.do(req)
}

// post submits a form, with the CSRF token scraped from the page it is on.
func (b *browser) post(u string, form url.Values, page string) (*http.Response, string) {
	b.t.Helper()
	form.Set("csrf_token", scrape(b.t, csrfRE, page))
	req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

var (
	csrfRE      = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)
	nextRE      = regexp.MustCompile(`name="next" value="([^"]+)"`)
	requestIDRE = regexp.MustCompile(`name="id" value="([^"]+)"`)
	urlRE       = regexp.MustCompile(`id="resource-url" href="([^"]+)"`)
	checksumRE  = regexp.MustCompile(`id="resource-checksum">([0-9a-f]+)<`)
)

func scrape(t *testing.T, re *regexp.Regexp, page string) string {
	t.Helper()
	m := re.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no match for %s in\n%.2000s", re, page)
	}
	return html.UnescapeString(m[1])
}

// uploadForm is the multipart body the tool's upload form sends, fields
// first as a browser sends them in document order.
func uploadForm(csrf, datasetID, title, filename string, content []byte) (string, *bytes.Buffer) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf_token", csrf)
	mw.WriteField("dataset", datasetID)
	mw.WriteField("title", title)
	fw, _ := mw.CreateFormFile("file", filename)
	fw.Write(content)
	mw.Close()
	return mw.FormDataContentType(), &body
}

// TestSignInListAndUpload drives the whole tool against a real socle: sign
// in (login and consent at socle, code exchange with PKCE), the list of
// organizations and datasets, an upload streamed to socle, and sign-out,
// which revokes the tokens. With a confidential and a public client.
func TestSignInListAndUpload(t *testing.T) {
	for _, public := range []bool{false, true} {
		name := "confidential"
		if public {
			name = "public"
		}
		t.Run(name, func(t *testing.T) { signInListAndUpload(t, public) })
	}
}

func signInListAndUpload(t *testing.T, public bool) {
	a, socle := startSocle(t)
	ctx := context.Background()
	u, err := a.Accounts.CreateUser(ctx, account.NewUser{Email: "pia@example.org", FirstName: "Pia",
		LastName: "Producer", Password: "Secret123", Confirmed: true})
	if err != nil {
		t.Fatal(err)
	}
	o, err := a.Orgs.Create(ctx, u, org.Input{Name: "Régie des transports", Description: "Réseau urbain"}, true)
	if err != nil {
		t.Fatal(err)
	}
	d, err := a.Catalog.Create(ctx, u, catalog.Input{Title: "Horaires & arrêts <bus>", Description: "GTFS",
		License: "lov2", OrgID: o.ID})
	if err != nil {
		t.Fatal(err)
	}

	// The tool's port is known before the client is registered: its
	// redirect URI must match exactly.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tool := "http://" + ln.Addr().String()
	c, secret, err := a.OAuth.CreateClient(ctx, account.User{ID: "test", Sysadmin: true},
		oauth.NewClient{Name: "Producer tool", RedirectURIs: []string{tool + "/callback"}, Public: public})
	if err != nil {
		t.Fatal(err)
	}
	srv := startTool(t, Config{SocleURL: socle, ClientID: c.ID, ClientSecret: secret}, ln)

	br := newBrowser(t)
	_, page := br.get(tool + "/")
	if !strings.Contains(page, `href="/login"`) || !strings.Contains(page, "Sign in with socle") {
		t.Fatalf("home page: %s", page)
	}

	// Sign in: the tool sends the browser to socle, which asks to log in,
	// then shows the consent screen, then sends the browser back to the
	// tool's callback, which redirects to the organizations page.
	res, page := br.get(tool + "/login")
	if res.Request.URL.Host != strings.TrimPrefix(socle, "http://") || res.Request.URL.Path != "/login" {
		t.Fatalf("sign-in did not reach socle's login page: %s", res.Request.URL)
	}
	next := scrape(t, nextRE, page)
	res, page = br.post(socle+"/login", url.Values{"email": {"pia@example.org"}, "password": {"Secret123"},
		"next": {next}}, page)
	if res.Request.URL.Path != "/oauth/login" || !strings.Contains(page, `id="consent-allow"`) ||
		!strings.Contains(page, "Producer tool") {
		t.Fatalf("after login, want the consent screen; got %d %s", res.StatusCode, res.Request.URL)
	}
	res, page = br.post(socle+"/oauth/login", url.Values{"id": {scrape(t, requestIDRE, page)}, "decision": {"allow"}}, page)
	if res.StatusCode != 200 || res.Request.URL.String() != tool+"/orgs" {
		t.Fatalf("after consent, want the tool's organizations page; got %d %s\n%s", res.StatusCode, res.Request.URL, page)
	}

	// The organizations page lists the organization and its dataset, escaped.
	for _, want := range []string{"Hello Pia Producer", html.EscapeString(o.Name), html.EscapeString(d.Title),
		`<option value="` + d.ID + `">`, `id="upload-form"`} {
		if !strings.Contains(page, want) {
			t.Fatalf("organizations page lacks %q:\n%s", want, page)
		}
	}
	if strings.Contains(page, "<bus>") {
		t.Fatal("a dataset title is not escaped")
	}
	csrf := scrape(t, csrfRE, page)

	// An upload without the session's CSRF token is refused before
	// anything reaches socle.
	content := make([]byte, 3<<20+12345) // a few MiB: more than any buffer on the way
	for i := range content {
		content[i] = byte(rand.IntN(256))
	}
	ct, body := uploadForm("forged", d.ID, "Arrêts", "stops.zip", content)
	req, _ := http.NewRequest(http.MethodPost, tool+"/upload", body)
	req.Header.Set("Content-Type", ct)
	if res, _ := br.do(req); res.StatusCode != http.StatusForbidden {
		t.Fatalf("upload with a forged CSRF token: %d, want 403", res.StatusCode)
	}
	if rs, _ := a.Catalog.Resources(ctx, d.ID); len(rs) != 0 {
		t.Fatalf("the forged upload reached socle: %v", rs)
	}

	// The real upload: the tool streams it to socle and shows the
	// resource's URL and checksum.
	sum := sha256.Sum256(content)
	ct, body = uploadForm(csrf, d.ID, "Arrêts", "stops.zip", content)
	req, _ = http.NewRequest(http.MethodPost, tool+"/upload", body)
	req.Header.Set("Content-Type", ct)
	res, page = br.do(req)
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("upload: %d\n%s", res.StatusCode, page)
	}
	// the API gives udata's SHA-1 of an upload (socle keeps a SHA-256 too)
	if got, sha1sum := scrape(t, checksumRE, page), sha1.Sum(content); got != hex.EncodeToString(sha1sum[:]) {
		t.Fatalf("checksum shown %s, want %x", got, sha1sum)
	}
	rs, err := a.Catalog.Resources(ctx, d.ID)
	if err != nil || len(rs) != 1 {
		t.Fatalf("resources in socle: %v %v", rs, err)
	}
	if r := rs[0]; r.Checksum != hex.EncodeToString(sum[:]) || r.Size != int64(len(content)) || r.Title != "Arrêts" ||
		r.Filetype != "file" {
		t.Fatalf("resource in socle: %+v", r)
	}
	fileURL := scrape(t, urlRE, page)
	if fileURL != a.Catalog.FileURL(rs[0]) {
		t.Fatalf("URL shown %s, socle's %s", fileURL, a.Catalog.FileURL(rs[0]))
	}
	_, file := br.get(fileURL)
	if got := sha256.Sum256([]byte(file)); got != sum {
		t.Fatal("the file served by socle is not the file uploaded")
	}

	// An expired access token is refreshed on the way: the session's token
	// source redeems the refresh token (socle rotates it) and carries on.
	srv.mu.Lock()
	if len(srv.sessions) != 1 {
		t.Fatalf("%d sessions, want 1", len(srv.sessions))
	}
	for id, sess := range srv.sessions {
		old, err := sess.tokens.Token()
		if err != nil || old.RefreshToken == "" {
			t.Fatalf("token: %v (refresh token: %v)", err, old != nil && old.RefreshToken != "")
		}
		expired := *old
		expired.Expiry = time.Now().Add(-time.Minute)
		aged := srv.newSession(&expired)
		aged.csrf = sess.csrf
		srv.sessions[id] = aged
	}
	var sess *session
	for _, s := range srv.sessions {
		sess = s
	}
	srv.mu.Unlock()
	if res, page := br.get(tool + "/orgs"); res.StatusCode != 200 || !strings.Contains(page, html.EscapeString(d.Title)) {
		t.Fatalf("organizations page with an expired access token: %d\n%s", res.StatusCode, page)
	}
	tok, err := sess.tokens.Token()
	if err != nil || tok.Expiry.Before(time.Now()) {
		t.Fatalf("after the refresh: %v %v", err, tok)
	}

	// Sign-out revokes the grant at socle: the access token stops working.
	if st := bearerStatus(t, socle+"/api/1/me/", tok.AccessToken); st != 200 {
		t.Fatalf("the session's access token before sign-out: %d", st)
	}
	_, page = br.get(tool + "/orgs")
	res, page = br.post(tool+"/logout", url.Values{}, page)
	if res.Request.URL.String() != tool+"/" || !strings.Contains(page, "Sign in with socle") {
		t.Fatalf("after sign-out: %s\n%s", res.Request.URL, page)
	}
	if st := bearerStatus(t, socle+"/api/1/me/", tok.AccessToken); st != http.StatusUnauthorized {
		t.Fatalf("the access token after sign-out: %d, want 401", st)
	}
	if _, err := srv.oauth.TokenSource(ctx, &oauth2.Token{RefreshToken: tok.RefreshToken}).Token(); err == nil {
		t.Fatal("the refresh token still works after sign-out")
	}
	if res, _ := br.get(tool + "/orgs"); res.Request.URL.String() != tool+"/" {
		t.Fatalf("the organizations page after sign-out: %s", res.Request.URL)
	}
}

func bearerStatus(t *testing.T, u, token string) int {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// TestCallbackChecksState: the callback accepts only the state of a sign-in
// this browser started, once. No socle is needed: the state is checked
// before the code is ever sent to it.
func TestCallbackChecksState(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	tool := "http://" + ln.Addr().String()
	startTool(t, Config{SocleURL: "http://127.0.0.1:9", ClientID: "c"}, ln) // port 9: never dialled
	jar, _ := cookiejar.New(nil)
	noFollow := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	// get returns the status and the Location of a redirect, or the body.
	get := func(c *http.Client, u string) (int, string) {
		t.Helper()
		res, err := c.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if loc := res.Header.Get("Location"); loc != "" {
			return res.StatusCode, loc
		}
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	start := func() url.Values {
		t.Helper()
		st, loc := get(noFollow, tool+"/login")
		u, err := url.Parse(loc)
		if err != nil {
			t.Fatal(err)
		}
		q := u.Query()
		if st != http.StatusFound || !strings.HasPrefix(loc, "http://127.0.0.1:9/oauth/authorize?") || q.Get("state") == "" ||
			q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") == "" || q.Get("redirect_uri") != tool+"/callback" {
			t.Fatalf("sign-in start: %d %s", st, loc)
		}
		return q
	}
	refused := func(c *http.Client, state, why string) {
		t.Helper()
		st, body := get(c, tool+"/callback?"+url.Values{"code": {"x"}, "state": {state}}.Encode())
		if st != http.StatusBadRequest || !strings.Contains(body, "not started from this browser") {
			t.Fatalf("%s: %d %s", why, st, body)
		}
	}

	q := start()
	refused(noFollow, "wrong", "a wrong state")
	refused(noFollow, q.Get("state"), "the right state after a failed attempt (a sign-in is used once)")

	q = start()
	refused(&http.Client{}, q.Get("state"), "the right state from another browser (no cookie)")

	// The right state from the right browser gets past the check: here to
	// socle's refusal, which the tool shows.
	q = start()
	st, body := get(noFollow, tool+"/callback?"+url.Values{"error": {"access_denied"}, "state": {q.Get("state")}}.Encode())
	if st != http.StatusForbidden || !strings.Contains(body, "access_denied") {
		t.Fatalf("a refusal with the right state: %d %s", st, body)
	}
}
