package account_test

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
	"github.com/socle-portal/socle/internal/validate"
)

func TestLogin(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice := e.signUpConfirmed(t, "alice@example.org")
		for _, c := range []struct{ email, pw string }{
			{"alice@example.org", "Wrong1234"},
			{"nobody@example.org", "Secret123"},
			{"", ""},
		} {
			if _, _, err := e.Accounts.Login(ctx, c.email, c.pw, "", meta); !errors.Is(err, account.ErrInvalidCredentials) {
				t.Errorf("login %q/%q: %v, want ErrInvalidCredentials", c.email, c.pw, err)
			}
		}
		u, tok1, err := e.Accounts.Login(ctx, "ALICE@example.org", "Secret123", "", meta)
		if err != nil || u.ID != alice.ID {
			t.Fatalf("login: %v", err)
		}
		if got, _, err := e.Accounts.SessionUser(ctx, tok1); err != nil || got.ID != alice.ID {
			t.Fatalf("session: %v", err)
		}
		// Logging in again from the same browser rotates the session.
		_, tok2, err := e.Accounts.Login(ctx, "alice@example.org", "Secret123", tok1, meta)
		if err != nil || tok2 == tok1 {
			t.Fatalf("second login: %v", err)
		}
		if _, _, err := e.Accounts.SessionUser(ctx, tok1); !errors.Is(err, account.ErrUnauthenticated) {
			t.Fatalf("old session still valid: %v", err)
		}
		if err := e.Accounts.Logout(ctx, tok2, meta); err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.Accounts.SessionUser(ctx, tok2); !errors.Is(err, account.ErrUnauthenticated) {
			t.Fatalf("session valid after logout: %v", err)
		}
		evs, _ := e.Accounts.Events(ctx, alice, 50)
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
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db, func(c *account.Config) { c.SessionTTL = time.Hour })
		e.signUpConfirmed(t, "alice@example.org")
		_, tok, _ := e.Accounts.Login(ctx, "alice@example.org", "Secret123", "", meta)
		e.advance(50 * time.Minute)
		if _, _, err := e.Accounts.SessionUser(ctx, tok); err != nil {
			t.Fatalf("active session refused: %v", err)
		}
		e.advance(50 * time.Minute) // 100 minutes after login, 50 after last use
		if _, _, err := e.Accounts.SessionUser(ctx, tok); err != nil {
			t.Fatalf("sliding session refused: %v", err)
		}
		e.advance(61 * time.Minute)
		if _, _, err := e.Accounts.SessionUser(ctx, tok); !errors.Is(err, account.ErrUnauthenticated) {
			t.Fatalf("idle session accepted: %v", err)
		}
	})
}

func TestFailedLoginsAreLimited(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db, func(c *account.Config) {
			c.Limits.LoginAccount = account.Rate{N: 3, Per: 15 * time.Minute}
			c.Limits.LoginIP = account.Rate{N: 5, Per: 15 * time.Minute}
		})
		e.signUpConfirmed(t, "alice@example.org")
		for range 3 {
			e.Accounts.Login(ctx, "alice@example.org", "Wrong1234", "", meta)
		}
		_, _, err := e.Accounts.Login(ctx, "alice@example.org", "Secret123", "", meta)
		var rl *account.RateLimitError
		if !errors.As(err, &rl) || rl.RetryAfter <= 0 || rl.RetryAfter > 15*time.Minute {
			t.Fatalf("4th attempt: %v, want a rate limit", err)
		}
		// Per IP: other accounts from the same address are limited too.
		for range 2 {
			e.Accounts.Login(ctx, "other@example.org", "Wrong1234", "", meta)
		}
		if _, _, err := e.Accounts.Login(ctx, "third@example.org", "Wrong1234", "", meta); !errors.As(err, &rl) {
			t.Fatalf("IP limit: %v", err)
		}
		e.advance(16 * time.Minute)
		if _, _, err := e.Accounts.Login(ctx, "alice@example.org", "Secret123", "", meta); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}

func TestSignUpsAreLimited(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db, func(c *account.Config) {
			c.Limits.SignupAddress = account.Rate{N: 2, Per: time.Hour}
			c.Limits.SignupIP = account.Rate{N: 4, Per: time.Hour}
		})
		var rl *account.RateLimitError
		for i := range 3 {
			err := e.Accounts.SignUp(ctx, goodSignUp("alice@example.org"), meta)
			if (i < 2) != (err == nil) || (i == 2 && !errors.As(err, &rl)) {
				t.Fatalf("sign-up %d: %v", i, err)
			}
		}
		e.Accounts.SignUp(ctx, goodSignUp("b@example.org"), meta)
		if err := e.Accounts.SignUp(ctx, goodSignUp("c@example.org"), meta); !errors.As(err, &rl) {
			t.Fatalf("per-IP limit: %v", err)
		}
	})
}

