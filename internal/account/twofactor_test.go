package account_test

import (
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
	"github.com/socle-portal/socle/internal/testenv"
	"github.com/socle-portal/socle/internal/validate"
)

// code is the TOTP code of secret now, as an app shows it.
func (e *env) code(t *testing.T, secret string) string {
	t.Helper()
	c, err := totp.GenerateCode(secret, e.Now())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// pending signs u in with the password and returns the second step.
func (e *env) pending(t *testing.T, u account.User) *account.SecondStep {
	t.Helper()
	_, _, err := e.Accounts.Login(ctx, u.Email, testenv.Password, "", meta)
	var st *account.SecondStep
	if !errors.As(err, &st) {
		t.Fatalf("login of %s: %v, want a second step", u.Email, err)
	}
	return st
}

func wrongCode(err error) bool {
	var inv *validate.Errors
	return errors.As(err, &inv) && slices.Contains(inv.Fields["code"], "twofactor.wrong")
}

// enrol turns two-factor sign-in on for u and returns the secret and the
// recovery codes.
func (e *env) enrol(t *testing.T, u account.User) (string, []string) {
	t.Helper()
	en, err := e.Accounts.StartTwoFactor(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	codes, err := e.Accounts.ConfirmTwoFactor(ctx, u, e.code(t, en.Secret), meta)
	if err != nil || len(codes) != account.RecoveryCodes {
		t.Fatalf("confirm: %d codes, %v", len(codes), err)
	}
	e.Advance(30 * time.Second) // the confirming code is spent
	return en.Secret, codes
}

func TestTwoFactor_enrolSignInRecoverDisable(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		u := e.User(t, "alice")
		_, tok, err := e.Accounts.Login(ctx, u.Email, testenv.Password, "", meta)
		if err != nil {
			t.Fatal(err)
		}
		if _, s, _ := e.Accounts.SessionUser(ctx, tok); !slices.Equal(s.AMR, []string{"pwd"}) {
			t.Fatalf("amr %v, want pwd", s.AMR)
		}
		en, err := e.Accounts.StartTwoFactor(ctx, u)
		if err != nil || en.Secret == "" || en.URL == "" {
			t.Fatalf("start: %+v, %v", en, err)
		}
		if again, err := e.Accounts.PendingTwoFactor(ctx, u); err != nil || again.Secret != en.Secret {
			t.Fatalf("pending enrolment: %+v, %v", again, err)
		}
		if _, err := e.Accounts.ConfirmTwoFactor(ctx, u, "000000", meta); !wrongCode(err) {
			t.Fatalf("confirm with a wrong code: %v", err)
		}
		codes, err := e.Accounts.ConfirmTwoFactor(ctx, u, e.code(t, en.Secret), meta)
		if err != nil || len(codes) != 10 {
			t.Fatalf("confirm: %v", err)
		}
		if _, err := e.Accounts.StartTwoFactor(ctx, u); !errors.Is(err, account.ErrTwoFactorOn) {
			t.Fatalf("start when on: %v", err)
		}

		st := e.pending(t, u)
		if st.Enrol {
			t.Fatal("an enrolled account is asked to enrol")
		}
		if _, _, err := e.Accounts.LoginSecondStep(ctx, st.Token, "123456", "", meta); !wrongCode(err) {
			t.Fatalf("wrong code: %v", err)
		}
		if _, _, err := e.Accounts.LoginSecondStep(ctx, st.Token, e.code(t, en.Secret), "", meta); !wrongCode(err) {
			t.Fatalf("the confirming code again: %v, want refused (replay)", err)
		}
		e.Advance(30 * time.Second)
		got, tok, err := e.Accounts.LoginSecondStep(ctx, st.Token, e.code(t, en.Secret), "", meta)
		if err != nil || got.ID != u.ID {
			t.Fatalf("second step: %v", err)
		}
		if _, s, _ := e.Accounts.SessionUser(ctx, tok); !slices.Equal(s.AMR, []string{"pwd", "otp"}) {
			t.Fatalf("amr %v, want pwd otp", s.AMR)
		}
		if _, _, err := e.Accounts.LoginSecondStep(ctx, st.Token, e.code(t, en.Secret), "", meta); !errors.Is(err, account.ErrSecondStepExpired) {
			t.Fatalf("second step used twice: %v", err)
		}

		// A recovery code works once, typed loosely.
		st = e.pending(t, u)
		if _, _, err := e.Accounts.LoginSecondStep(ctx, st.Token, " "+codes[0][:5]+" "+codes[0][6:]+" ", "", meta); err != nil {
			t.Fatalf("recovery code: %v", err)
		}
		st = e.pending(t, u)
		if _, _, err := e.Accounts.LoginSecondStep(ctx, st.Token, codes[0], "", meta); !wrongCode(err) {
			t.Fatalf("recovery code used twice: %v", err)
		}
		if on, left, err := e.Accounts.TwoFactor(ctx, u); !on || left != 9 || err != nil {
			t.Fatalf("state: on %v, %d codes left, %v", on, left, err)
		}

		// A second step expires.
		e.Advance(11 * time.Minute)
		if _, _, err := e.Accounts.LoginSecondStep(ctx, st.Token, codes[1], "", meta); !errors.Is(err, account.ErrSecondStepExpired) {
			t.Fatalf("late second step: %v", err)
		}

		// Turning it off needs the password and a code.
		if err := e.Accounts.DisableTwoFactor(ctx, u, "Wrong1234", e.code(t, en.Secret), meta); err == nil {
			t.Fatal("disabled with a wrong password")
		}
		if err := e.Accounts.DisableTwoFactor(ctx, u, testenv.Password, "000000", meta); !wrongCode(err) {
			t.Fatalf("disable with a wrong code: %v", err)
		}
		if err := e.Accounts.DisableTwoFactor(ctx, u, testenv.Password, codes[2], meta); err != nil {
			t.Fatalf("disable: %v", err)
		}
		if _, _, err := e.Accounts.Login(ctx, u.Email, testenv.Password, "", meta); err != nil {
			t.Fatalf("login after disabling: %v", err)
		}
	})
}

