package oauth_test

import (
	"errors"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/oauth"
)

// TestConsentIsRemembered: after a yes, a request asking no more skips the
// consent screen; one asking more, or another user, sees it.
func TestConsentIsRemembered(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		c, _ := e.client(t, oauth.NewClient{})
		u, other := e.user(t, false), e.user(t, false)

		first := e.request(t, c, "openid", "profile", "default")
		if !e.consent(t, u, first.ID) {
			t.Fatal("no consent asked the first time")
		}
		if err := e.OAuth.Approve(ctx, u, first.ID, time.Time{}); err != nil {
			t.Fatal(err)
		}
		stored, err := e.st.AuthRequest(ctx, first.ID)
		if err != nil || stored.UserID != u.ID || stored.AuthTime.IsZero() {
			t.Fatalf("approved request stored as %+v, %v", stored, err)
		}
		g, err := e.st.Grant(ctx, u.ID, c.ID)
		if err != nil || !slices.Equal(g.Scopes, []string{"openid", "profile", "default"}) {
			t.Fatalf("grant %v, %v", g.Scopes, err)
		}

		cases := []struct {
			name   string
			u      account.User
			scopes []string
			want   bool
		}{
			{"same scopes", u, []string{"openid", "profile", "default"}, false},
			{"fewer scopes", u, []string{"openid", "default"}, false},
			{"one more scope", u, []string{"openid", "default", "email"}, true},
			{"another scope", u, []string{"read"}, true},
			{"another user", other, []string{"openid"}, true},
		}
		for _, cc := range cases {
			if got := e.consent(t, cc.u, e.request(t, c, cc.scopes...).ID); got != cc.want {
				t.Errorf("%s: consent asked %v, want %v", cc.name, got, cc.want)
			}
		}

		// A wider approval widens the grant rather than replacing it.
		e.approve(t, u, c, "email")
		if g, _ := e.st.Grant(ctx, u.ID, c.ID); !slices.Equal(g.Scopes, []string{"openid", "profile", "default", "email"}) {
			t.Fatalf("grant after a second approval: %v", g.Scopes)
		}
		if e.consent(t, u, e.request(t, c, "openid", "email", "default").ID) {
			t.Fatal("consent asked for scopes granted over two approvals")
		}
		if grants, _ := e.st.GrantsOf(ctx, u.ID); len(grants) != 1 {
			t.Fatalf("%d grants for one client, want 1", len(grants))
		}
	})
}

func TestTrustedClientNeedsNoConsent(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		c, _ := e.client(t, oauth.NewClient{Trusted: true})
		u := e.user(t, false)
		if e.consent(t, u, e.request(t, c, "openid", "default", "email").ID) {
			t.Fatal("a trusted client's user was asked for consent")
		}
		// Sysadmin rights are always asked for.
		admin, _ := e.client(t, oauth.NewClient{Trusted: true, Scopes: oauth.KnownScopes})
		if !e.consent(t, e.user(t, true), e.request(t, admin, "default", "admin").ID) {
			t.Fatal("a trusted client got admin rights without asking")
		}
	})
}

// TestAdminScopeNeedsSysadmin: a plain user approving a request for admin
// grants everything else; a sysadmin grants admin too.
func TestAdminScopeNeedsSysadmin(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		c, _ := e.client(t, oauth.NewClient{Scopes: oauth.KnownScopes})
		for _, u := range []account.User{e.user(t, false), e.user(t, true)} {
			r := e.request(t, c, "default", "admin")
			a, err := e.OAuth.Pending(ctx, u, r.ID)
			if err != nil {
				t.Fatal(err)
			}
			if slices.Contains(a.Scopes, oauth.ScopeAdmin) != u.Sysadmin {
				t.Errorf("sysadmin=%v: consent screen shows %v", u.Sysadmin, a.Scopes)
			}
			if err := e.OAuth.Approve(ctx, u, r.ID, time.Time{}); err != nil {
				t.Fatal(err)
			}
			stored, _ := e.st.AuthRequest(ctx, r.ID)
			g, _ := e.st.Grant(ctx, u.ID, c.ID)
			want := []string{"default"}
			if u.Sysadmin {
				want = []string{"default", "admin"}
			}
			if !slices.Equal(stored.Scopes, want) || !slices.Equal(g.Scopes, want) {
				t.Errorf("sysadmin=%v: request scopes %v, grant scopes %v, want %v", u.Sysadmin, stored.Scopes, g.Scopes, want)
			}
		}
	})
}

