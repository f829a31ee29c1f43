package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/api"
	"github.com/socle-portal/socle/internal/mydata"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
	"github.com/socle-portal/socle/internal/testenv"
)

var ctx = context.Background()

type env struct {
	*testenv.Env
	srv   *httptest.Server
	alice account.User
	key   string // alice's API key
}

// newEnv serves the API, with uploads up to 1 MiB, and gives alice a key.
func newEnv(t testing.TB, db *sqldb.DB) *env {
	t.Helper()
	x := testenv.New(t, db, testenv.MaxUpload(1<<20))
	e := &env{Env: x}
	e.srv = httptest.NewServer(validating(t, api.New(api.Deps{Accounts: x.Accounts, Orgs: x.Orgs, Catalog: x.Catalog,
		Directory: x.Directory, Export: mydata.New(db, nil), Follows: x.Follows}, testBase, slog.New(slog.DiscardHandler)).Handler()))
	t.Cleanup(e.srv.Close)
	var err error
	e.alice, err = e.Accounts.CreateUser(ctx, account.NewUser{Email: "alice@example.org", FirstName: "Alice",
		LastName: "Martin", Password: "Secret123", Confirmed: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, e.key, err = e.Accounts.CreateAPIKey(ctx, e.alice, "test", account.Meta{}); err != nil {
		t.Fatal(err)
	}
	return e
}

type call struct {
	method, path, body string
	headers            map[string]string
	key                string // X-API-KEY; "-" for none
	wantStatus         int
	want               []string // substrings of the body
	notWant            []string
}

func (e *env) do(t *testing.T, c call) (int, []byte, http.Header) {
	t.Helper()
	var body io.Reader
	if c.body != "" {
		body = strings.NewReader(c.body)
	}
	req, _ := http.NewRequest(c.method, e.srv.URL+c.path, body)
	if c.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	switch c.key {
	case "":
		req.Header.Set("X-API-KEY", e.key)
	case "-":
	default:
		req.Header.Set("X-API-KEY", c.key)
	}
	for k, v := range c.headers {
		req.Header.Set(k, v)
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b, res.Header
}

func (e *env) check(t *testing.T, cases []call) {
	t.Helper()
	for _, c := range cases {
		status, b, _ := e.do(t, c)
		name := c.method + " " + c.path + " " + c.body
		if status != c.wantStatus {
			t.Errorf("%s: status %d, want %d (%s)", name, status, c.wantStatus, b)
		}
		for _, s := range c.want {
			if !bytes.Contains(b, []byte(s)) {
				t.Errorf("%s: body lacks %q: %s", name, s, b)
			}
		}
		for _, s := range c.notWant {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("%s: body has %q: %s", name, s, b)
			}
		}
	}
}

func TestMe(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		e.check(t, []call{
			{method: "GET", path: "/api/1/me/", wantStatus: 200,
				want: []string{`"id":"` + e.alice.ID, `"first_name":"Alice"`, `"email":"alice@example.org"`, `"slug":"alice-martin"`}},
			{method: "GET", path: "/api/1/me/", key: "-", wantStatus: 401, want: []string{"Authentication required"}},
			{method: "GET", path: "/api/1/me/", key: "socle_unknownunknownunknownunknown", wantStatus: 401, want: []string{`"Invalid API token"`}},
			{method: "GET", path: "/api/1/me/", headers: map[string]string{"X-Fields": "{id,first_name}"}, wantStatus: 200,
				want: []string{`"first_name"`}, notWant: []string{`"email"`, `"last_name"`}},
			{method: "GET", path: "/api/1/me/", headers: map[string]string{"X-Fields": "{id"}, wantStatus: 400, want: []string{"X-Fields"}},
			{method: "GET", path: "/api/1/me", wantStatus: 308},
			{method: "GET", path: "/api/1/nothing/", wantStatus: 404},
		})
	})
}

