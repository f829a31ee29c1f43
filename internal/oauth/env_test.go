package oauth_test

import (
	"context"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/oauth"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
	"github.com/socle-portal/socle/internal/testenv"
)

var ctx = context.Background()

// env is the OAuth service on a real database, with a sysadmin to register
// clients.
type env struct {
	*testenv.Env
	st    oauth.Store
	admin account.User
}

// forEachBackend runs fn on a fresh database of every backend.
func forEachBackend(t *testing.T, fn func(t *testing.T, e *env)) {
	t.Helper()
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) { fn(t, newEnv(t, db)) })
}

func newEnv(t *testing.T, db *sqldb.DB) *env {
	t.Helper()
	x := testenv.New(t, db)
	e := &env{Env: x, st: oauth.NewStore(db)}
	e.admin = e.Sysadmin(t)
	return e
}

// user makes an active user with a confirmed address, a sysadmin when
// asked.
func (e *env) user(t *testing.T, sysadmin bool) account.User {
	t.Helper()
	if sysadmin {
		return e.Sysadmin(t)
	}
	return e.User(t, "camille")
}

// unconfirmed makes an active user who has not confirmed their address.
func (e *env) unconfirmed(t *testing.T) account.User { t.Helper(); return e.Unconfirmed(t, "camille") }

// client registers a client; a name and a redirect URI are filled in when
// nc has none.
func (e *env) client(t *testing.T, nc oauth.NewClient) (oauth.Client, string) {
	t.Helper()
	if nc.Name == "" {
		nc.Name = "Outil de publication"
	}
	if nc.RedirectURIs == nil {
		nc.RedirectURIs = []string{"https://tool.example.org/callback?from=socle"}
	}
	c, secret, err := e.OAuth.CreateClient(ctx, e.admin, nc)
	if err != nil {
		t.Fatal(err)
	}
	return c, secret
}

// request stores an authorization request for c, as the provider would
// at /oauth/authorize, valid for AuthRequestTTL from now.
func (e *env) request(t *testing.T, c oauth.Client, scopes ...string) oauth.AuthRequest {
	t.Helper()
	return e.requestWith(t, c, nil, scopes...)
}

// requestWith stores a request that edit changed first (prompt, max_age).
func (e *env) requestWith(t *testing.T, c oauth.Client, edit func(*oauth.AuthRequest), scopes ...string) oauth.AuthRequest {
	t.Helper()
	now := time.Now().UTC()
	r := oauth.AuthRequest{ID: account.NewID(), ClientID: c.ID, RedirectURI: c.RedirectURIs[0], Scopes: scopes,
		State: "st4te &=x", CreatedAt: now, ExpiresAt: now.Add(oauth.AuthRequestTTL)}
	if edit != nil {
		edit(&r)
	}
	if err := e.st.InTx(ctx, func(tx oauth.Tx) error { return tx.CreateAuthRequest(ctx, r) }); err != nil {
		t.Fatal(err)
	}
	return r
}

// consent returns whether u would see the consent screen for request id.
func (e *env) consent(t *testing.T, u account.User, id string) bool {
	t.Helper()
	a, err := e.OAuth.Pending(ctx, u, id)
	if err != nil {
		t.Fatalf("pending: %v", err)
	}
	need, err := e.OAuth.NeedsConsent(ctx, u, a)
	if err != nil {
		t.Fatal(err)
	}
	return need
}

// approve answers yes to a new request for scopes.
func (e *env) approve(t *testing.T, u account.User, c oauth.Client, scopes ...string) oauth.AuthRequest {
	t.Helper()
	r := e.request(t, c, scopes...)
	if err := e.OAuth.Approve(ctx, u, r.ID, time.Time{}); err != nil {
		t.Fatalf("approve %v: %v", scopes, err)
	}
	return r
}