// TestScopesOutsideTheClientAreDropped: a request carrying a scope the
// client may not ask for grants only the allowed ones.
func TestScopesOutsideTheClientAreDropped(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		c, _ := e.client(t, oauth.NewClient{Scopes: []string{"openid", "read"}})
		u := e.user(t, true)
		r := e.approve(t, u, c, "openid", "read", "default", "admin")
		if stored, _ := e.st.AuthRequest(ctx, r.ID); !slices.Equal(stored.Scopes, []string{"openid", "read"}) {
			t.Fatalf("request scopes %v, want [openid read]", stored.Scopes)
		}
	})
}

func TestAnsweredRequests(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		c, _ := e.client(t, oauth.NewClient{})
		u, other := e.user(t, false), e.user(t, false)
		r := e.approve(t, u, c, "openid")
		if err := e.OAuth.Approve(ctx, u, r.ID, time.Time{}); !errors.Is(err, oauth.ErrHandled) {
			t.Errorf("approved twice: %v, want ErrHandled", err)
		}
		if err := e.OAuth.Approve(ctx, other, r.ID, time.Time{}); !errors.Is(err, oauth.ErrHandled) {
			t.Errorf("approved by another user after the first: %v, want ErrHandled", err)
		}
		if _, err := e.OAuth.Deny(ctx, u, r.ID); !errors.Is(err, oauth.ErrHandled) {
			t.Errorf("denied after approval: %v, want ErrHandled", err)
		}
		if stored, _ := e.st.AuthRequest(ctx, r.ID); stored.UserID != u.ID {
			t.Errorf("the request now belongs to %q, want %q", stored.UserID, u.ID)
		}
		if err := e.OAuth.Approve(ctx, u, "nope", time.Time{}); !errors.Is(err, oauth.ErrNotFound) {
			t.Errorf("unknown request: %v, want ErrNotFound", err)
		}
	})
}

// TestExpiredRequest: once its time is up (the boundary included), a
// request can be neither shown, approved nor denied.
func TestExpiredRequest(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		c, _ := e.client(t, oauth.NewClient{})
		u := e.user(t, false)
		r := e.request(t, c, "openid")
		stored, err := e.st.AuthRequest(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		e.OAuth.SetClock(func() time.Time { return stored.ExpiresAt.Add(-time.Second) })
		if _, err := e.OAuth.Pending(ctx, u, r.ID); err != nil {
			t.Fatalf("a second before expiry: %v", err)
		}
		for _, at := range []time.Time{stored.ExpiresAt, stored.ExpiresAt.Add(time.Minute)} {
			e.OAuth.SetClock(func() time.Time { return at })
			if _, err := e.OAuth.Pending(ctx, u, r.ID); !errors.Is(err, oauth.ErrNotFound) {
				t.Errorf("pending at %v: %v, want ErrNotFound", at, err)
			}
			if err := e.OAuth.Approve(ctx, u, r.ID, time.Time{}); !errors.Is(err, oauth.ErrNotFound) {
				t.Errorf("approve at %v: %v, want ErrNotFound", at, err)
			}
			if _, err := e.OAuth.Deny(ctx, u, r.ID); !errors.Is(err, oauth.ErrNotFound) {
				t.Errorf("deny at %v: %v, want ErrNotFound", at, err)
			}
		}
		if stored, _ := e.st.AuthRequest(ctx, r.ID); stored.Approved() {
			t.Fatal("an expired request was approved")
		}
		if _, err := e.st.Grant(ctx, u.ID, c.ID); !errors.Is(err, oauth.ErrNotFound) {
			t.Fatalf("an expired request left a grant: %v", err)
		}
	})
}

func TestDeny(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		c, _ := e.client(t, oauth.NewClient{})
		u := e.user(t, false)
		r := e.request(t, c, "openid", "default")
		target, err := e.OAuth.Deny(ctx, u, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, err := url.Parse(target)
		if err != nil {
			t.Fatal(err)
		}
		q := got.Query()
		if got.Scheme != "https" || got.Host != "tool.example.org" || got.Path != "/callback" || q.Get("from") != "socle" ||
			q.Get("error") != "access_denied" || q.Get("state") != r.State {
			t.Fatalf("deny redirects to %s", target)
		}
		if _, err := e.st.AuthRequest(ctx, r.ID); !errors.Is(err, oauth.ErrNotFound) {
			t.Fatalf("a denied request is kept: %v", err)
		}
		if err := e.OAuth.Approve(ctx, u, r.ID, time.Time{}); !errors.Is(err, oauth.ErrNotFound) {
			t.Fatalf("approving a denied request: %v, want ErrNotFound", err)
		}
		if _, err := e.st.Grant(ctx, u.ID, c.ID); !errors.Is(err, oauth.ErrNotFound) {
			t.Fatalf("a denial made a grant: %v", err)
		}
	})
}

