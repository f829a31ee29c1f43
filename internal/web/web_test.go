package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/mydata"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
	"github.com/socle-portal/socle/internal/testenv"
	"github.com/socle-portal/socle/internal/web"
)

var ctx = context.Background()

type env struct {
	*testenv.Env
	t   *testing.T
	srv *httptest.Server
}

// newEnv serves the pages on a real port, the site's base URL.
func newEnv(t *testing.T, db *sqldb.DB, tune ...func(*account.Config)) *env {
	t.Helper()
	return newEnvConfig(t, db, nil, tune...)
}

// newEnvConfig is newEnv with the pages' settings changed by site.
func newEnvConfig(t *testing.T, db *sqldb.DB, site func(*web.Config), tune ...func(*account.Config)) *env {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	opts := []testenv.Option{testenv.BaseURL(base)}
	for _, f := range tune {
		opts = append(opts, testenv.Account(f))
	}
	x := testenv.New(t, db, opts...)
	e := &env{Env: x, t: t, srv: srv}
	cfg := web.Config{BaseURL: base, SupportEmail: testenv.SupportEmail}
	if site != nil {
		site(&cfg)
	}
	pages, err := web.New(web.Deps{Accounts: x.Accounts, Orgs: x.Orgs, Catalog: x.Catalog, Export: mydata.New(db, nil), Directory: x.Directory, Follows: x.Follows},
		cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = pages.Handler()
	srv.Start()
	t.Cleanup(srv.Close)
	return e
}

// browser is a client with its own cookies that does not follow redirects.
type browser struct {
	e      *env
	c      *http.Client
	header http.Header
}

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{e: e, header: http.Header{}, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type resp struct {
	status int
	body   string
	header http.Header
}

func (b *browser) do(method, path string, form url.Values) resp {
	b.e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, b.e.srv.URL+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range b.header {
		req.Header[k] = v
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return resp{res.StatusCode, string(raw), res.Header}
}

func (b *browser) get(path string) resp { return b.do("GET", path, nil) }

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// post submits a form the way a browser would: with the CSRF token of the
// page it was on.
func (b *browser) post(path string, form url.Values) resp {
	b.e.t.Helper()
	page := b.get("/")
	m := csrfRE.FindStringSubmatch(page.body)
	if m == nil {
		b.e.t.Fatalf("no CSRF token on the home page")
	}
	form.Set("csrf_token", m[1])
	return b.do("POST", path, form)
}

func (b *browser) cookie(name string) *http.Cookie {
	u, _ := url.Parse(b.e.srv.URL)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func signupForm(email string) url.Values {
	return url.Values{"first_name": {"Alice"}, "last_name": {"Martin"}, "email": {email},
		"password": {"Secret123"}, "accept_terms": {"on"}}
}

var linkRE = regexp.MustCompile(`https?://\S+\?token=[A-Za-z0-9_-]+`)

func (e *env) lastLink(to string) string {
	e.t.Helper()
	ms := testdb.Mails(e.t, e.DB)
	for i := len(ms) - 1; i >= 0; i-- {
		if ms[i].To == to {
			if l := linkRE.FindString(ms[i].Text); l != "" {
				return strings.TrimPrefix(l, e.srv.URL)
			}
		}
	}
	e.t.Fatalf("no link mailed to %s", to)
	return ""
}

// signedIn signs up, confirms and logs in a new browser.
func (e *env) signedIn(email string) *browser {
	e.t.Helper()
	b := e.browser()
	if r := b.post("/signup", signupForm(email)); r.status != 200 {
		e.t.Fatalf("sign-up: %d", r.status)
	}
	if r := b.get(e.lastLink(email)); r.status != 200 {
		e.t.Fatalf("confirm: %d %s", r.status, r.body)
	}
	if r := b.post("/login", url.Values{"email": {email}, "password": {"Secret123"}}); r.status != 303 {
		e.t.Fatalf("login: %d %s", r.status, r.body)
	}
	return b
}

func TestSignupFormErrors(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		b := e.browser()
		cases := []struct {
			field, value, message string
		}{
			{"first_name", "", "Ce champ est obligatoire."},
			{"last_name", " ", "Ce champ est obligatoire."},
			{"email", "alice@", "Cette adresse e-mail n’est pas valide."},
			{"password", "short", "au moins 8 caractères"},
			{"password", "nouppercase1", "une majuscule"},
			{"accept_terms", "", "conditions d’utilisation"},
		}
		for _, c := range cases {
			form := signupForm("alice@example.org")
			form.Set(c.field, c.value)
			r := b.post("/signup", form)
			if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, c.message) {
				t.Errorf("%s=%q: %d, message %q missing", c.field, c.value, r.status, c.message)
			}
			if c.field != "email" && !strings.Contains(r.body, `value="alice@example.org"`) {
				t.Errorf("%s: the address typed was not kept", c.field)
			}
			if strings.Contains(r.body, "Secret123") {
				t.Errorf("%s: the password was sent back", c.field)
			}
		}
		if _, err := account.NewStore(db).UserByEmail(ctx, "alice@example.org"); err == nil {
			t.Fatal("a refused sign-up created a user")
		}
	})
}

func TestSignupConfirmLogin(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		b := e.browser()
		first := b.post("/signup", signupForm("alice@example.org"))
		if first.status != 200 || !strings.Contains(first.body, "Vérifiez votre boîte e-mail") {
			t.Fatalf("sign-up: %d", first.status)
		}
		link := e.lastLink("alice@example.org")
		// Signing up again with the address gives the very same page.
		second := e.browser().post("/signup", signupForm("alice@example.org"))
		if second.status != first.status || extractMain(second.body) != extractMain(first.body) {
			t.Fatal("a second sign-up with the same address answers differently")
		}
		if r := b.get(link); r.status != 200 || !strings.Contains(r.body, "Adresse confirmée") {
			t.Fatalf("confirm: %d", r.status)
		}
		if r := b.get(link); r.status != 400 {
			t.Fatalf("second use of the link: %d", r.status)
		}
		if r := b.post("/login", url.Values{"email": {"alice@example.org"}, "password": {"Wrong1234"}}); r.status != 401 ||
			!strings.Contains(r.body, "Adresse e-mail ou mot de passe incorrect") {
			t.Fatalf("wrong password: %d", r.status)
		}
		r := b.post("/login", url.Values{"email": {"alice@example.org"}, "password": {"Secret123"}, "next": {"/account/apikeys"}})
		if r.status != 303 || r.header.Get("Location") != "/account/apikeys" {
			t.Fatalf("login: %d %s", r.status, r.header.Get("Location"))
		}
		set := r.header.Get("Set-Cookie")
		if !strings.Contains(set, web.SessionCookie+"=") || !strings.Contains(set, "HttpOnly") || !strings.Contains(set, "SameSite=Lax") {
			t.Fatalf("session cookie: %s", set)
		}
		first1 := b.cookie(web.SessionCookie).Value
		b.post("/login", url.Values{"email": {"alice@example.org"}, "password": {"Secret123"}})
		if b.cookie(web.SessionCookie).Value == first1 {
			t.Fatal("the session id did not change at login")
		}
		if r := b.get("/account"); r.status != 200 || !strings.Contains(r.body, "alice@example.org") {
			t.Fatalf("account page: %d", r.status)
		}
		if r := b.post("/logout", url.Values{}); r.status != 303 {
			t.Fatalf("logout: %d", r.status)
		}
		if r := b.get("/account"); r.status != 303 || !strings.HasPrefix(r.header.Get("Location"), "/login?next=") {
			t.Fatalf("account after logout: %d %s", r.status, r.header.Get("Location"))
		}
	})
}