func TestSessionsListAndRevoke(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice := e.signUpConfirmed(t, "alice@example.org")
		bob := e.signUpConfirmed(t, "bob@example.org")
		_, a1, _ := e.Accounts.Login(ctx, "alice@example.org", "Secret123", "", meta)
		_, a2, _ := e.Accounts.Login(ctx, "alice@example.org", "Secret123", "", meta)
		_, a3, _ := e.Accounts.Login(ctx, "alice@example.org", "Secret123", "", meta)
		ss, err := e.Accounts.Sessions(ctx, alice)
		if err != nil || len(ss) != 3 {
			t.Fatalf("sessions: %d, %v", len(ss), err)
		}
		_, cur, _ := e.Accounts.SessionUser(ctx, a1)
		_, s2, _ := e.Accounts.SessionUser(ctx, a2)
		if err := e.Accounts.RevokeSession(ctx, bob, s2.ID, meta); !errors.Is(err, account.ErrNotFound) {
			t.Fatalf("bob revoked alice's session: %v", err)
		}
		if err := e.Accounts.RevokeSession(ctx, alice, s2.ID, meta); err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.Accounts.SessionUser(ctx, a2); err == nil {
			t.Fatal("revoked session still valid")
		}
		if n, err := e.Accounts.RevokeOtherSessions(ctx, alice, cur.ID, meta); err != nil || n != 1 {
			t.Fatalf("revoke others: %d, %v", n, err)
		}
		if _, _, err := e.Accounts.SessionUser(ctx, a3); err == nil {
			t.Fatal("other session still valid")
		}
		if _, _, err := e.Accounts.SessionUser(ctx, a1); err != nil {
			t.Fatalf("current session ended: %v", err)
		}
	})
}

// A burst of wrong passwords is counted before any is verified: of 150 at
// once, only as many as the limit are judged, and the right password after
// them is refused. Checking the limit first and counting failures after
// let every guess of the burst through.
func TestLoginLimitHoldsUnderConcurrency(t *testing.T) {
	cases := []struct {
		name     string
		attempts int
		ip       func(i int) string
	}{
		{"many IPs", 150, func(i int) string { return fmt.Sprintf("198.51.100.%d", i%250) }},
		{"one IP", 100, func(int) string { return "192.0.2.1" }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
				e := newEnv(t, db, func(c *account.Config) {
					c.Limits.LoginAccount = account.Rate{N: 10, Per: 15 * time.Minute}
					c.Limits.LoginIP = account.Rate{N: 50, Per: 15 * time.Minute}
				})
				e.signUpConfirmed(t, "alice@example.org")
				wrong, limited := burst(t, c.attempts, func(i int) (bool, error) {
					_, _, err := e.Accounts.Login(ctx, "alice@example.org", "Wrong1234", "", account.Meta{IP: c.ip(i)})
					return errors.Is(err, account.ErrInvalidCredentials), err
				})
				if wrong != 10 || limited != c.attempts-10 {
					t.Fatalf("%d wrong passwords judged, %d refused; want 10 and %d", wrong, limited, c.attempts-10)
				}
				_, _, err := e.Accounts.Login(ctx, "alice@example.org", "Secret123", "", account.Meta{IP: "203.0.113.9"})
				var rl *account.RateLimitError
				if !errors.As(err, &rl) {
					t.Fatalf("right password after the burst: %v, want a rate limit", err)
				}
			})
		})
	}
}

// A right password gives back the attempt it reserved: successful logins
// never use up an IP's allowance (a shared office address signs in all day).
func TestSuccessfulLoginsDoNotCount(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db, func(c *account.Config) {
			c.Limits.LoginAccount = account.Rate{N: 2, Per: 15 * time.Minute}
			c.Limits.LoginIP = account.Rate{N: 2, Per: 15 * time.Minute}
		})
		e.signUpConfirmed(t, "alice@example.org")
		for i := range 5 {
			if _, _, err := e.Accounts.Login(ctx, "alice@example.org", "Secret123", "", meta); err != nil {
				t.Fatalf("login %d: %v", i, err)
			}
		}
		e.Accounts.Login(ctx, "bob@example.org", "Wrong1234", "", meta)
		if _, _, err := e.Accounts.Login(ctx, "alice@example.org", "Secret123", "", meta); err != nil {
			t.Fatalf("one failure from this IP, then the right password: %v", err)
		}
	})
}

// The password asked again before a sensitive change is limited as a login
// is, under concurrency too.
func TestPasswordRecheckLimitHoldsUnderConcurrency(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db, func(c *account.Config) {
			c.Limits.LoginAccount = account.Rate{N: 5, Per: 15 * time.Minute}
			c.Limits.LoginIP = account.Rate{N: 0}
		})
		u := e.signUpConfirmed(t, "alice@example.org")
		wrong, limited := burst(t, 40, func(int) (bool, error) {
			err := e.Accounts.ChangePassword(ctx, u, "Wrong1234", "NewSecret123", "", meta)
			var v *validate.Errors
			return errors.As(err, &v), err
		})
		if wrong != 5 || limited != 35 {
			t.Fatalf("%d wrong passwords judged, %d refused; want 5 and 35", wrong, limited)
		}
		if err := e.Accounts.ChangePassword(ctx, u, "Secret123", "NewSecret123", "", meta); err == nil {
			t.Fatal("right password after the burst was accepted")
		}
	})
}

// burst makes n attempts at once and counts those judged wrong (attempt
// says so) and those refused by a rate limit; anything else fails the test.
func burst(t *testing.T, n int, attempt func(i int) (wrong bool, err error)) (wrong, limited int) {
	var w, l atomic.Int32
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			isWrong, err := attempt(i)
			var rl *account.RateLimitError
			switch {
			case isWrong:
				w.Add(1)
			case errors.As(err, &rl):
				l.Add(1)
			default:
				t.Errorf("attempt %d: %v", i, err)
			}
		})
	}
	close(start)
	wg.Wait()
	return int(w.Load()), int(l.Load())
}