// The second step shares the password's per-account limit, counted before
// the code is checked: a burst of guesses cannot pass it, and a known
// password does not reset it.
func TestTwoFactor_secondStepRateLimited(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db, func(c *account.Config) {
			c.Limits.LoginAccount = account.Rate{N: 3, Per: 15 * time.Minute}
		})
		u := e.User(t, "alice")
		secret, _ := e.enrol(t, u)
		st := e.pending(t, u)
		var wrong, limited atomic.Int32
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				_, _, err := e.Accounts.LoginSecondStep(ctx, st.Token, "000000", "", meta)
				var rl *account.RateLimitError
				switch {
				case wrongCode(err):
					wrong.Add(1)
				case errors.As(err, &rl):
					limited.Add(1)
				default:
					t.Errorf("guess: %v", err)
				}
			})
		}
		wg.Wait()
		if wrong.Load() != 3 || limited.Load() != 5 {
			t.Fatalf("wrong=%d limited=%d, want 3 and 5", wrong.Load(), limited.Load())
		}
		var rl *account.RateLimitError
		if _, _, err := e.Accounts.LoginSecondStep(ctx, st.Token, e.code(t, secret), "", meta); !errors.As(err, &rl) {
			t.Fatalf("right code past the limit: %v", err)
		}
		if _, _, err := e.Accounts.Login(ctx, u.Email, testenv.Password, "", meta); !errors.As(err, &rl) {
			t.Fatalf("password past the limit: %v", err)
		}
	})
}