func extractMain(body string) string {
	i, j := strings.Index(body, "<main"), strings.Index(body, "</main>")
	if i < 0 || j < 0 {
		return body
	}
	return body[i:j]
}

func TestOpenRedirectRefused(t *testing.T) {
	e := newEnv(t, testdb.Open(t, sqldb.SQLite))
	b := e.signedIn("alice@example.org")
	for _, next := range []string{"//evil.example", "https://evil.example", "/\\evil.example", "/\t/evil.example/", "/%09/evil.example/"} {
		r := b.post("/login", url.Values{"email": {"alice@example.org"}, "password": {"Secret123"}, "next": {next}})
		if loc := r.header.Get("Location"); loc != "/account" {
			t.Errorf("next=%s redirected to %q", next, loc)
		}
	}
	// The login page's own link: next comes percent-decoded from the query.
	if r := b.get("/login?next=/%09/evil.example/"); r.header.Get("Location") != "/account" {
		t.Errorf("GET /login?next=/%%09/evil.example/ redirected to %q", r.header.Get("Location"))
	}
}

func TestCSRF(t *testing.T) {
	e := newEnv(t, testdb.Open(t, sqldb.SQLite))
	b := e.browser()
	b.get("/")
	form := signupForm("alice@example.org")
	if r := b.do("POST", "/signup", form); r.status != 403 {
		t.Fatalf("no token: %d", r.status)
	}
	form.Set("csrf_token", strings.Repeat("x", 43))
	if r := b.do("POST", "/signup", form); r.status != 403 {
		t.Fatalf("wrong token: %d", r.status)
	}
	b.header.Set("Sec-Fetch-Site", "cross-site")
	if r := b.post("/signup", signupForm("alice@example.org")); r.status != 403 {
		t.Fatalf("cross-site request: %d", r.status)
	}
	if _, err := account.NewStore(e.DB).UserByEmail(ctx, "alice@example.org"); err == nil {
		t.Fatal("a forged request created a user")
	}
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t, testdb.Open(t, sqldb.SQLite))
	r := e.browser().get("/login")
	want := map[string]string{
		"Content-Security-Policy": "frame-ancestors 'none'",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "no-referrer",
	}
	for h, v := range want {
		if !strings.Contains(r.header.Get(h), v) {
			t.Errorf("%s: %q, want %q", h, r.header.Get(h), v)
		}
	}
	if strings.Contains(r.header.Get("Content-Security-Policy"), "unsafe-inline") {
		t.Error("CSP allows inline code")
	}
	if strings.Contains(r.body, "<script") || strings.Contains(r.body, " style=") {
		t.Error("inline script or style in a page")
	}
}

