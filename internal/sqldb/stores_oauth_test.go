package sqldb_test

import (
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/oauth"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// oauthFixture is a client with two users, each with a grant to it.
type oauthFixture struct {
	st     oauth.Store
	client oauth.Client
	u, v   account.User
	gu, gv oauth.Grant
}

func newOAuthFixture(t *testing.T, db *sqldb.DB) *oauthFixture {
	t.Helper()
	f := &oauthFixture{st: oauth.NewStore(db), u: user("uuuuuuuuuuuuuuuuuuuuuuuu", "u@example.org"), v: user("vvvvvvvvvvvvvvvvvvvvvvvv", "v@example.org")}
	if err := account.NewStore(db).InTx(ctx, func(tx account.Tx) error {
		if err := tx.CreateUser(ctx, f.u); err != nil {
			return err
		}
		return tx.CreateUser(ctx, f.v)
	}); err != nil {
		t.Fatal(err)
	}
	f.client = oauth.Client{ID: "client-1", Name: "Outil", SecretHash: "h", RedirectURIs: []string{"https://tool.example.org/cb"},
		Scopes: oauth.DefaultClientScopes, CreatedAt: t0}
	f.tx(t, func(tx oauth.Tx) error { return tx.CreateClient(ctx, f.client) })
	f.gu = f.grant(t, "grant-u", f.u.ID, "openid", "default")
	f.gv = f.grant(t, "grant-v", f.v.ID, "openid")
	return f
}

func (f *oauthFixture) setCode(t *testing.T, id, hash string) (ok bool, err error) {
	t.Helper()
	f.tx(t, func(tx oauth.Tx) error {
		ok, err = tx.SetCode(ctx, id, hash, t0.Add(oauth.CodeTTL))
		return nil
	})
	return ok, err
}

func (f *oauthFixture) tx(t *testing.T, fn func(oauth.Tx) error) {
	t.Helper()
	if err := f.st.InTx(ctx, fn); err != nil {
		t.Fatal(err)
	}
}

func (f *oauthFixture) grant(t *testing.T, id, userID string, scopes ...string) oauth.Grant {
	t.Helper()
	var g oauth.Grant
	f.tx(t, func(tx oauth.Tx) (err error) {
		g, err = tx.SaveGrant(ctx, oauth.Grant{ID: id, UserID: userID, ClientID: f.client.ID, Scopes: scopes, CreatedAt: t0, UpdatedAt: t0})
		return err
	})
	return g
}

// token stores a token of grant g, made by request requestID, valid for an
// hour from t0; refresh tokens get a hash.
func (f *oauthFixture) token(t *testing.T, id, kind string, g oauth.Grant, requestID string) oauth.Token {
	t.Helper()
	tk := oauth.Token{ID: id, Kind: kind, GrantID: g.ID, RequestID: requestID, Scopes: g.Scopes,
		AuthTime: t0, CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}
	if kind == oauth.KindRefresh {
		tk.TokenHash = "hash-" + id
	}
	f.tx(t, func(tx oauth.Tx) error { return tx.CreateToken(ctx, tk) })
	return tk
}

func (f *oauthFixture) request(t *testing.T, id string, expires time.Time) oauth.AuthRequest {
	t.Helper()
	r := oauth.AuthRequest{ID: id, ClientID: f.client.ID, RedirectURI: f.client.RedirectURIs[0], Scopes: []string{"openid"},
		State: "s", CreatedAt: t0, ExpiresAt: expires}
	f.tx(t, func(tx oauth.Tx) error { return tx.CreateAuthRequest(ctx, r) })
	return r
}

// once runs a conditional write twice and wants true, then false.
func once(t *testing.T, f *oauthFixture, what string, fn func(oauth.Tx) (bool, error)) {
	t.Helper()
	for i, want := range []bool{true, false} {
		var got bool
		f.tx(t, func(tx oauth.Tx) (err error) {
			got, err = fn(tx)
			return err
		})
		if got != want {
			t.Fatalf("%s, call %d: %v, want %v", what, i+1, got, want)
		}
	}
}

func TestOAuthClientRoundTrip(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		f := newOAuthFixture(t, db)
		got, err := f.st.Client(ctx, f.client.ID)
		if err != nil || got.Name != "Outil" || got.SecretHash != "h" || !slices.Equal(got.RedirectURIs, f.client.RedirectURIs) ||
			!slices.Equal(got.Scopes, oauth.DefaultClientScopes) || !got.CreatedAt.Equal(t0) {
			t.Fatalf("client round trip: %+v, %v", got, err)
		}
		if _, err := f.st.Client(ctx, "nope"); !errors.Is(err, oauth.ErrNotFound) {
			t.Fatalf("unknown client: %v, want ErrNotFound", err)
		}
	})
}

