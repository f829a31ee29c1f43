package account_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/oauth"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

func TestPasswordReset(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		e.signUpConfirmed(t, "alice@example.org")
		_, tok, _ := e.Accounts.Login(ctx, "alice@example.org", "Secret123", "", meta)
		if err := e.requestReset(t, "nobody@example.org", meta); err != nil {
			t.Fatalf("unknown address answered differently: %v", err)
		}
		if n := mailCount(t, db, "nobody@example.org"); n != 0 {
			t.Fatalf("mail sent to an unknown address")
		}
		if err := e.requestReset(t, "alice@example.org", meta); err != nil {
			t.Fatal(err)
		}
		link := e.lastToken(t, "alice@example.org")
		fieldErr(t, e.Accounts.ResetPassword(ctx, link, "weak", meta), "password", "password.too_short")
		if err := e.Accounts.ResetPassword(ctx, link, "NewSecret456", meta); err != nil {
			t.Fatal(err)
		}
		if err := e.Accounts.ResetPassword(ctx, link, "Another789", meta); !errors.Is(err, account.ErrInvalidLink) {
			t.Fatalf("link reused: %v", err)
		}
		if _, _, err := e.Accounts.SessionUser(ctx, tok); err == nil {
			t.Fatal("session survived a reset")
		}
		if _, _, err := e.Accounts.Login(ctx, "alice@example.org", "Secret123", "", meta); err == nil {
			t.Fatal("old password still works")
		}
		if _, _, err := e.Accounts.Login(ctx, "alice@example.org", "NewSecret456", "", meta); err != nil {
			t.Fatalf("new password: %v", err)
		}
	})
}

func TestResetLinkExpiresInAnHour(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		e.signUpConfirmed(t, "alice@example.org")
		e.requestReset(t, "alice@example.org", meta)
		link := e.lastToken(t, "alice@example.org")
		if err := e.Accounts.CheckResetToken(ctx, link); err != nil {
			t.Fatalf("fresh link: %v", err)
		}
		e.advance(time.Hour)
		if err := e.Accounts.ResetPassword(ctx, link, "NewSecret456", meta); !errors.Is(err, account.ErrInvalidLink) {
			t.Fatalf("expired link: %v", err)
		}
	})
}

func TestTokensAreStoredHashed(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		e.signUpConfirmed(t, "alice@example.org")
		e.requestReset(t, "alice@example.org", meta)
		link := e.lastToken(t, "alice@example.org")
		_, key, _ := e.Accounts.CreateAPIKey(ctx, mustUser(t, db, "alice@example.org"), "ci", meta)
		_, sess, _ := e.Accounts.Login(ctx, "alice@example.org", "Secret123", "", meta)
		for _, q := range []string{
			`SELECT count(*) FROM tokens WHERE token_hash = $1`,
			`SELECT count(*) FROM api_keys WHERE token_hash = $1`,
			`SELECT count(*) FROM sessions WHERE token_hash = $1`,
		} {
			for _, plain := range []string{link, key, sess} {
				var n int
				if err := db.Writer().QueryRow(q, plain).Scan(&n); err != nil || n != 0 {
					t.Fatalf("%s found a plaintext secret (%d, %v)", q, n, err)
				}
			}
		}
	})
}

func mustUser(t *testing.T, db *sqldb.DB, email string) account.User {
	t.Helper()
	u, err := account.NewStore(db).UserByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// Takeover before registration: someone signs up with another person's
// address and, without confirming it, must not get a credential that would
// outlive the owner's reset. The owner's reset then ends every credential
// of the account, and its e-mail says what was ended.
func TestResetEndsEveryCredential(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		if err := e.Accounts.SignUp(ctx, goodSignUp("owner@example.org"), meta); err != nil {
			t.Fatal(err)
		}
		squatter, tok, err := e.Accounts.Login(ctx, "owner@example.org", "Secret123", "", meta)
		if err != nil {
			t.Fatalf("an unconfirmed account signs in: %v", err)
		}
		if _, _, err := e.Accounts.CreateAPIKey(ctx, squatter, "mine", meta); !errors.Is(err, account.ErrUnconfirmed) {
			t.Fatalf("unconfirmed account created an API key: %v", err)
		}
		// The squatter asks to move the account to their own address.
		if err := e.Accounts.RequestEmailChange(ctx, squatter, "squatter@example.net", "Secret123", meta); err != nil {
			t.Fatal(err)
		}
		change := e.lastToken(t, "squatter@example.net")
		// Say the account held a key and a connected application anyway
		// (made while confirmed, say, before an address change).
		u := e.confirm(t, "owner@example.org")
		_, key, err := e.Accounts.CreateAPIKey(ctx, u, "k", meta)
		if err != nil {
			t.Fatal(err)
		}
		grant(t, db, u.ID)

		if err := e.requestReset(t, "owner@example.org", meta); err != nil {
			t.Fatal(err)
		}
		if err := e.Accounts.ResetPassword(ctx, e.lastToken(t, "owner@example.org"), "NewSecret456", meta); err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.Accounts.SessionUser(ctx, tok); err == nil {
			t.Error("the squatter's session survived the reset")
		}
		if _, err := e.Accounts.ConfirmEmailChange(ctx, change, meta); !errors.Is(err, account.ErrInvalidLink) {
			t.Errorf("the squatter's e-mail change survived the reset: %v", err)
		}
		if _, _, err := e.Accounts.AuthenticateAPIKey(ctx, key); err == nil {
			t.Error("the API key survived the reset")
		}
		if gs, err := oauth.NewStore(db).GrantsOf(ctx, u.ID); err != nil || len(gs) != 0 {
			t.Errorf("connected applications after the reset: %v %v", gs, err)
		}
		m := e.lastMail(t, "owner@example.org")
		for _, want := range []string{"sessions ouvertes : 1", "clés d’API révoquées : 1", "applications connectées déconnectées : 1"} {
			if !strings.Contains(m.Text, want) {
				t.Errorf("reset mail lacks %q:\n%s", want, m.Text)
			}
		}
	})
}