func TestProfile(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		b := e.signedIn("alice@example.org")
		r := b.post("/account", url.Values{"first_name": {"Alice"}, "last_name": {"Martin"}, "website": {"javascript:alert(1)"}})
		if r.status != 422 || !strings.Contains(r.body, "http://") {
			t.Fatalf("bad website: %d", r.status)
		}
		about := "**GIS** <script>alert(1)</script> [x](javascript:alert(2))"
		r = b.post("/account", url.Values{"first_name": {"Alice"}, "last_name": {"Durand"}, "about": {about}, "website": {"https://sig.example.fr"}})
		if r.status != 303 {
			t.Fatalf("save: %d %s", r.status, r.body)
		}
		r = b.get("/account")
		if !strings.Contains(r.body, "<strong>GIS</strong>") {
			t.Fatal("markdown not rendered")
		}
		preview := r.body[strings.Index(r.body, `class="prose"`):]
		if strings.Contains(preview, "<script>") || strings.Contains(preview, "javascript:") {
			t.Fatalf("markdown not sanitized: %s", preview)
		}
	})
}

func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	e := newEnv(t, testdb.Open(t, sqldb.SQLite))
	here := e.signedIn("alice@example.org")
	there := e.browser()
	there.post("/login", url.Values{"email": {"alice@example.org"}, "password": {"Secret123"}})
	if r := here.get("/account/sessions"); strings.Count(r.body, `class="session"`) != 2 {
		t.Fatalf("sessions page lists %d sessions, want 2", strings.Count(r.body, `class="session"`))
	}
	r := here.post("/account/password", url.Values{"current_password": {"Wrong1234"}, "password": {"NewSecret456"}, "password_repeat": {"NewSecret456"}})
	if r.status != 422 || !strings.Contains(r.body, "mot de passe actuel est incorrect") {
		t.Fatalf("wrong current password: %d", r.status)
	}
	r = here.post("/account/password", url.Values{"current_password": {"Secret123"}, "password": {"NewSecret456"}, "password_repeat": {"NewSecret4567"}})
	if r.status != 422 {
		t.Fatalf("mismatch: %d", r.status)
	}
	here.post("/account/apikeys", url.Values{"name": {"QGIS"}})
	r = here.post("/account/password", url.Values{"current_password": {"Secret123"}, "password": {"NewSecret456"}, "password_repeat": {"NewSecret456"}})
	if r.status != 200 {
		t.Fatalf("change: %d", r.status)
	}
	// What still has access without the password is shown, with a way to end it.
	if !strings.Contains(r.body, "QGIS") || !regexp.MustCompile(`/account/apikeys/[0-9a-f-]{36}/revoke`).MatchString(r.body) {
		t.Fatalf("the page after the change does not offer to revoke the remaining key: %s", extractMain(r.body))
	}
	if r := there.get("/account"); r.status != 303 {
		t.Fatalf("the other session survived: %d", r.status)
	}
	if r := here.get("/account"); r.status != 200 {
		t.Fatalf("this session ended: %d", r.status)
	}
}

