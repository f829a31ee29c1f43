package api_test

import (
	"testing"

	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
	"github.com/socle-portal/socle/internal/testenv"
)

// TestLookalikeThroughAPIReachesSupport: udata clients create a look-alike
// organization (201, spec section 0) and socle flags it to support instead:
// the support address is told, and the pair waits in support's queue
// (sysadmins only) until dismissed, once.
func TestLookalikeThroughAPIReachesSupport(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		first := e.Org(t, e.alice, "Métropole du Grand Paris")
		bob, bobKey := e.person(t, "bob@example.org", false)
		mails := len(testdb.Mails(t, db))
		st, b, _ := e.do(t, call{method: "POST", path: "/api/1/organizations/", key: bobKey,
			body: `{"name": "Metropole du Grand-Paris", "description": "d"}`})
		if st != 201 {
			t.Fatalf("look-alike through the API: %d %s", st, b)
		}
		created := decode(t, b)["id"].(string)
		_, staffKey := e.person(t, "staff@example.org", true)
		dismiss := "/api/1/support/lookalikes/" + created + "/" + first.ID + "/dismiss/"
		e.check(t, []call{
			{method: "GET", path: "/api/1/support/lookalikes/", key: bobKey, wantStatus: 403},
			{method: "GET", path: "/api/1/support/lookalikes/", key: staffKey, wantStatus: 200,
				want: []string{`"organization":{`, `"id":"` + created + `"`, `"lookalike":{`, `"id":"` + first.ID + `"`,
					`"created_by":{`, `"id":"` + bob.ID + `"`, `"email":"bob@example.org"`}},
			{method: "POST", path: dismiss, key: bobKey, wantStatus: 403},
			{method: "POST", path: dismiss, key: staffKey, wantStatus: 200, want: []string{`{}`}},
			{method: "POST", path: dismiss, key: staffKey, wantStatus: 409},
			{method: "GET", path: "/api/1/support/lookalikes/", key: staffKey, wantStatus: 200, want: []string{`[]`}},
		})
		toSupport := 0
		for _, m := range testdb.Mails(t, db)[mails:] {
			if m.To == testenv.SupportEmail {
				toSupport++
			}
		}
		if toSupport != 1 {
			t.Fatalf("%d mails to the support address, want 1", toSupport)
		}
	})
}