func TestPutMeRejectsBadInput(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		e.check(t, []call{
			{method: "PUT", path: "/api/1/me/", body: `{"first_name": ""}`, wantStatus: 400, want: []string{`"first_name"`}},
			{method: "PUT", path: "/api/1/me/", body: `{"website": "ftp://x"}`, wantStatus: 400, want: []string{`"website"`}},
			{method: "PUT", path: "/api/1/me/", body: `{"first_name": 12}`, wantStatus: 400, want: []string{`"first_name"`}},
			{method: "PUT", path: "/api/1/me/", body: `{"nope": 1}`, wantStatus: 400, want: []string{`"nope"`}},
			{method: "PUT", path: "/api/1/me/", body: `[1, 2]`, wantStatus: 400, want: []string{"expecting a JSON object"}},
			{method: "PUT", path: "/api/1/me/", body: `{"first_name": `, wantStatus: 400},
			{method: "PUT", path: "/api/1/me/", body: `"x"`, wantStatus: 400},
			{method: "PUT", path: "/api/1/me/", body: `{"first_name":"A"}`, headers: map[string]string{"Content-Type": "text/plain"},
				wantStatus: 400, want: []string{"expecting application/json"}},
			{method: "PUT", path: "/api/1/me/", body: `{"first_name":"` + strings.Repeat("x", 2<<20) + `"}`, wantStatus: 413},
		})
		if u, _ := account.NewStore(db).UserByID(ctx, e.alice.ID); u.FirstName != "Alice" {
			t.Fatalf("a refused update wrote: %+v", u)
		}
		e.check(t, []call{
			{method: "PUT", path: "/api/1/me/", body: `{"first_name": "Alicia", "id": "ignored", "about": "GIS"}`,
				wantStatus: 200, want: []string{`"first_name":"Alicia"`, `"about":"GIS"`, `"last_name":"Martin"`}},
		})
	})
}

func TestAPITokens(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		status, b, _ := e.do(t, call{method: "POST", path: "/api/1/me/api_tokens/", body: `{"name": "ci"}`})
		var created struct{ ID, Token, Token_prefix string }
		json.Unmarshal(b, &created)
		if status != 201 || !strings.HasPrefix(created.Token, "socle_") || created.ID == "" {
			t.Fatalf("create: %d %s", status, b)
		}
		bob, _ := e.Accounts.CreateUser(ctx, account.NewUser{Email: "bob@example.org", FirstName: "Bob", LastName: "B",
			Password: "Secret123", Confirmed: true})
		_, bobKey, _ := e.Accounts.CreateAPIKey(ctx, bob, "bob", account.Meta{})
		e.check(t, []call{
			{method: "GET", path: "/api/1/me/", key: created.Token, wantStatus: 200, want: []string{e.alice.ID}},
			{method: "GET", path: "/api/1/me/api_tokens/", wantStatus: 200, want: []string{`"name":"ci"`, `"token_prefix"`}, notWant: []string{created.Token}},
			{method: "POST", path: "/api/1/me/api_tokens/", body: `{}`, wantStatus: 201, want: []string{`"name":null`}},
			{method: "POST", path: "/api/1/me/api_tokens/", body: `{"name": "x", "expires_at": "yesterday"}`, wantStatus: 400, want: []string{`"expires_at"`}},
			{method: "POST", path: "/api/1/me/api_tokens/", body: `{"name": "x", "expires_at": "2001-01-01"}`, wantStatus: 400, want: []string{`"expires_at"`}},
			{method: "POST", path: "/api/1/me/api_tokens/", body: `{"name": "x", "scopes": ["admin"]}`, wantStatus: 400, want: []string{`"scopes"`}},
			{method: "DELETE", path: "/api/1/me/api_tokens/" + created.ID + "/", key: bobKey, wantStatus: 404},
			{method: "DELETE", path: "/api/1/me/api_tokens/" + created.ID + "/", wantStatus: 204},
			{method: "DELETE", path: "/api/1/me/api_tokens/" + created.ID + "/", wantStatus: 410},
			{method: "GET", path: "/api/1/me/", key: created.Token, wantStatus: 401, want: []string{`"Revoked API token"`}},
		})
	})
}

func TestUsersAndDeletion(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		e.check(t, []call{
			{method: "GET", path: "/api/1/users/" + e.alice.ID + "/", key: "-", wantStatus: 200,
				want: []string{`"first_name":"Alice"`, `"email":null`, `"last_login_at":null`}, notWant: []string{"alice@example.org"}},
			{method: "GET", path: "/api/1/users/alice-martin/", key: "-", wantStatus: 200},
			{method: "GET", path: "/api/1/users/nobody/", key: "-", wantStatus: 404},
			{method: "DELETE", path: "/api/1/me/", wantStatus: 204},
			{method: "GET", path: "/api/1/me/", wantStatus: 401, want: []string{"Revoked API token"}},
			{method: "GET", path: "/api/1/users/" + e.alice.ID + "/", key: "-", wantStatus: 410},
		})
	})
}