func TestSessionsRevokeOthers(t *testing.T) {
	e := newEnv(t, testdb.Open(t, sqldb.SQLite))
	here := e.signedIn("alice@example.org")
	there := e.browser()
	there.post("/login", url.Values{"email": {"alice@example.org"}, "password": {"Secret123"}})
	if r := here.post("/account/sessions/revoke-others", url.Values{}); r.status != 303 {
		t.Fatalf("revoke others: %d", r.status)
	}
	r := here.get("/account/sessions")
	if n := strings.Count(r.body, `class="session"`); n != 1 {
		t.Fatalf("%d sessions left, want 1", n)
	}
	if !strings.Contains(r.body, "Connexion") {
		t.Fatal("recent activity missing")
	}
	if r := there.get("/account"); r.status != 303 {
		t.Fatal("revoked session still works")
	}
}

func TestAPIKeysPage(t *testing.T) {
	e := newEnv(t, testdb.Open(t, sqldb.SQLite))
	// An unconfirmed account is told to confirm, and cannot create a key.
	u := e.browser()
	u.post("/signup", signupForm("unconfirmed@example.org"))
	u.post("/login", url.Values{"email": {"unconfirmed@example.org"}, "password": {"Secret123"}})
	if r := u.get("/account/apikeys"); strings.Contains(r.body, `id="apikey-submit"`) || !strings.Contains(r.body, "Confirmez d’abord") {
		t.Fatalf("the keys page offers a key to an unconfirmed account")
	}
	if r := u.post("/account/apikeys", url.Values{"name": {"QGIS"}}); r.status != 403 {
		t.Fatalf("unconfirmed account creating a key: %d", r.status)
	}
	b := e.signedIn("alice@example.org")
	// the name is optional, as udata's; a too long one is refused
	if r := b.post("/account/apikeys", url.Values{"name": {strings.Repeat("x", 256)}}); r.status != 422 {
		t.Fatalf("too long name: %d", r.status)
	}
	r := b.post("/account/apikeys", url.Values{"name": {"QGIS"}})
	key := regexp.MustCompile(`socle_[A-Za-z0-9_-]{40,}`).FindString(r.body)
	if r.status != 201 || key == "" {
		t.Fatalf("create: %d", r.status)
	}
	if u, _, err := e.Accounts.AuthenticateAPIKey(ctx, key); err != nil || u.Email != "alice@example.org" {
		t.Fatalf("the key shown does not work: %v", err)
	}
	list := b.get("/account/apikeys")
	if strings.Contains(list.body, key) || !strings.Contains(list.body, key[:12]) {
		t.Fatal("the list must show the prefix only")
	}
	id := regexp.MustCompile(`/account/apikeys/([0-9a-f-]{36})/revoke`).FindStringSubmatch(list.body)
	if id == nil {
		t.Fatal("no revoke button")
	}
	b.post("/account/apikeys/"+id[1]+"/revoke", url.Values{})
	if _, _, err := e.Accounts.AuthenticateAPIKey(ctx, key); err == nil {
		t.Fatal("revoked key still works")
	}
}

