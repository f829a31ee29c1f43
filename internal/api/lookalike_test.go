package api_test

import (
	"testing"

	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
	"github.com/socle-portal/socle/internal/testenv"
)

// TestLookalikeThroughAPIReachesSupport: udata clients create a look-alike
// organization (201, spec section 0) and socle flags it to support instead:
// the pair waits in support's queue and the support address is told.
func TestLookalikeThroughAPIReachesSupport(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		first := e.Org(t, e.alice, "Métropole du Grand Paris")
		_, bobKey := e.person(t, "bob@example.org", false)
		mails := len(testdb.Mails(t, db))
		st, b, _ := e.do(t, call{method: "POST", path: "/api/1/organizations/", key: bobKey,
			body: `{"name": "Metropole du Grand-Paris", "description": "d"}`})
		if st != 201 {
			t.Fatalf("look-alike through the API: %d %s", st, b)
		}
		created := decode(t, b)["id"].(string)
		q, err := e.Orgs.Lookalikes(ctx, e.Sysadmin(t))
		if err != nil || len(q) != 1 || q[0].Org.ID != created || q[0].Like.ID != first.ID {
			t.Fatalf("support's queue: %+v %v", q, err)
		}
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
