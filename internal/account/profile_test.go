package account_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

func TestUpdateProfile(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		u := e.signUpConfirmed(t, "alice@example.org")
		good := account.Profile{FirstName: "Alice", LastName: "Durand", About: "**GIS** team", Website: "https://mairie.example.fr"}
		bad := []struct {
			edit       func(*account.Profile)
			field, key string
		}{
			{func(p *account.Profile) { p.FirstName = "" }, "first_name", "required"},
			{func(p *account.Profile) { p.Website = "javascript:alert(1)" }, "website", "url.invalid"},
			{func(p *account.Profile) { p.About = strings.Repeat("a", account.MaxAboutLen+1) }, "about", "too_long"},
		}
		for _, c := range bad {
			p := good
			c.edit(&p)
			_, err := e.Accounts.UpdateProfile(ctx, u, p, meta)
			fieldErr(t, err, c.field, c.key)
		}
		if cur := mustUser(t, db, "alice@example.org"); cur.LastName != "Martin" {
			t.Fatalf("a rejected update wrote: %+v", cur)
		}
		got, err := e.Accounts.UpdateProfile(ctx, u, good, meta)
		if err != nil || got.LastName != "Durand" || got.Website != good.Website {
			t.Fatalf("update: %+v, %v", got, err)
		}
	})
}

func TestChangePasswordEndsOtherSessions(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		e.signUpConfirmed(t, "alice@example.org")
		u, here, _ := e.Accounts.Login(ctx, "alice@example.org", "Secret123", "", meta)
		_, there, _ := e.Accounts.Login(ctx, "alice@example.org", "Secret123", "", meta)
		_, cur, _ := e.Accounts.SessionUser(ctx, here)
		fieldErr(t, e.Accounts.ChangePassword(ctx, u, "Wrong1234", "NewSecret456", cur.ID, meta), "current_password", "password.wrong")
		fieldErr(t, e.Accounts.ChangePassword(ctx, u, "Secret123", "short", cur.ID, meta), "password", "password.too_short")
		if err := e.Accounts.ChangePassword(ctx, u, "Secret123", "NewSecret456", cur.ID, meta); err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.Accounts.SessionUser(ctx, here); err != nil {
			t.Fatalf("current session ended: %v", err)
		}
		if _, _, err := e.Accounts.SessionUser(ctx, there); err == nil {
			t.Fatal("other session survived")
		}
		if m := e.lastMail(t, "alice@example.org"); m.Subject == "" {
			t.Fatal("no notice of the change")
		}
	})
}

func TestChangeEmail(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		u := e.signUpConfirmed(t, "alice@example.org")
		e.signUpConfirmed(t, "bob@example.org")
		fieldErr(t, e.Accounts.RequestEmailChange(ctx, u, "alice@example.org", "Secret123", meta), "email", "email.same")
		fieldErr(t, e.Accounts.RequestEmailChange(ctx, u, "new@example.org", "Wrong1234", meta), "current_password", "password.wrong")
		// A taken address gets the same answer and no mail.
		before := mailCount(t, db, "bob@example.org")
		if err := e.Accounts.RequestEmailChange(ctx, u, "bob@example.org", "Secret123", meta); err != nil {
			t.Fatal(err)
		}
		if mailCount(t, db, "bob@example.org") != before {
			t.Fatal("mail sent to an address that has an account")
		}
		if err := e.Accounts.RequestEmailChange(ctx, u, "Alice.New@example.org", "Secret123", meta); err != nil {
			t.Fatal(err)
		}
		token := e.lastToken(t, "alice.new@example.org")
		got, err := e.Accounts.ConfirmEmailChange(ctx, token, meta)
		if err != nil || got.Email != "alice.new@example.org" {
			t.Fatalf("confirm change: %+v, %v", got, err)
		}
		if m := e.lastMail(t, "alice@example.org"); !strings.Contains(m.Text, "alice.new@example.org") {
			t.Fatalf("old address not told of the new one: %s", m.Text)
		}
		if _, err := e.Accounts.ConfirmEmailChange(ctx, token, meta); !errors.Is(err, account.ErrInvalidLink) {
			t.Fatalf("link reused: %v", err)
		}
	})
}

