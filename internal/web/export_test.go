package web_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

func TestExportPage(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		b := e.signedIn("alice@example.org")
		if r := b.get("/account/export"); r.status != 200 || !strings.Contains(r.body, `name="current_password"`) {
			t.Fatalf("form: %d", r.status)
		}
		r := b.post("/account/export", url.Values{"current_password": {"Wrong1234"}})
		if r.status != 422 || !strings.Contains(r.body, `id="current_password-err"`) {
			t.Fatalf("wrong password: %d", r.status)
		}
		r = b.post("/account/export", url.Values{"current_password": {"Secret123"}})
		if r.status != 200 {
			t.Fatalf("export: %d %s", r.status, r.body)
		}
		var doc struct {
			Format  string
			Profile struct{ Email string }
		}
		if err := json.Unmarshal([]byte(r.body), &doc); err != nil || doc.Profile.Email != "alice@example.org" {
			t.Fatalf("document: %v %+v", err, doc)
		}
		if r := e.browser().get("/account/export"); r.status != 303 {
			t.Fatalf("anonymous: %d", r.status)
		}
	})
}
