package account_test

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/mail"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
	"github.com/socle-portal/socle/internal/testenv"
	"github.com/socle-portal/socle/internal/validate"
)

var ctx = context.Background()

const baseURL = testenv.DefaultBaseURL

// env is the services on a real database, with the clock stopped at a
// moment the test moves.
type env struct {
	*testenv.Env
}

func (e *env) advance(d time.Duration) { e.Advance(d) }

func newEnv(t *testing.T, db *sqldb.DB, tune ...func(*account.Config)) *env {
	t.Helper()
	opts := []testenv.Option{testenv.At(time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC))}
	for _, f := range tune {
		opts = append(opts, testenv.Account(f))
	}
	x := testenv.New(t, db, opts...)
	return &env{Env: x}
}

var meta = account.Meta{IP: "192.0.2.1", UserAgent: "test", Lang: "fr"}

func goodSignUp(email string) account.SignUp {
	return account.SignUp{FirstName: "Alice", LastName: "Martin", Email: email, Password: "Secret123", AcceptTerms: true}
}

// signUpConfirmed registers and confirms a user through the real links.
func (e *env) signUpConfirmed(t *testing.T, email string) account.User {
	t.Helper()
	if err := e.Accounts.SignUp(ctx, goodSignUp(email), meta); err != nil {
		t.Fatalf("sign up: %v", err)
	}
	u, err := e.Accounts.ConfirmSignup(ctx, e.lastToken(t, email), meta)
	if err != nil {
		t.Fatalf("confirm: %v", err)
	}
	return u
}

var linkRE = regexp.MustCompile(`https?://[^\s"<>]+\?token=[A-Za-z0-9_-]+`)

// lastMail returns the newest message queued for to.
func (e *env) lastMail(t *testing.T, to string) mail.Message {
	t.Helper()
	ms := testdb.Mails(t, e.DB)
	for i := len(ms) - 1; i >= 0; i-- {
		if ms[i].To == to {
			return ms[i]
		}
	}
	t.Fatalf("no mail to %s among %d", to, len(ms))
	return mail.Message{}
}

func (e *env) lastToken(t *testing.T, to string) string {
	t.Helper()
	m := e.lastMail(t, to)
	link := linkRE.FindString(m.Text)
	if link == "" {
		t.Fatalf("no link in mail %q: %s", m.Subject, m.Text)
	}
	u, _ := url.Parse(link)
	return u.Query().Get("token")
}

func mailCount(t *testing.T, db *sqldb.DB, to string) int {
	n := 0
	for _, m := range testdb.Mails(t, db) {
		if m.To == to {
			n++
		}
	}
	return n
}

func fieldErr(t *testing.T, err error, field, key string) {
	t.Helper()
	var v *validate.Errors
	if !errors.As(err, &v) {
		t.Fatalf("got %v, want a validation error on %s", err, field)
	}
	for _, k := range v.Fields[field] {
		if k == key {
			return
		}
	}
	t.Fatalf("errors %v, want %s on %s", v.Fields, key, field)
}

func TestSignUpRejectsBadInput(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		long := string(bytes.Repeat([]byte("é"), 256))
		cases := []struct {
			name       string
			edit       func(*account.SignUp)
			field, key string
		}{
			{"no first name", func(s *account.SignUp) { s.FirstName = " " }, "first_name", "required"},
			{"long first name", func(s *account.SignUp) { s.FirstName = long }, "first_name", "too_long"},
			{"no last name", func(s *account.SignUp) { s.LastName = "" }, "last_name", "required"},
			{"bad email", func(s *account.SignUp) { s.Email = "alice@" }, "email", "email.invalid"},
			{"short password", func(s *account.SignUp) { s.Password = "Ab1" }, "password", "password.too_short"},
			{"no upper", func(s *account.SignUp) { s.Password = "secret123" }, "password", "password.needs_upper"},
			{"no lower", func(s *account.SignUp) { s.Password = "SECRET123" }, "password", "password.needs_lower"},
			{"no digit", func(s *account.SignUp) { s.Password = "SecretSecret" }, "password", "password.needs_digit"},
			{"long password", func(s *account.SignUp) { s.Password = "Aa1" + string(bytes.Repeat([]byte("x"), 254)) }, "password", "password.too_long"},
			{"terms", func(s *account.SignUp) { s.AcceptTerms = false }, "accept_terms", "terms.required"},
		}
		for _, c := range cases {
			in := goodSignUp("alice@example.org")
			c.edit(&in)
			fieldErr(t, e.Accounts.SignUp(ctx, in, meta), c.field, c.key)
		}
		if _, err := account.NewStore(db).UserByEmail(ctx, "alice@example.org"); !errors.Is(err, account.ErrNotFound) {
			t.Fatalf("a rejected sign-up wrote a user: %v", err)
		}
		if n := len(testdb.Mails(t, db)); n != 0 {
			t.Fatalf("a rejected sign-up queued %d mails", n)
		}
	})
}

