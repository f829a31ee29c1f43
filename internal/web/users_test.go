package web_test

import (
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestUserPage: the API's "page" link of a user leads to a public page
// with their name and without their address.
func TestUserPage(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		e.signedIn("alice@example.org")
		b := e.browser()
		r := b.get("/users/alice-martin/")
		if r.status != 200 || !strings.Contains(r.body, "Alice Martin") || strings.Contains(r.body, "alice@example.org") {
			t.Fatalf("user page: %d", r.status)
		}
		if r := b.get("/users/nobody/"); r.status != 404 {
			t.Fatalf("unknown user: %d", r.status)
		}
	})
}
