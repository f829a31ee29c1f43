package api_test

import (
	"testing"

	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestApplicantEmails: an organization's admins see its applicants'
// addresses masked, as udata shows them; sysadmins see them whole.
func TestApplicantEmails(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		o := e.Org(t, e.alice, "Régie des transports")
		_, thibaudKey := e.person(t, "thibaud@example.org", false)
		_, staffKey := e.person(t, "staff@example.org", true)
		path := "/api/1/organizations/" + o.ID + "/membership/"
		e.check(t, []call{
			{method: "POST", path: path, key: thibaudKey, body: `{"comment": "SIG"}`, wantStatus: 201},
			{method: "GET", path: path, wantStatus: 200, want: []string{`"email":"th*****@example.org"`}, notWant: []string{"thibaud@example.org"}},
			{method: "GET", path: path, key: staffKey, wantStatus: 200, want: []string{`"email":"thibaud@example.org"`}},
		})
	})
}
