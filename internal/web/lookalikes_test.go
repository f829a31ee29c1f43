package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
	"github.com/socle-portal/socle/internal/testenv"
)

// TestSupportLookalikes: an organization created although it looks like
// another waits in the support queue with a link to each organization;
// support says they differ (once) or goes to delete the copy; nobody
// else sees or settles the pair.
func TestSupportLookalikes(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice, bob := e.signedIn("alice@example.org"), e.signedIn("bob@example.org")
		alice.post("/organizations/new", url.Values{"name": {"Métropole du Grand Paris"}, "description": {"d"}})
		form := url.Values{"name": {"Metropole Grand-Paris"}, "description": {"d"}}
		if r := bob.post("/organizations/new", form); r.status != 409 {
			t.Fatalf("the form creates a look-alike without asking: %d", r.status)
		}
		form.Set("confirm_duplicates", "on")
		if r := bob.post("/organizations/new", form); r.status != 303 {
			t.Fatalf("confirmed look-alike: %d", r.status)
		}
		staff := e.browser()
		if r := staff.post("/login", url.Values{"email": {e.Sysadmin(t).Email}, "password": {testenv.Password}}); r.status != 303 {
			t.Fatalf("support login: %d", r.status)
		}
		q := staff.get("/support")
		for _, want := range []string{`id="lookalikes"`, `href="/organizations/metropole-grand-paris"`,
			`href="/organizations/metropole-du-grand-paris"`, `href="/organizations/metropole-grand-paris/edit#delete"`,
			"Pas un doublon", "bob@example.org"} {
			if !strings.Contains(q.body, want) {
				t.Errorf("the queue lacks %s", want)
			}
		}
		m := regexp.MustCompile(`action="(/support/lookalikes/[^"]+/dismiss)"`).FindStringSubmatch(q.body)
		if m == nil {
			t.Fatal("no dismiss form in the queue")
		}
		if r := bob.get("/support"); r.status != 403 {
			t.Errorf("a member reads the queue: %d", r.status)
		}
		if r := bob.post(m[1], url.Values{}); r.status != 403 {
			t.Errorf("a member dismisses: %d", r.status)
		}
		r := staff.post(m[1], url.Values{})
		if loc := r.header.Get("Location"); r.status != 303 || loc != "/support?done=dismissed#lookalikes" {
			t.Fatalf("dismiss: %d %s", r.status, loc)
		}
		q = staff.get("/support?done=dismissed")
		if !strings.Contains(q.body, `id="done"`) || strings.Contains(q.body, "/dismiss") {
			t.Errorf("after dismissing, the queue does not say so or still lists the pair")
		}
		if r := staff.post(m[1], url.Values{}); r.status != 409 {
			t.Errorf("dismissed twice: %d", r.status)
		}
		hist := staff.get("/organizations/metropole-grand-paris/members")
		if !strings.Contains(hist.body, "Le support a jugé l’organisation distincte de") {
			t.Errorf("the history does not say support dismissed the look-alike")
		}
	})
}