func TestLanguageSwitch(t *testing.T) {
	e := newEnv(t, testdb.Open(t, sqldb.SQLite))
	b := e.browser()
	if r := b.get("/login"); !strings.Contains(r.body, `<html lang="fr">`) {
		t.Fatal("French is not the default")
	}
	r := b.post("/lang", url.Values{"lang": {"en"}, "next": {"/login"}})
	if r.status != 303 || r.header.Get("Location") != "/login" {
		t.Fatalf("switch: %d %s", r.status, r.header.Get("Location"))
	}
	if r := b.get("/login"); !strings.Contains(r.body, `<html lang="en">`) || !strings.Contains(r.body, "Log in") {
		t.Fatal("English not shown after the switch")
	}
	b2 := e.browser()
	b2.header.Set("Accept-Language", "en-GB,en;q=0.9")
	if r := b2.get("/login"); !strings.Contains(r.body, `<html lang="en">`) {
		t.Fatal("Accept-Language ignored")
	}
}

func TestLoginRateLimit(t *testing.T) {
	e := newEnv(t, testdb.Open(t, sqldb.SQLite), func(c *account.Config) {
		c.Limits.LoginAccount = account.Rate{N: 2, Per: 10 * time.Minute}
	})
	e.signedIn("alice@example.org")
	b := e.browser()
	for range 2 {
		b.post("/login", url.Values{"email": {"alice@example.org"}, "password": {"Wrong1234"}})
	}
	r := b.post("/login", url.Values{"email": {"alice@example.org"}, "password": {"Secret123"}})
	if r.status != 429 || r.header.Get("Retry-After") == "" {
		t.Fatalf("after 2 failures: %d, Retry-After %q", r.status, r.header.Get("Retry-After"))
	}
}

func TestResetPasswordPages(t *testing.T) {
	e := newEnv(t, testdb.Open(t, sqldb.SQLite))
	e.signedIn("alice@example.org")
	b := e.browser()
	known := b.post("/password/forgot", url.Values{"email": {"alice@example.org"}})
	unknown := b.post("/password/forgot", url.Values{"email": {"nobody@example.org"}})
	if known.status != 200 || extractMain(known.body) != extractMain(unknown.body) {
		t.Fatal("the reset request reveals whether an account exists")
	}
	for _, j := range testdb.TakeJobs[account.ResetJob](t, e.DB, "account.reset") {
		if err := e.Accounts.SendReset(ctx, j); err != nil { // the queue's work
			t.Fatal(err)
		}
	}
	link := e.lastLink("alice@example.org")
	if r := b.get(link); r.status != 200 || !strings.Contains(r.body, `name="token"`) {
		t.Fatalf("reset form: %d", r.status)
	}
	token := strings.SplitN(link, "token=", 2)[1]
	r := b.post("/password/reset", url.Values{"token": {token}, "password": {"weak"}, "password_repeat": {"weak"}})
	if r.status != 422 {
		t.Fatalf("weak password: %d", r.status)
	}
	r = b.post("/password/reset", url.Values{"token": {token}, "password": {"NewSecret456"}, "password_repeat": {"NewSecret456"}})
	if r.status != 200 {
		t.Fatalf("reset: %d %s", r.status, r.body)
	}
	if r := b.get(link); r.status != 400 {
		t.Fatalf("used link: %d", r.status)
	}
}

