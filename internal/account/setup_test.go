package account_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

func firstAdmin(email string) account.NewUser {
	return account.NewUser{Email: email, FirstName: "Camille", LastName: "Durand", Password: "Secret123"}
}

// TestFirstRunLinkMakesOneSysadmin races several people with the first-run
// link: exactly one becomes sysadmin, and the link is dead afterwards.
func TestFirstRunLinkMakesOneSysadmin(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		token, err := e.Accounts.SetupLink(ctx)
		if err != nil || token == "" {
			t.Fatalf("SetupLink = %q, %v", token, err)
		}
		if ok, _ := e.Accounts.SetupValid(ctx, token); !ok {
			t.Fatal("a fresh link is not valid")
		}
		if ok, _ := e.Accounts.SetupValid(ctx, token+"x"); ok {
			t.Fatal("a wrong secret is valid")
		}
		const n = 8
		var wg sync.WaitGroup
		errc := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := e.Accounts.CreateFirstSysadmin(ctx, token, firstAdmin(fmt.Sprintf("admin%d@example.org", i)), meta)
				errc <- err
			}()
		}
		wg.Wait()
		close(errc)
		won := 0
		for err := range errc {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, account.ErrSetupDone):
				t.Errorf("unexpected error: %v", err)
			}
		}
		if won != 1 {
			t.Fatalf("%d sysadmins made with one link, want 1", won)
		}
		if ok, _ := e.Accounts.SetupValid(ctx, token); ok {
			t.Fatal("the link still works after use")
		}
		if again, err := e.Accounts.SetupLink(ctx); again != "" || err != nil {
			t.Fatalf("a new link was made although a sysadmin exists: %q %v", again, err)
		}
	})
}

func TestFirstRunLinkEndsWhenReplacedOrExpiredOrAdminExists(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		old, _ := e.Accounts.SetupLink(ctx)
		current, _ := e.Accounts.SetupLink(ctx) // a restart prints a new link
		if _, err := e.Accounts.CreateFirstSysadmin(ctx, old, firstAdmin("a@example.org"), meta); !errors.Is(err, account.ErrSetupDone) {
			t.Fatalf("a replaced link: %v", err)
		}
		if _, err := e.Accounts.CreateFirstSysadmin(ctx, current, account.NewUser{Email: "nope"}, meta); err == nil {
			t.Fatal("bad input accepted")
		}
		if ok, _ := e.Accounts.SetupValid(ctx, current); !ok {
			t.Fatal("bad input used the link up")
		}
		e.advance(account.SetupTTL + time.Minute)
		if _, err := e.Accounts.CreateFirstSysadmin(ctx, current, firstAdmin("a@example.org"), meta); !errors.Is(err, account.ErrSetupDone) {
			t.Fatalf("an expired link: %v", err)
		}
		fresh, _ := e.Accounts.SetupLink(ctx)
		if _, err := e.Accounts.CreateUser(ctx, account.NewUser{Email: "cli@example.org", FirstName: "C", LastName: "L",
			Password: "Secret123", Sysadmin: true, Confirmed: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Accounts.CreateFirstSysadmin(ctx, fresh, firstAdmin("a@example.org"), meta); !errors.Is(err, account.ErrSetupDone) {
			t.Fatalf("a link after the CLI made a sysadmin: %v", err)
		}
	})
}
