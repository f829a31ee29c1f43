package oauth_test

import (
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/oauth"
)

// TestUnconfirmedUserCannotApprove: no code for a user whose address is not
// confirmed, whatever the client: new, trusted, or approved before.
func TestUnconfirmedUserCannotApprove(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		u := e.unconfirmed(t)
		plain, _ := e.client(t, oauth.NewClient{})
		trusted, _ := e.client(t, oauth.NewClient{Trusted: true})
		known, _ := e.client(t, oauth.NewClient{})
		g := oauth.Grant{ID: account.NewID(), UserID: u.ID, ClientID: known.ID, Scopes: []string{"openid", "default"},
			CreatedAt: time.Now(), UpdatedAt: time.Now()}
		if err := e.st.InTx(ctx, func(tx oauth.Tx) error { _, err := tx.SaveGrant(ctx, g); return err }); err != nil {
			t.Fatal(err)
		}
		for _, c := range []oauth.Client{plain, trusted, known} {
			r := e.request(t, c, "openid", "default")
			if _, next, err := e.OAuth.Step(ctx, u, time.Now(), r.ID); err != nil || next != oauth.NextConfirm {
				t.Errorf("%s: step %v, %v, want NextConfirm", c.Name, next, err)
			}
			if err := e.OAuth.Approve(ctx, u, r.ID, time.Now()); !errors.Is(err, oauth.ErrUnconfirmed) {
				t.Errorf("trusted=%v: approve: %v, want ErrUnconfirmed", c.Trusted, err)
			}
			if stored, _ := e.st.AuthRequest(ctx, r.ID); stored.Approved() {
				t.Errorf("trusted=%v: the request was approved", c.Trusted)
			}
		}
	})
}

// TestFreshLogin: prompt=login and max_age weigh the session's start
// against the request, at the consent step and at the approval.
func TestFreshLogin(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		c, _ := e.client(t, oauth.NewClient{Trusted: true})
		u := e.user(t, false)
		now := time.Now().UTC()
		session := now.Add(-time.Hour)
		maxAge := func(d time.Duration) func(*oauth.AuthRequest) {
			return func(r *oauth.AuthRequest) { r.LoginAfter = r.CreatedAt.Add(-d) }
		}
		old := e.requestWith(t, c, maxAge(10*time.Minute), "openid")
		if _, next, _ := e.OAuth.Step(ctx, u, session, old.ID); next != oauth.NextLogin {
			t.Fatalf("max_age 600 with an hour-old session: step %v, want NextLogin", next)
		}
		if err := e.OAuth.Approve(ctx, u, old.ID, session); !errors.Is(err, oauth.ErrLoginRequired) {
			t.Fatalf("approve with an hour-old session: %v, want ErrLoginRequired", err)
		}
		if !e.OAuth.NeedsLogin(ctx, old.ID, session) || e.OAuth.NeedsLogin(ctx, old.ID, now) {
			t.Fatal("NeedsLogin does not follow max_age")
		}
		// A sign-in during the request satisfies it; its time is auth_time.
		relogin := time.Now().UTC()
		if _, next, _ := e.OAuth.Step(ctx, u, relogin, old.ID); next != oauth.NextApprove {
			t.Fatalf("after signing in again: step %v, want NextApprove", next)
		}
		if err := e.OAuth.Approve(ctx, u, old.ID, relogin); err != nil {
			t.Fatal(err)
		}
		if stored, _ := e.st.AuthRequest(ctx, old.ID); !stored.AuthTime.Equal(relogin.Truncate(time.Microsecond)) {
			t.Fatalf("auth_time %v, want the new sign-in %v", stored.AuthTime, relogin)
		}

		wide := e.requestWith(t, c, maxAge(2*time.Hour), "openid")
		if _, next, _ := e.OAuth.Step(ctx, u, session, wide.ID); next != oauth.NextApprove {
			t.Fatalf("max_age 7200 with an hour-old session: step %v, want NextApprove", next)
		}
		// max_age=0 and prompt=login: only a sign-in after the request.
		zero := e.requestWith(t, c, maxAge(0), "openid")
		if _, next, _ := e.OAuth.Step(ctx, u, zero.CreatedAt.Add(-time.Second), zero.ID); next != oauth.NextLogin {
			t.Fatalf("max_age 0 with a session opened before: step %v, want NextLogin", next)
		}
		if err := e.OAuth.Approve(ctx, u, zero.ID, time.Time{}); !errors.Is(err, oauth.ErrLoginRequired) {
			t.Fatalf("approve of max_age 0 without a sign-in time: %v, want ErrLoginRequired", err)
		}
		if _, next, _ := e.OAuth.Step(ctx, account.User{}, time.Time{}, e.request(t, c, "openid").ID); next != oauth.NextLogin {
			t.Fatalf("nobody signed in: step %v, want NextLogin", next)
		}
	})
}

// TestPromptConsent: prompt=consent shows the consent screen to a trusted
// client and to one approved before.
func TestPromptConsent(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		u := e.user(t, false)
		trusted, _ := e.client(t, oauth.NewClient{Trusted: true})
		known, _ := e.client(t, oauth.NewClient{})
		e.approve(t, u, known, "openid", "default")
		consent := func(r *oauth.AuthRequest) { r.Prompt = []string{oauth.PromptConsent} }
		for _, c := range []oauth.Client{trusted, known} {
			if e.consent(t, u, e.request(t, c, "openid", "default").ID) {
				t.Fatalf("trusted=%v: consent asked without prompt=consent", c.Trusted)
			}
			r := e.requestWith(t, c, consent, "openid", "default")
			if _, next, _ := e.OAuth.Step(ctx, u, time.Now(), r.ID); next != oauth.NextConsent {
				t.Errorf("trusted=%v with prompt=consent: step %v, want NextConsent", c.Trusted, next)
			}
		}
	})
}

// TestPromptNone: a request that would need a screen goes back to the
// client with the OpenID Connect error, and ends.
func TestPromptNone(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		c, _ := e.client(t, oauth.NewClient{})
		u := e.user(t, false)
		none := func(r *oauth.AuthRequest) { r.Prompt = []string{oauth.PromptNone} }
		cases := []struct {
			next oauth.Next
			want string
		}{
			{oauth.NextLogin, "login_required"},
			{oauth.NextConsent, "consent_required"},
			{oauth.NextConfirm, "interaction_required"},
		}
		for _, cc := range cases {
			r := e.requestWith(t, c, none, "openid")
			target, err := e.OAuth.Refuse(ctx, u, r.ID, cc.next)
			if err != nil {
				t.Fatal(err)
			}
			q, _ := url.Parse(target)
			if got := q.Query(); got.Get("error") != cc.want || got.Get("state") != r.State ||
				q.Scheme+"://"+q.Host+q.Path != "https://tool.example.org/callback" {
				t.Errorf("%v: refused to %s, want error %s", cc.next, target, cc.want)
			}
			if _, err := e.st.AuthRequest(ctx, r.ID); !errors.Is(err, oauth.ErrNotFound) {
				t.Errorf("%v: a refused request stays: %v", cc.next, err)
			}
		}
		// Only prompt=none requests are refused this way.
		if _, err := e.OAuth.Refuse(ctx, u, e.request(t, c, "openid").ID, oauth.NextLogin); err == nil {
			t.Fatal("a request without prompt=none was refused to the client")
		}
	})
}