func TestConnectedAppsAndDisconnect(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		c, _ := e.client(t, oauth.NewClient{})
		other, _ := e.client(t, oauth.NewClient{Name: "Autre outil"})
		u, v := e.user(t, false), e.user(t, false)
		if apps, err := e.OAuth.ConnectedApps(ctx, u); err != nil || len(apps) != 0 {
			t.Fatalf("apps before any consent: %v %v", apps, err)
		}
		e.approve(t, u, c, "openid", "default")
		e.approve(t, u, other, "read")
		e.approve(t, v, c, "openid")
		apps, err := e.OAuth.ConnectedApps(ctx, u)
		if err != nil || len(apps) != 2 {
			t.Fatalf("apps: %v %v, want 2", apps, err)
		}
		byClient := map[string]oauth.App{}
		for _, a := range apps {
			if a.Grant.UserID != u.ID || a.Grant.ClientID != a.Client.ID {
				t.Errorf("app %+v is not u's", a)
			}
			byClient[a.Client.ID] = a
		}
		if a := byClient[c.ID]; a.Client.Name != "Outil de publication" || !slices.Equal(a.Grant.Scopes, []string{"openid", "default"}) {
			t.Fatalf("app of c: %+v", a)
		}

		g, _ := e.st.Grant(ctx, u.ID, c.ID)
		token := oauth.Token{ID: account.NewUUID(), Kind: oauth.KindAccess, GrantID: g.ID, Scopes: g.Scopes,
			AuthTime: time.Now(), CreatedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)}
		if err := e.st.InTx(ctx, func(tx oauth.Tx) error { return tx.CreateToken(ctx, token) }); err != nil {
			t.Fatal(err)
		}

		if err := e.OAuth.Disconnect(ctx, u, c.ID); err != nil {
			t.Fatal(err)
		}
		apps, _ = e.OAuth.ConnectedApps(ctx, u)
		if len(apps) != 1 || apps[0].Client.ID != other.ID {
			t.Fatalf("apps after disconnecting c: %v", apps)
		}
		if tk, err := e.st.Token(ctx, token.ID); err == nil && tk.Valid(time.Now()) {
			t.Fatal("a token of a disconnected app is still valid")
		}
		if e.consent(t, u, e.request(t, c, "openid").ID) != true {
			t.Fatal("no consent asked after disconnecting")
		}
		if apps, _ := e.OAuth.ConnectedApps(ctx, v); len(apps) != 1 {
			t.Fatalf("u's disconnection touched v's apps: %v", apps)
		}
		if err := e.OAuth.Disconnect(ctx, u, c.ID); !errors.Is(err, oauth.ErrNotFound) {
			t.Fatalf("disconnecting twice: %v, want ErrNotFound", err)
		}
	})
}

// TestApproveConcurrently: of twenty simultaneous approvals of one request,
// exactly one wins.
func TestApproveConcurrently(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		c, _ := e.client(t, oauth.NewClient{})
		u := e.user(t, false)
		r := e.request(t, c, "openid", "default")
		errs := make([]error, 20)
		var wg sync.WaitGroup
		for i := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs[i] = e.OAuth.Approve(ctx, u, r.ID, time.Time{})
			}()
		}
		wg.Wait()
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, oauth.ErrHandled):
				t.Errorf("approve: %v, want nil or ErrHandled", err)
			}
		}
		if won != 1 {
			t.Fatalf("%d approvals succeeded, want 1", won)
		}
		if grants, _ := e.st.GrantsOf(ctx, u.ID); len(grants) != 1 || !slices.Equal(grants[0].Scopes, []string{"openid", "default"}) {
			t.Fatalf("grants after concurrent approvals: %+v", grants)
		}
	})
}

// TestCleanUp: expired requests go, live ones stay.
func TestCleanUp(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		c, _ := e.client(t, oauth.NewClient{})
		old := e.request(t, c, "openid")
		stored, _ := e.st.AuthRequest(ctx, old.ID)
		e.OAuth.SetClock(func() time.Time { return stored.ExpiresAt.Add(time.Second) })
		live := oauth.AuthRequest{ID: account.NewID(), ClientID: c.ID, RedirectURI: c.RedirectURIs[0], Scopes: []string{"openid"},
			CreatedAt: stored.ExpiresAt, ExpiresAt: stored.ExpiresAt.Add(oauth.AuthRequestTTL)}
		if err := e.st.InTx(ctx, func(tx oauth.Tx) error { return tx.CreateAuthRequest(ctx, live) }); err != nil {
			t.Fatal(err)
		}
		if err := e.OAuth.CleanUp(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := e.st.AuthRequest(ctx, old.ID); !errors.Is(err, oauth.ErrNotFound) {
			t.Errorf("expired request kept: %v", err)
		}
		if _, err := e.st.AuthRequest(ctx, live.ID); err != nil {
			t.Errorf("live request removed: %v", err)
		}
	})
}