// Of concurrent second steps of one sign-in with a right code, one opens
// a session.
func TestTwoFactor_concurrentSecondStepsOpenOneSession(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		u := e.User(t, "alice")
		_, codes := e.enrol(t, u)
		st := e.pending(t, u)
		var ok, refused atomic.Int32
		var wg sync.WaitGroup
		for i := range 6 {
			wg.Go(func() {
				_, _, err := e.Accounts.LoginSecondStep(ctx, st.Token, codes[i], "", meta)
				switch {
				case err == nil:
					ok.Add(1)
				case errors.Is(err, account.ErrSecondStepExpired):
					refused.Add(1)
				default:
					t.Errorf("second step: %v", err)
				}
			})
		}
		wg.Wait()
		if ok.Load() != 1 || refused.Load() != 5 {
			t.Fatalf("ok=%d refused=%d, want 1 and 5", ok.Load(), refused.Load())
		}
		if _, left, _ := e.Accounts.TwoFactor(ctx, u); left != 9 {
			t.Fatalf("%d recovery codes left, want 9: only the winner's is spent", left)
		}
	})
}

func TestTwoFactor_requiredForSysadmins(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db, func(c *account.Config) { c.TwoFactorSysadmins = true })
		if _, _, err := e.Accounts.Login(ctx, e.User(t, "bob").Email, testenv.Password, "", meta); err != nil {
			t.Fatalf("a non-sysadmin is asked for more: %v", err)
		}
		admin := e.Sysadmin(t)
		st := e.pending(t, admin)
		if !st.Enrol {
			t.Fatal("a sysadmin without a second factor is not asked to enrol")
		}
		if enrols, err := e.Accounts.SecondStepEnrols(ctx, st.Token); !enrols || err != nil {
			t.Fatalf("SecondStepEnrols: %v, %v", enrols, err)
		}
		en, err := e.Accounts.EnrolAtSignIn(ctx, st.Token)
		if err != nil {
			t.Fatal(err)
		}
		if again, _ := e.Accounts.EnrolAtSignIn(ctx, st.Token); again.Secret != en.Secret {
			t.Fatal("showing the enrolment again changed its secret")
		}
		_, tok, codes, err := e.Accounts.LoginEnrol(ctx, st.Token, e.code(t, en.Secret), "", meta)
		if err != nil || len(codes) != 10 {
			t.Fatalf("enrol at sign-in: %v", err)
		}
		if _, s, _ := e.Accounts.SessionUser(ctx, tok); !slices.Equal(s.AMR, []string{"pwd", "otp"}) {
			t.Fatalf("amr %v", s.AMR)
		}
		if st := e.pending(t, admin); st.Enrol {
			t.Fatal("an enrolled sysadmin is asked to enrol again")
		}
	})
}

// Downloading one's data needs the second factor too, once enrolled.
func TestTwoFactor_exportNeedsACode(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		u := e.User(t, "alice")
		if err := e.Accounts.AuthorizeExport(ctx, u, testenv.Password, "", meta); err != nil {
			t.Fatalf("export without a second factor: %v", err)
		}
		secret, codes := e.enrol(t, u)
		var inv *validate.Errors
		if err := e.Accounts.AuthorizeExport(ctx, u, testenv.Password, "", meta); !errors.As(err, &inv) || inv.Fields["code"] == nil {
			t.Fatalf("export without a code: %v", err)
		}
		if err := e.Accounts.AuthorizeExport(ctx, u, testenv.Password, "000000", meta); !wrongCode(err) {
			t.Fatalf("export with a wrong code: %v", err)
		}
		if err := e.Accounts.AuthorizeExport(ctx, u, testenv.Password, e.code(t, secret), meta); err != nil {
			t.Fatalf("export with a code: %v", err)
		}
		if err := e.Accounts.AuthorizeExport(ctx, u, testenv.Password, codes[0], meta); err != nil {
			t.Fatalf("export with a recovery code: %v", err)
		}
	})
}

// A deleted account keeps no second factor.
func TestTwoFactor_deletedAccountForgetsIt(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		u := e.User(t, "alice")
		e.enrol(t, u)
		if err := e.Accounts.DeleteAccount(ctx, u, testenv.Password, meta); err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"totp", "recovery_codes"} {
			var n int
			if err := db.Read().QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE user_id = $1`, u.ID).Scan(&n); err != nil || n != 0 {
				t.Errorf("%s: %d rows left, %v", table, n, err)
			}
		}
	})
}