func TestOAuthUseRefreshOnce(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		f := newOAuthFixture(t, db)
		rt := f.token(t, "rt", oauth.KindRefresh, f.gu, "r1")
		once(t, f, "UseRefresh", func(tx oauth.Tx) (bool, error) { return tx.UseRefresh(ctx, rt.ID, t0.Add(time.Minute)) })
		got, err := f.st.TokenByHash(ctx, rt.TokenHash)
		if err != nil || !got.UsedAt.Equal(t0.Add(time.Minute)) || got.Valid(t0.Add(2*time.Minute)) {
			t.Fatalf("rotated refresh token: %+v, %v", got, err)
		}

		// Not a refresh token, revoked, or expired (a shorter fractional
		// part must still compare after): never used.
		at := f.token(t, "at", oauth.KindAccess, f.gu, "r1")
		revoked := f.token(t, "revoked", oauth.KindRefresh, f.gu, "r1")
		expired := f.token(t, "expired", oauth.KindRefresh, f.gu, "r1")
		f.tx(t, func(tx oauth.Tx) error { return tx.RevokeToken(ctx, revoked.ID, t0) })
		for _, c := range []struct {
			id string
			at time.Time
		}{
			{at.ID, t0.Add(time.Minute)},
			{revoked.ID, t0.Add(time.Minute)},
			{expired.ID, expired.ExpiresAt},
			{expired.ID, expired.ExpiresAt.Truncate(time.Second).Add(time.Second)},
			{"nope", t0},
		} {
			var ok bool
			f.tx(t, func(tx oauth.Tx) (err error) {
				ok, err = tx.UseRefresh(ctx, c.id, c.at)
				return err
			})
			if ok {
				t.Errorf("UseRefresh(%s at %v) succeeded", c.id, c.at)
			}
		}
	})
}

func TestOAuthUseRefreshUnderConcurrency(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		f := newOAuthFixture(t, db)
		rt := f.token(t, "rt", oauth.KindRefresh, f.gu, "r1")
		var won atomic.Int32
		var wg sync.WaitGroup
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := f.st.InTx(ctx, func(tx oauth.Tx) error {
					ok, err := tx.UseRefresh(ctx, rt.ID, t0.Add(time.Minute))
					if ok {
						won.Add(1)
					}
					return err
				})
				if err != nil {
					t.Errorf("use: %v", err)
				}
			}()
		}
		wg.Wait()
		if won.Load() != 1 {
			t.Fatalf("%d rotations of one refresh token, want 1", won.Load())
		}
	})
}

func TestOAuthApproveAuthRequestOnce(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		f := newOAuthFixture(t, db)
		r := f.request(t, "r1", t0.Add(time.Hour))
		users := []string{f.u.ID, f.v.ID}
		i := 0
		once(t, f, "ApproveAuthRequest", func(tx oauth.Tx) (bool, error) {
			i++
			return tx.ApproveAuthRequest(ctx, r.ID, users[i-1], []string{"openid", "default"}, t0.Add(time.Duration(i)*time.Minute))
		})
		got, err := f.st.AuthRequest(ctx, r.ID)
		if err != nil || got.UserID != f.u.ID || !slices.Equal(got.Scopes, []string{"openid", "default"}) ||
			!got.AuthTime.Equal(t0.Add(time.Minute)) {
			t.Fatalf("the second approval changed the request: %+v, %v", got, err)
		}
	})
}