func TestSignUpConfirmOnce(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		if err := e.Accounts.SignUp(ctx, goodSignUp("  Alice@Example.org "), meta); err != nil {
			t.Fatal(err)
		}
		u, err := account.NewStore(db).UserByEmail(ctx, "alice@example.org")
		if err != nil || u.Confirmed() || u.Slug != "alice-martin" {
			t.Fatalf("after sign-up: %+v, %v", u, err)
		}
		token := e.lastToken(t, "alice@example.org")
		if u, err = e.Accounts.ConfirmSignup(ctx, token, meta); err != nil || !u.Confirmed() {
			t.Fatalf("confirm: %+v, %v", u, err)
		}
		if _, err := e.Accounts.ConfirmSignup(ctx, token, meta); !errors.Is(err, account.ErrInvalidLink) {
			t.Fatalf("second use: %v, want ErrInvalidLink", err)
		}
	})
}

func TestConfirmationExpires(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		if err := e.Accounts.SignUp(ctx, goodSignUp("bob@example.org"), meta); err != nil {
			t.Fatal(err)
		}
		token := e.lastToken(t, "bob@example.org")
		e.advance(account.DefaultConfig().ConfirmTTL + time.Second)
		if _, err := e.Accounts.ConfirmSignup(ctx, token, meta); !errors.Is(err, account.ErrInvalidLink) {
			t.Fatalf("expired link: %v", err)
		}
		if err := e.Accounts.ResendConfirmation(ctx, "bob@example.org", meta); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Accounts.ConfirmSignup(ctx, e.lastToken(t, "bob@example.org"), meta); err != nil {
			t.Fatalf("resent link: %v", err)
		}
	})
}

func TestSignUpWithTakenAddressRevealsNothing(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		first := e.signUpConfirmed(t, "alice@example.org")
		again := goodSignUp("alice@example.org")
		again.FirstName = "Mallory"
		if err := e.Accounts.SignUp(ctx, again, account.Meta{IP: "198.51.100.7"}); err != nil {
			t.Fatalf("second sign-up answered differently: %v", err)
		}
		u, _ := account.NewStore(db).UserByEmail(ctx, "alice@example.org")
		if u.ID != first.ID || u.FirstName != "Alice" {
			t.Fatalf("account changed: %+v", u)
		}
		m := e.lastMail(t, "alice@example.org")
		if linkRE.MatchString(m.Text) {
			t.Fatalf("the 'already registered' mail carries a token link: %s", m.Text)
		}
		if !bytes.Contains([]byte(m.Text), []byte(baseURL+"/password/forgot")) {
			t.Fatalf("no reset link in 'already registered' mail: %s", m.Text)
		}
	})
}

func TestConcurrentSignUpsMakeOneAccount(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db, func(c *account.Config) { c.Limits = account.Limits{} })
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- e.Accounts.SignUp(ctx, goodSignUp("race@example.org"), meta)
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("concurrent sign-up: %v", err)
			}
		}
		var n int
		db.Writer().QueryRow(`SELECT count(*) FROM users`).Scan(&n)
		if n != 1 {
			t.Fatalf("%d users, want 1", n)
		}
	})
}