// confirm follows the confirmation link last sent to address.
func (e *env) confirm(t *testing.T, address string) account.User {
	t.Helper()
	u, err := e.Accounts.ConfirmSignup(ctx, e.lastToken(t, address), meta)
	if err != nil {
		t.Fatalf("confirm: %v", err)
	}
	return u
}

// grant records that userID let an application act for them.
func grant(t *testing.T, db *sqldb.DB, userID string) {
	t.Helper()
	now := time.Now().UTC()
	err := oauth.NewStore(db).InTx(ctx, func(tx oauth.Tx) error {
		c := oauth.Client{ID: "tool", Name: "Tool", RedirectURIs: []string{"https://tool.example/cb"},
			Scopes: []string{"openid"}, CreatedAt: now}
		if err := tx.CreateClient(ctx, c); err != nil {
			return err
		}
		_, err := tx.SaveGrant(ctx, oauth.Grant{ID: "g1", UserID: userID, ClientID: c.ID, Scopes: []string{"openid"},
			CreatedAt: now, UpdatedAt: now})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// requestReset asks for a reset link as the page does, then runs the job
// the request queued, as the queue would.
func (e *env) requestReset(t *testing.T, address string, m account.Meta) error {
	t.Helper()
	err := e.Accounts.RequestReset(ctx, address, m)
	for _, j := range testdb.TakeJobs[account.ResetJob](t, e.DB, "account.reset") {
		if err := e.Accounts.SendReset(ctx, j); err != nil {
			t.Fatalf("reset job: %v", err)
		}
	}
	return err
}

// A reset asked for a known address and for an unknown one write the same
// rows during the request (one queued job, one rate-limit count each), so
// that neither the answer nor its time tells which addresses have an
// account. Whether one does is looked up by the job.
func TestResetRequestDoesTheSameWorkForAnyAddress(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		e.signUpConfirmed(t, "alice@example.org")
		written := func(address, ip string) map[string]int {
			before := rowCounts(t, db)
			if err := e.Accounts.RequestReset(ctx, address, account.Meta{IP: ip}); err != nil {
				t.Fatal(err)
			}
			after := rowCounts(t, db)
			for k := range after {
				after[k] -= before[k]
			}
			return after
		}
		known, unknown := written("alice@example.org", "198.51.100.1"), written("nobody@example.org", "198.51.100.2")
		if fmt.Sprint(known) != fmt.Sprint(unknown) {
			t.Fatalf("a known address writes %v, an unknown one %v", known, unknown)
		}
		jobs := testdb.TakeJobs[account.ResetJob](t, db, "account.reset")
		if len(jobs) != 2 {
			t.Fatalf("%d jobs queued, want 2", len(jobs))
		}
		for _, j := range jobs {
			if err := e.Accounts.SendReset(ctx, j); err != nil {
				t.Fatal(err)
			}
		}
		if mailCount(t, db, "nobody@example.org") != 0 || len(e.lastToken(t, "alice@example.org")) == 0 {
			t.Fatal("the jobs must mail the known address only")
		}
	})
}

// rowCounts counts the rows of the tables a request could write.
func rowCounts(t *testing.T, db *sqldb.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"tokens", "audit_events", "river_job", "rate_limits", "users", "sessions"} {
		var n int
		if err := db.Writer().QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		out[table] = n
	}
	return out
}