func TestOAuthMarkExchangedOnce(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		f := newOAuthFixture(t, db)
		r := f.request(t, "r1", t0.Add(time.Hour))
		if ok, _ := f.setCode(t, r.ID, "early"); ok {
			t.Fatal("a code for a request nobody approved")
		}
		f.tx(t, func(tx oauth.Tx) error {
			_, err := tx.ApproveAuthRequest(ctx, r.ID, f.u.ID, []string{"openid"}, t0)
			return err
		})
		if ok, err := f.setCode(t, r.ID, "code-hash"); !ok || err != nil {
			t.Fatalf("first code: %v %v", ok, err)
		}
		if ok, _ := f.setCode(t, r.ID, "replayed"); ok {
			t.Fatal("a second code for one authorization")
		}
		i := 0
		once(t, f, "MarkExchanged", func(tx oauth.Tx) (bool, error) {
			i++
			return tx.MarkExchanged(ctx, r.ID, t0.Add(time.Duration(i)*time.Second))
		})
		got, err := f.st.AuthRequestByCode(ctx, "code-hash")
		if err != nil || got.ID != r.ID || !got.ExchangedAt.Equal(t0.Add(time.Second)) {
			t.Fatalf("exchanged request: %+v, %v", got, err)
		}
		// An exchanged request outlives DeleteAuthRequest, so that its code
		// presented again is recognized.
		f.tx(t, func(tx oauth.Tx) error { return tx.DeleteAuthRequest(ctx, r.ID) })
		if _, err := f.st.AuthRequest(ctx, r.ID); err != nil {
			t.Fatalf("exchanged request deleted: %v", err)
		}
	})
}

// TestOAuthSaveGrantUpsert: a second save for the same user and client
// updates the one grant, keeping its id and creation time.
func TestOAuthSaveGrantUpsert(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		f := newOAuthFixture(t, db)
		var g oauth.Grant
		f.tx(t, func(tx oauth.Tx) (err error) {
			g, err = tx.SaveGrant(ctx, oauth.Grant{ID: "grant-u-2", UserID: f.u.ID, ClientID: f.client.ID,
				Scopes: []string{"openid", "default", "email"}, CreatedAt: t0.Add(time.Hour), UpdatedAt: t0.Add(time.Hour)})
			return err
		})
		if g.ID != f.gu.ID || !g.CreatedAt.Equal(t0) || !g.UpdatedAt.Equal(t0.Add(time.Hour)) ||
			!slices.Equal(g.Scopes, []string{"openid", "default", "email"}) {
			t.Fatalf("upserted grant: %+v", g)
		}
		grants, err := f.st.GrantsOf(ctx, f.u.ID)
		if err != nil || len(grants) != 1 || grants[0].ID != f.gu.ID || !slices.Equal(grants[0].Scopes, g.Scopes) {
			t.Fatalf("grants of u: %+v, %v", grants, err)
		}
		if gv, _ := f.st.Grant(ctx, f.v.ID, f.client.ID); !slices.Equal(gv.Scopes, []string{"openid"}) {
			t.Fatalf("u's save changed v's grant: %v", gv.Scopes)
		}
	})
}

// TestOAuthSaveGrantNeverNarrows: SaveGrant is documented to widen the
// existing grant, so that two approvals racing on the (user, client) key
// both keep their scopes. A save with other scopes must not drop the
// earlier ones.
func TestOAuthSaveGrantNeverNarrows(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		f := newOAuthFixture(t, db)
		f.grant(t, "grant-u-2", f.u.ID, "read")
		g, err := f.st.Grant(ctx, f.u.ID, f.client.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range []string{"openid", "default", "read"} {
			if !slices.Contains(g.Scopes, s) {
				t.Errorf("grant lost %q: %v", s, g.Scopes)
			}
		}
	})
}