func TestDeleteAccountPage(t *testing.T) {
	e := newEnv(t, testdb.Open(t, sqldb.SQLite))
	b := e.signedIn("alice@example.org")
	if r := b.post("/account/delete", url.Values{"current_password": {"Secret123"}}); r.status != 422 {
		t.Fatalf("without the checkbox: %d", r.status)
	}
	if r := b.post("/account/delete", url.Values{"current_password": {"Wrong1234"}, "understand": {"on"}}); r.status != 422 {
		t.Fatalf("wrong password: %d", r.status)
	}
	if r := b.post("/account/delete", url.Values{"current_password": {"Secret123"}, "understand": {"on"}}); r.status != 200 {
		t.Fatalf("delete: %d", r.status)
	}
	if r := b.get("/account"); r.status != 303 {
		t.Fatal("still signed in after deletion")
	}
}

func TestNotFoundAndStaticPages(t *testing.T) {
	e := newEnv(t, testdb.Open(t, sqldb.SQLite))
	b := e.browser()
	if r := b.get("/nope"); r.status != 404 {
		t.Fatalf("unknown page: %d", r.status)
	}
	if r := b.get("/contact"); !strings.Contains(r.body, "support@example.org") {
		t.Fatal("contact page lacks the support address")
	}
	if r := b.get("/static/style.css"); r.status != 200 {
		t.Fatalf("stylesheet: %d", r.status)
	}
}

func TestOrganizationPages(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice := e.signedIn("alice@example.org")
		form := url.Values{"name": {"Métropole du Grand Paris"}, "description": {"La métropole"}, "business_number_id": {"200054781"}}
		bad := url.Values{"name": {""}, "description": {"x"}, "business_number_id": {"123"}}
		if r := alice.post("/organizations/new", bad); r.status != 422 || !strings.Contains(r.body, "14 chiffres") {
			t.Fatalf("bad organization: %d", r.status)
		}
		r := alice.post("/organizations/new", form)
		if r.status != 303 || r.header.Get("Location") != "/organizations/metropole-du-grand-paris?done=created" {
			t.Fatalf("create: %d %s", r.status, r.header.Get("Location"))
		}
		// The same name again: a warning with the existing one, then creation only with the box ticked.
		dup := url.Values{"name": {"Metropole Grand-Paris"}, "description": {"x"}}
		if r := alice.post("/organizations/new", dup); r.status != 409 || !strings.Contains(r.body, `id="duplicates"`) ||
			!strings.Contains(r.body, "/organizations/metropole-du-grand-paris") {
			t.Fatalf("duplicate warning: %d", r.status)
		}
		dup.Set("confirm_duplicates", "on")
		if r := alice.post("/organizations/new", dup); r.status != 303 {
			t.Fatalf("confirmed duplicate: %d", r.status)
		}
		if r := e.browser().get("/organizations?q=metropole+grand+paris"); !strings.Contains(r.body, "Métropole du Grand Paris") {
			t.Fatal("search page does not find it")
		}
		bob := e.signedIn("bob@example.org")
		if r := bob.post("/organizations/metropole-du-grand-paris/join", url.Values{"comment": {" "}}); r.status != 422 {
			t.Fatalf("empty message: %d", r.status)
		}
		if r := bob.post("/organizations/metropole-du-grand-paris/join", url.Values{"comment": {"SIG"}}); r.status != 303 {
			t.Fatalf("join: %d", r.status)
		}
		if r := bob.get("/organizations/metropole-du-grand-paris"); !strings.Contains(r.body, `id="pending"`) {
			t.Fatal("pending request not shown")
		}
		if r := bob.get("/organizations/metropole-du-grand-paris/members"); r.status != 403 {
			t.Fatalf("a non-member opens the admin page: %d", r.status)
		}
		if r := alice.get("/"); !strings.Contains(r.body, `class="count"`) {
			t.Fatal("unread count missing for the admin")
		}
		if r := e.browser().get("/organizations/nope"); r.status != 404 {
			t.Fatalf("unknown organization: %d", r.status)
		}
		if r := alice.post("/account/notifications", url.Values{"requests": {"sometimes"}}); r.status != 422 {
			t.Fatalf("bad preference: %d", r.status)
		}
		if r := alice.post("/account/notifications", url.Values{"requests": {"digest"}, "answers": {"none"}}); r.status != 303 {
			t.Fatalf("preferences: %d", r.status)
		}
	})
}

