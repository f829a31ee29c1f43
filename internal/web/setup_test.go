package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

func TestSetupPage(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		token, err := e.Accounts.SetupLink(ctx)
		if err != nil || token == "" {
			t.Fatalf("no link: %q %v", token, err)
		}
		b := e.browser()
		if r := b.get("/setup?token=nope"); r.status != 410 || !strings.Contains(r.body, "déjà un administrateur") {
			t.Fatalf("a wrong link: %d", r.status)
		}
		r := b.get("/setup?token=" + token)
		if r.status != 200 || !strings.Contains(r.body, `name="token" value="`+token+`"`) {
			t.Fatalf("form: %d", r.status)
		}
		bad := url.Values{"token": {token}, "email": {"nope"}, "first_name": {"Ada"}, "last_name": {""}, "password": {"Secret123"}}
		if r := b.post("/setup", bad); r.status != 422 || !strings.Contains(r.body, `aria-invalid="true"`) || !strings.Contains(r.body, `value="Ada"`) {
			t.Fatalf("bad input: %d", r.status)
		}
		good := url.Values{"token": {token}, "email": {"ada@example.org"}, "first_name": {"Ada"}, "last_name": {"Admin"}, "password": {"Secret123"}}
		if r := b.post("/setup", good); r.status != 200 {
			t.Fatalf("setup: %d %s", r.status, r.body)
		}
		if r := b.post("/setup", good); r.status != 410 {
			t.Fatalf("the link worked twice: %d", r.status)
		}
		u, _, err := e.Accounts.Login(ctx, "ada@example.org", "Secret123", "", account.Meta{})
		if err != nil || !u.Sysadmin {
			t.Fatalf("the new admin cannot sign in or is no sysadmin: %v %+v", err, u)
		}
	})
}