func TestOAuthTokensOfDeletedClient(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		f := newOAuthFixture(t, db)
		at := f.token(t, "at", oauth.KindAccess, f.gu, "r1")
		rt := f.token(t, "rt", oauth.KindRefresh, f.gu, "r1")
		if got, err := f.st.Token(ctx, at.ID); err != nil || got.UserID != f.u.ID || got.ClientID != f.client.ID {
			t.Fatalf("token before deletion: %+v, %v", got, err)
		}
		f.tx(t, func(tx oauth.Tx) error { return tx.DeleteClient(ctx, f.client.ID, t0.Add(time.Minute)) })
		if _, err := f.st.Token(ctx, at.ID); !errors.Is(err, oauth.ErrNotFound) {
			t.Errorf("access token of a deleted client: %v, want ErrNotFound", err)
		}
		if _, err := f.st.TokenByHash(ctx, rt.TokenHash); !errors.Is(err, oauth.ErrNotFound) {
			t.Errorf("refresh token of a deleted client: %v, want ErrNotFound", err)
		}
		if _, err := f.st.Client(ctx, f.client.ID); !errors.Is(err, oauth.ErrNotFound) {
			t.Errorf("deleted client: %v, want ErrNotFound", err)
		}
		if grants, _ := f.st.GrantsOf(ctx, f.v.ID); len(grants) != 0 {
			t.Errorf("grants of a deleted client: %v", grants)
		}
	})
}

func TestOAuthRevokeGrantTokens(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		f := newOAuthFixture(t, db)
		early := f.token(t, "early", oauth.KindAccess, f.gu, "r1")
		f.tx(t, func(tx oauth.Tx) error { return tx.RevokeToken(ctx, early.ID, t0) })
		mine := []oauth.Token{early, f.token(t, "at1", oauth.KindAccess, f.gu, "r1"),
			f.token(t, "rt1", oauth.KindRefresh, f.gu, "r1"), f.token(t, "at2", oauth.KindAccess, f.gu, "")}
		theirs := f.token(t, "atv", oauth.KindAccess, f.gv, "r2")
		at := t0.Add(time.Minute)
		f.tx(t, func(tx oauth.Tx) error { return tx.RevokeGrantTokens(ctx, f.gu.ID, at) })
		for _, tk := range mine {
			got, err := f.st.Token(ctx, tk.ID)
			want := at
			if tk.ID == early.ID {
				want = t0 // a revoked token keeps the time of its revocation
			}
			if err != nil || !got.RevokedAt.Equal(want) || got.Valid(t0.Add(2*time.Minute)) {
				t.Errorf("%s: revoked at %v (%v), want %v", tk.ID, got.RevokedAt, err, want)
			}
		}
		if got, _ := f.st.Token(ctx, theirs.ID); !got.RevokedAt.IsZero() {
			t.Errorf("another grant's token was revoked")
		}
	})
}

