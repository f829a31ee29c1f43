package web_test

import (
	"testing"

	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestUnstorableTextRefused: a NUL byte or malformed UTF-8 in a form or a
// URL is a 400 page on both backends, never a 500.
func TestUnstorableTextRefused(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		b := e.browser()
		b.get("/")
		for _, path := range []string{"/organizations?q=a%00b", "/datasets?q=a%FFb", "/datasets/a%00b"} {
			if r := b.get(path); r.status != 400 {
				t.Errorf("GET %s: %d, want 400", path, r.status)
			}
		}
		form := signupForm("alice@example.org")
		form.Set("first_name", "A\x00B")
		if r := b.post("/signup", form); r.status != 400 {
			t.Errorf("sign-up with a NUL byte: %d, want 400", r.status)
		}
		login := signupForm("a\xffb@example.org")
		if r := b.post("/login", login); r.status != 400 {
			t.Errorf("login with malformed UTF-8: %d, want 400", r.status)
		}
	})
}