func TestProducerSpaceAndDatasets(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice := e.signedIn("alice@example.org")
		if r := alice.get("/producer"); !strings.Contains(r.body, `id="no-org"`) {
			t.Fatal("a user without organization must see the two paths")
		}
		alice.post("/organizations/new", url.Values{"name": {"Métropole du Grand Paris"}, "description": {"d"}})
		o, _ := org.NewStore(db).OrgBySlug(ctx, "metropole-du-grand-paris")
		r := alice.get("/producer")
		if strings.Contains(r.body, `id="no-org"`) || !strings.Contains(r.body, "/datasets/new?org="+o.ID) {
			t.Fatal("producer space lacks the organization or its shortcut")
		}
		if r := alice.post("/datasets/new", url.Values{"organization": {o.ID}, "title": {""}, "description": {"d"}}); r.status != 422 {
			t.Fatalf("empty title: %d", r.status)
		}
		r = alice.post("/datasets/new", url.Values{"organization": {o.ID}, "title": {"Réseau de bus"}, "description": {"Horaires"},
			"tags": {"gtfs, bus"}, "license": {"lov2"}, "frequency": {"weekly"}, "publish": {"draft"}})
		if r.status != 303 || r.header.Get("Location") != "/datasets/reseau-de-bus?done=created" {
			t.Fatalf("create: %d %s", r.status, r.header.Get("Location"))
		}
		if r := e.browser().get("/datasets/reseau-de-bus"); r.status != 404 {
			t.Fatalf("a draft is visible to visitors: %d", r.status)
		}
		if r := alice.get("/datasets/reseau-de-bus"); !strings.Contains(r.body, `id="draft"`) || !strings.Contains(r.body, `id="edit-dataset"`) {
			t.Fatal("the author does not see the draft with its edit link")
		}
		r = alice.post("/datasets/reseau-de-bus/edit", url.Values{"title": {"Réseau de bus"}, "description": {"Horaires"}, "license": {"lov2"}, "frequency": {"weekly"}, "publish": {"now"}})
		if r.status != 303 {
			t.Fatalf("publish: %d", r.status)
		}
		if r := e.browser().get("/organizations/metropole-du-grand-paris/datasets"); !strings.Contains(r.body, "/datasets/reseau-de-bus") {
			t.Fatal("the published dataset is not on the organization page")
		}
		bob := e.signedIn("bob@example.org")
		if r := bob.post("/datasets/reseau-de-bus/edit", url.Values{"title": {"pirate"}, "description": {"x"}}); r.status != 403 {
			t.Fatalf("a stranger edits: %d", r.status)
		}
	})
}

