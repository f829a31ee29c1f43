package account_test

import (
	"errors"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/store"
	"github.com/socle-portal/socle/internal/testdb"
)

func TestPasswordReset(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.signUpConfirmed(t, "alice@example.org")
		_, tok, _ := e.svc.Login(ctx, "alice@example.org", "Secret123", "", meta)
		if err := e.svc.RequestReset(ctx, "nobody@example.org", meta); err != nil {
			t.Fatalf("unknown address answered differently: %v", err)
		}
		if n := mailCount(t, db, "nobody@example.org"); n != 0 {
			t.Fatalf("mail sent to an unknown address")
		}
		if err := e.svc.RequestReset(ctx, "alice@example.org", meta); err != nil {
			t.Fatal(err)
		}
		link := e.lastToken(t, "alice@example.org")
		fieldErr(t, e.svc.ResetPassword(ctx, link, "weak", meta), "password", "password.too_short")
		if err := e.svc.ResetPassword(ctx, link, "NewSecret456", meta); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.ResetPassword(ctx, link, "Another789", meta); !errors.Is(err, account.ErrInvalidLink) {
			t.Fatalf("link reused: %v", err)
		}
		if _, _, err := e.svc.SessionUser(ctx, tok); err == nil {
			t.Fatal("session survived a reset")
		}
		if _, _, err := e.svc.Login(ctx, "alice@example.org", "Secret123", "", meta); err == nil {
			t.Fatal("old password still works")
		}
		if _, _, err := e.svc.Login(ctx, "alice@example.org", "NewSecret456", "", meta); err != nil {
			t.Fatalf("new password: %v", err)
		}
	})
}

func TestResetLinkExpiresInAnHour(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.signUpConfirmed(t, "alice@example.org")
		e.svc.RequestReset(ctx, "alice@example.org", meta)
		link := e.lastToken(t, "alice@example.org")
		if err := e.svc.CheckResetToken(ctx, link); err != nil {
			t.Fatalf("fresh link: %v", err)
		}
		e.advance(time.Hour)
		if err := e.svc.ResetPassword(ctx, link, "NewSecret456", meta); !errors.Is(err, account.ErrInvalidLink) {
			t.Fatalf("expired link: %v", err)
		}
	})
}

func TestTokensAreStoredHashed(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.signUpConfirmed(t, "alice@example.org")
		e.svc.RequestReset(ctx, "alice@example.org", meta)
		link := e.lastToken(t, "alice@example.org")
		_, key, _ := e.svc.CreateAPIKey(ctx, mustUser(t, db, "alice@example.org"), "ci", meta)
		_, sess, _ := e.svc.Login(ctx, "alice@example.org", "Secret123", "", meta)
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

func mustUser(t *testing.T, db *store.DB, email string) account.User {
	t.Helper()
	u, err := db.UserByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
