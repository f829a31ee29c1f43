package account_test

import (
	"errors"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/store"
	"github.com/socle-portal/socle/internal/testdb"
)

func TestLogin(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		alice := e.signUpConfirmed(t, "alice@example.org")
		for _, c := range []struct{ email, pw string }{
			{"alice@example.org", "Wrong1234"},
			{"nobody@example.org", "Secret123"},
			{"", ""},
		} {
			if _, _, err := e.svc.Login(ctx, c.email, c.pw, "", meta); !errors.Is(err, account.ErrInvalidCredentials) {
				t.Errorf("login %q/%q: %v, want ErrInvalidCredentials", c.email, c.pw, err)
			}
		}
		u, tok1, err := e.svc.Login(ctx, "ALICE@example.org", "Secret123", "", meta)
		if err != nil || u.ID != alice.ID {
			t.Fatalf("login: %v", err)
		}
		if got, _, err := e.svc.SessionUser(ctx, tok1); err != nil || got.ID != alice.ID {
			t.Fatalf("session: %v", err)
		}
		// Logging in again from the same browser rotates the session.
		_, tok2, err := e.svc.Login(ctx, "alice@example.org", "Secret123", tok1, meta)
		if err != nil || tok2 == tok1 {
			t.Fatalf("second login: %v", err)
		}
		if _, _, err := e.svc.SessionUser(ctx, tok1); !errors.Is(err, account.ErrUnauthenticated) {
			t.Fatalf("old session still valid: %v", err)
		}
		if err := e.svc.Logout(ctx, tok2, meta); err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.svc.SessionUser(ctx, tok2); !errors.Is(err, account.ErrUnauthenticated) {
			t.Fatalf("session valid after logout: %v", err)
		}
		evs, _ := e.svc.Events(ctx, alice, 50)
		kinds := map[account.EventKind]int{}
		for _, ev := range evs {
			kinds[ev.Kind]++
		}
		if kinds[account.EventLoginFailed] != 1 || kinds[account.EventLogin] != 2 || kinds[account.EventLogout] != 1 ||
			kinds[account.EventSignup] != 1 || kinds[account.EventConfirmed] != 1 {
			t.Fatalf("audit log: %v", kinds)
		}
	})
}

func TestSessionsExpireAndSlide(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, func(c *account.Config) { c.SessionTTL = time.Hour })
		e.signUpConfirmed(t, "alice@example.org")
		_, tok, _ := e.svc.Login(ctx, "alice@example.org", "Secret123", "", meta)
		e.advance(50 * time.Minute)
		if _, _, err := e.svc.SessionUser(ctx, tok); err != nil {
			t.Fatalf("active session refused: %v", err)
		}
		e.advance(50 * time.Minute) // 100 minutes after login, 50 after last use
		if _, _, err := e.svc.SessionUser(ctx, tok); err != nil {
			t.Fatalf("sliding session refused: %v", err)
		}
		e.advance(61 * time.Minute)
		if _, _, err := e.svc.SessionUser(ctx, tok); !errors.Is(err, account.ErrUnauthenticated) {
			t.Fatalf("idle session accepted: %v", err)
		}
	})
}

func TestFailedLoginsAreLimited(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, func(c *account.Config) {
			c.Limits.LoginAccount = account.Rate{N: 3, Per: 15 * time.Minute}
			c.Limits.LoginIP = account.Rate{N: 5, Per: 15 * time.Minute}
		})
		e.signUpConfirmed(t, "alice@example.org")
		for range 3 {
			e.svc.Login(ctx, "alice@example.org", "Wrong1234", "", meta)
		}
		_, _, err := e.svc.Login(ctx, "alice@example.org", "Secret123", "", meta)
		var rl *account.RateLimitError
		if !errors.As(err, &rl) || rl.RetryAfter <= 0 || rl.RetryAfter > 15*time.Minute {
			t.Fatalf("4th attempt: %v, want a rate limit", err)
		}
		// Per IP: other accounts from the same address are limited too.
		for range 2 {
			e.svc.Login(ctx, "other@example.org", "Wrong1234", "", meta)
		}
		if _, _, err := e.svc.Login(ctx, "third@example.org", "Wrong1234", "", meta); !errors.As(err, &rl) {
			t.Fatalf("IP limit: %v", err)
		}
		e.advance(16 * time.Minute)
		if _, _, err := e.svc.Login(ctx, "alice@example.org", "Secret123", "", meta); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}

func TestSignUpsAreLimited(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db, func(c *account.Config) {
			c.Limits.SignupAddress = account.Rate{N: 2, Per: time.Hour}
			c.Limits.SignupIP = account.Rate{N: 4, Per: time.Hour}
		})
		var rl *account.RateLimitError
		for i := range 3 {
			err := e.svc.SignUp(ctx, goodSignUp("alice@example.org"), meta)
			if (i < 2) != (err == nil) || (i == 2 && !errors.As(err, &rl)) {
				t.Fatalf("sign-up %d: %v", i, err)
			}
		}
		e.svc.SignUp(ctx, goodSignUp("b@example.org"), meta)
		if err := e.svc.SignUp(ctx, goodSignUp("c@example.org"), meta); !errors.As(err, &rl) {
			t.Fatalf("per-IP limit: %v", err)
		}
	})
}

func TestSessionsListAndRevoke(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		alice := e.signUpConfirmed(t, "alice@example.org")
		bob := e.signUpConfirmed(t, "bob@example.org")
		_, a1, _ := e.svc.Login(ctx, "alice@example.org", "Secret123", "", meta)
		_, a2, _ := e.svc.Login(ctx, "alice@example.org", "Secret123", "", meta)
		_, a3, _ := e.svc.Login(ctx, "alice@example.org", "Secret123", "", meta)
		ss, err := e.svc.Sessions(ctx, alice)
		if err != nil || len(ss) != 3 {
			t.Fatalf("sessions: %d, %v", len(ss), err)
		}
		_, cur, _ := e.svc.SessionUser(ctx, a1)
		_, s2, _ := e.svc.SessionUser(ctx, a2)
		if err := e.svc.RevokeSession(ctx, bob, s2.ID, meta); !errors.Is(err, account.ErrNotFound) {
			t.Fatalf("bob revoked alice's session: %v", err)
		}
		if err := e.svc.RevokeSession(ctx, alice, s2.ID, meta); err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.svc.SessionUser(ctx, a2); err == nil {
			t.Fatal("revoked session still valid")
		}
		if n, err := e.svc.RevokeOtherSessions(ctx, alice, cur.ID, meta); err != nil || n != 1 {
			t.Fatalf("revoke others: %d, %v", n, err)
		}
		if _, _, err := e.svc.SessionUser(ctx, a3); err == nil {
			t.Fatal("other session still valid")
		}
		if _, _, err := e.svc.SessionUser(ctx, a1); err != nil {
			t.Fatalf("current session ended: %v", err)
		}
	})
}
