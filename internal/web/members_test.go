package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestMembersPage: the history names who acted; a select of the page sent
// with a value it never offers is a 400 page saying what is wrong, not a 500.
func TestMembersPage(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		b := e.signedIn("alice@example.org")
		r := b.post("/organizations/new", url.Values{"name": {"Régie des transports de Lyon"},
			"description": {"Réseau urbain"}, "confirm_duplicates": {"on"}})
		slug, _, _ := strings.Cut(strings.TrimPrefix(r.header.Get("Location"), "/organizations/"), "?")
		if r.status != 303 || slug == "" {
			t.Fatalf("creating the organization: %d %s", r.status, r.body)
		}
		alice, err := account.NewStore(db).UserByEmail(ctx, "alice@example.org")
		if err != nil {
			t.Fatal(err)
		}
		page := b.get("/organizations/" + slug + "/members")
		if _, history, ok := strings.Cut(page.body, `class="list history"`); !ok || !strings.Contains(history, ">Alice Martin</td>") {
			t.Errorf("the history does not name who acted")
		}
		r = b.post("/organizations/"+slug+"/invite", url.Values{"email": {"pas-une-adresse"}, "role": {"admin"}, "comment": {"Bienvenue"}})
		if r.status != 422 || !strings.Contains(r.body, `value="pas-une-adresse"`) || !strings.Contains(r.body, "adresse e-mail n’est pas valide") ||
			!strings.Contains(r.body, `value="Bienvenue"`) || !strings.Contains(r.body, `<option value="admin" selected>`) {
			t.Errorf("invalid invitation: %d; the form must come back with the problem and what was typed", r.status)
		}
		for _, c := range []struct{ path, field, value string }{
			{"/organizations/" + slug + "/members/" + alice.ID + "/function", "function", "god"},
			{"/organizations/" + slug + "/members/" + alice.ID + "/role", "role", "god"},
		} {
			r := b.post(c.path, url.Values{c.field: {c.value}})
			if r.status != 400 || !strings.Contains(r.body, "Rôle inconnu") && !strings.Contains(r.body, "Fonction inconnue") {
				t.Errorf("POST %s %s=%s: %d, want 400 naming the problem", c.path, c.field, c.value, r.status)
			}
		}
	})
}