func TestDeleteAccount(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		u := e.signUpConfirmed(t, "alice@example.org")
		_, key, _ := e.Accounts.CreateAPIKey(ctx, u, "ci", meta)
		_, sess, _ := e.Accounts.Login(ctx, "alice@example.org", "Secret123", "", meta)
		fieldErr(t, e.Accounts.DeleteAccount(ctx, u, "Wrong1234", meta), "current_password", "password.wrong")
		if err := e.Accounts.DeleteAccount(ctx, u, "Secret123", meta); err != nil {
			t.Fatal(err)
		}
		if _, _, err := e.Accounts.SessionUser(ctx, sess); err == nil {
			t.Fatal("session survived deletion")
		}
		if _, _, err := e.Accounts.AuthenticateAPIKey(ctx, key); err == nil {
			t.Fatal("API key survived deletion")
		}
		if _, _, err := e.Accounts.Login(ctx, "alice@example.org", "Secret123", "", meta); err == nil {
			t.Fatal("deleted account can log in")
		}
		gone, _ := account.NewStore(db).UserByID(ctx, u.ID)
		if !gone.Deleted() || gone.FirstName != "" || strings.Contains(gone.Email, "alice") {
			t.Fatalf("personal data kept: %+v", gone)
		}
		// The address is free again.
		e.signUpConfirmed(t, "alice@example.org")
	})
}

func TestAPIKeys(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice := e.signUpConfirmed(t, "alice@example.org")
		bob := e.signUpConfirmed(t, "bob@example.org")
		_, _, err := e.Accounts.CreateAPIKey(ctx, alice, strings.Repeat("x", 256), meta)
		fieldErr(t, errOf(err), "name", "too_long")
		if k, _, err := e.Accounts.CreateAPIKey(ctx, alice, "  ", meta); err != nil || k.Name != "" {
			t.Fatalf("a key without a name, as udata's: %+v %v", k, err) // every field is optional
		}
		k, plain, err := e.Accounts.CreateAPIKey(ctx, alice, "CI", meta)
		if err != nil || !strings.HasPrefix(plain, account.APIKeyPrefix) || !strings.HasPrefix(plain, k.Prefix) {
			t.Fatalf("create: %+v %q %v", k, plain, err)
		}
		u, _, err := e.Accounts.AuthenticateAPIKey(ctx, plain)
		if err != nil || u.ID != alice.ID {
			t.Fatalf("authenticate: %v", err)
		}
		for tok, want := range map[string]error{
			"":                         account.ErrInvalidToken,
			"nope":                     account.ErrInvalidToken,
			plain[:len(plain)-1] + "x": account.ErrInvalidToken,
			account.APIKeyPrefix + "x": account.ErrInvalidToken,
		} {
			if _, _, err := e.Accounts.AuthenticateAPIKey(ctx, tok); !errors.Is(err, want) {
				t.Errorf("key %q: %v, want %v", tok, err, want)
			}
		}
		if err := e.Accounts.RevokeAPIKey(ctx, bob, k.ID, meta); !errors.Is(err, account.ErrNotFound) {
			t.Fatalf("bob revoked alice's key: %v", err)
		}
		if err := e.Accounts.RevokeAPIKey(ctx, alice, k.ID, meta); err != nil {
			t.Fatal(err)
		}
		if err := e.Accounts.RevokeAPIKey(ctx, alice, k.ID, meta); !errors.Is(err, account.ErrAlreadyRevoked) {
			t.Fatalf("second revoke: %v", err)
		}
		if _, _, err := e.Accounts.AuthenticateAPIKey(ctx, plain); !errors.Is(err, account.ErrRevokedToken) {
			t.Fatalf("revoked key: %v", err)
		}
		if keys, _ := e.Accounts.APIKeys(ctx, alice); len(keys) != 1 || keys[0].Name != "" { // the unnamed one
			t.Fatalf("revoked key listed: %v", keys)
		}
	})
}

func errOf(err error) error { return err }
