package api_test

import (
	"testing"

	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestNotificationsHandled: udata's handled=true lists read notices only,
// handled=false unread ones only, no filter all of them.
func TestNotificationsHandled(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		_, bobKey := e.person(t, "bob@example.org", false)
		_, carolKey := e.person(t, "carol@example.org", false)
		_, b, _ := e.do(t, call{method: "POST", path: "/api/1/organizations/", body: `{"name": "Lorient", "description": "d"}`})
		path := "/api/1/organizations/" + decode(t, b)["id"].(string) + "/membership/"
		e.do(t, call{method: "POST", path: path, key: bobKey, body: `{"comment": "bob"}`})
		e.do(t, call{method: "POST", path: path, key: carolKey, body: `{"comment": "carol"}`})
		_, b, _ = e.do(t, call{method: "GET", path: "/api/1/notifications/"})
		data := decode(t, b)["data"].([]any)
		if len(data) != 2 {
			t.Fatalf("alice has %d notifications, want 2: %s", len(data), b)
		}
		read := data[0].(map[string]any)["id"].(string)
		unread := data[1].(map[string]any)["id"].(string)
		e.check(t, []call{
			{method: "POST", path: "/api/1/notifications/" + read + "/read/", wantStatus: 200},
			{method: "GET", path: "/api/1/notifications/?handled=true", wantStatus: 200,
				want: []string{`"total":1`, read}, notWant: []string{unread}},
			{method: "GET", path: "/api/1/notifications/?handled=false", wantStatus: 200,
				want: []string{`"total":1`, unread}, notWant: []string{read}},
			{method: "GET", path: "/api/1/notifications/", wantStatus: 200, want: []string{`"total":2`, read, unread}},
			{method: "GET", path: "/api/1/notifications/?handled=yes", wantStatus: 400, want: []string{`"handled"`}},
		})
	})
}