// TestOAuthRevokeRequestTokens: a replayed code revokes every token of its
// grant, the ones refreshed since (which carry no request) included, and
// nothing of other grants.
func TestOAuthRevokeRequestTokens(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		f := newOAuthFixture(t, db)
		mine := []oauth.Token{f.token(t, "at1", oauth.KindAccess, f.gu, "r1"), f.token(t, "rt1", oauth.KindRefresh, f.gu, "r1"),
			f.token(t, "at2", oauth.KindAccess, f.gu, ""), f.token(t, "rt2", oauth.KindRefresh, f.gu, "")}
		theirs := []oauth.Token{f.token(t, "atv", oauth.KindAccess, f.gv, "r2"), f.token(t, "atv2", oauth.KindAccess, f.gv, "")}
		at := t0.Add(time.Minute)
		f.tx(t, func(tx oauth.Tx) error { return tx.RevokeRequestTokens(ctx, "r1", at) })
		for _, tk := range mine {
			if got, err := f.st.Token(ctx, tk.ID); err != nil || !got.RevokedAt.Equal(at) {
				t.Errorf("%s: revoked at %v (%v), want %v", tk.ID, got.RevokedAt, err, at)
			}
		}
		for _, tk := range theirs {
			if got, _ := f.st.Token(ctx, tk.ID); !got.RevokedAt.IsZero() {
				t.Errorf("%s of another grant was revoked", tk.ID)
			}
		}
	})
}

func TestOAuthDeleteExpired(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		f := newOAuthFixture(t, db)
		now := t0.Add(48 * time.Hour)
		expired := f.request(t, "expired", now.Add(-time.Second))
		justExpired := f.request(t, "just-expired", now.Add(-time.Microsecond))
		live := f.request(t, "live", now.Add(time.Minute))
		// Tokens stay a day past expiry, so that a replayed refresh token
		// is still recognized.
		old := f.token(t, "old", oauth.KindRefresh, f.gu, "r1")
		f.tx(t, func(tx oauth.Tx) error {
			return tx.CreateToken(ctx, oauth.Token{ID: "recent", Kind: oauth.KindRefresh, GrantID: f.gu.ID, TokenHash: "hash-recent",
				Scopes: []string{"openid"}, AuthTime: t0, CreatedAt: t0, ExpiresAt: now.Add(-time.Hour)})
		})
		// old expired at t0+1h, 47h before now.
		f.tx(t, func(tx oauth.Tx) error { return tx.DeleteExpired(ctx, now) })
		for _, id := range []string{expired.ID, justExpired.ID} {
			if _, err := f.st.AuthRequest(ctx, id); !errors.Is(err, oauth.ErrNotFound) {
				t.Errorf("request %s kept: %v", id, err)
			}
		}
		if _, err := f.st.AuthRequest(ctx, live.ID); err != nil {
			t.Errorf("live request removed: %v", err)
		}
		if _, err := f.st.Token(ctx, old.ID); !errors.Is(err, oauth.ErrNotFound) {
			t.Errorf("token expired two days ago kept: %v", err)
		}
		if _, err := f.st.Token(ctx, "recent"); err != nil {
			t.Errorf("token expired an hour ago removed: %v", err)
		}
	})
}

// TestOAuthAuthRequestPrompt: what the client asked of the sign-in survives
// a round trip; a request that asked nothing reads back as asking nothing.
func TestOAuthAuthRequestPrompt(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		f := newOAuthFixture(t, db)
		r := oauth.AuthRequest{ID: "req-prompt", ClientID: f.client.ID, RedirectURI: f.client.RedirectURIs[0],
			Scopes: []string{"openid"}, Prompt: []string{"login", "consent"}, LoginAfter: t0.Add(-time.Minute),
			CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)}
		f.tx(t, func(tx oauth.Tx) error { return tx.CreateAuthRequest(ctx, r) })
		got, err := f.st.AuthRequest(ctx, r.ID)
		if err != nil || !slices.Equal(got.Prompt, r.Prompt) || !got.LoginAfter.Equal(r.LoginAfter) {
			t.Fatalf("stored %v %v, read %v %v (%v)", r.Prompt, r.LoginAfter, got.Prompt, got.LoginAfter, err)
		}
		f.request(t, "req-plain", t0.Add(time.Hour))
		if got, err := f.st.AuthRequest(ctx, "req-plain"); err != nil || len(got.Prompt) != 0 || !got.LoginAfter.IsZero() {
			t.Fatalf("a request without prompt read as %v %v (%v)", got.Prompt, got.LoginAfter, err)
		}
	})
}