func TestTransferPages(t *testing.T) {
	e := newEnv(t, testdb.Open(t, sqldb.SQLite))
	alice, bob := e.signedIn("alice@example.org"), e.signedIn("bob@example.org")
	bob.post("/organizations/new", url.Values{"name": {"Rennes Métropole"}, "description": {"d"}})
	alice.post("/datasets/new", url.Values{"title": {"Mes relevés"}, "description": {"d"}, "license": {"lov2"}, "frequency": {"weekly"}, "publish": {"now"}})
	if r := alice.post("/datasets/mes-releves/transfer", url.Values{"organization": {"nope"}}); r.status != 422 {
		t.Fatalf("unknown organization: %d", r.status)
	}
	if r := alice.post("/datasets/mes-releves/transfer", url.Values{"organization": {"rennes-metropole"}}); r.status != 303 {
		t.Fatalf("request: %d", r.status)
	}
	r := bob.get("/producer")
	id := regexp.MustCompile(`/transfers/([0-9a-f]{24})/accept`).FindStringSubmatch(r.body)
	if id == nil {
		t.Fatal("the receiving admin does not see the transfer")
	}
	// The requester is offered to withdraw, never to accept.
	if r := alice.get("/producer"); strings.Contains(r.body, "/accept") || !strings.Contains(r.body, "/transfers/"+id[1]+"/refuse") {
		t.Fatalf("the requester's page: %s", r.body)
	}
	if r := alice.post("/transfers/"+id[1]+"/accept", url.Values{}); r.status != 403 {
		t.Fatalf("the requester accepts: %d", r.status)
	}
	if r := bob.post("/transfers/"+id[1]+"/accept", url.Values{}); r.status != 303 {
		t.Fatalf("accept: %d", r.status)
	}
	if r := e.browser().get("/organizations/rennes-metropole/datasets"); !strings.Contains(r.body, "/datasets/mes-releves") {
		t.Fatal("the dataset did not move")
	}
}

// TestDeletedDatasetPage: a deleted dataset's page shows it, deleted and
// without forms, to who could edit it; to others 410 if it was public, 404
// if it was private (its existence stays hidden).
func TestDeletedDatasetPage(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice, bob, anon := e.signedIn("alice@example.org"), e.signedIn("bob@example.org"), e.browser()
		form := url.Values{"title": {"Mes relevés"}, "description": {"d"}, "license": {"lov2"}, "frequency": {"weekly"}, "publish": {"now"}}
		alice.post("/datasets/new", form)
		form.Set("title", "Mes notes")
		form.Set("private", "on")
		alice.post("/datasets/new", form)
		u, err := account.NewStore(db).UserByEmail(ctx, "alice@example.org")
		if err != nil {
			t.Fatal(err)
		}
		cat := catalog.NewService(db, nil)
		for _, slug := range []string{"mes-releves", "mes-notes"} {
			if err := cat.Delete(ctx, u, slugID(t, cat, u, slug)); err != nil {
				t.Fatal(err)
			}
		}
		if r := alice.get("/datasets/mes-notes"); r.status != 200 || !strings.Contains(r.body, `id="deleted"`) || strings.Contains(r.body, `id="edit-dataset"`) {
			t.Fatalf("the owner's page of a deleted dataset: %d", r.status)
		}
		if r := alice.post("/datasets/mes-notes/resources", url.Values{"title": {"x"}, "url": {"https://example.org/x.csv"}}); r.status != 410 {
			t.Errorf("adding a link to a deleted dataset: %d", r.status)
		}
		for who, b := range map[string]*browser{"bob": bob, "anonymous": anon} {
			if r := b.get("/datasets/mes-releves"); r.status != 410 {
				t.Errorf("%s, deleted public dataset: %d, want 410", who, r.status)
			}
			if r := b.get("/datasets/mes-notes"); r.status != 404 {
				t.Errorf("%s, deleted private dataset: %d, want 404", who, r.status)
			}
		}
	})
}

func slugID(t *testing.T, cat *catalog.Service, u account.User, slug string) string {
	t.Helper()
	d, err := cat.Get(ctx, u, slug)
	if err != nil {
		t.Fatal(err)
	}
	return d.ID
}
