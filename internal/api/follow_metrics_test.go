package api_test

import (
	"testing"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/follow"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestFollowMetrics: metrics.following counts what a user follows, on
// /me/, /users/{id}/ and each user of the /users/ list; /me/metrics/
// sums the followers of the caller's organizations as udata does.
func TestFollowMetrics(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		bob, bobKey := e.person(t, "bob@example.org", false)
		_, staffKey := e.person(t, "staff@example.org", true)
		carol, _ := e.person(t, "carol@example.org", false)
		o := e.Org(t, e.alice, "Régie des transports")
		other := e.Org(t, e.alice, "Syndicat mixte")
		d, err := e.Catalog.Create(ctx, e.alice, catalog.Input{Title: "Horaires", Description: "d", License: "lov2", OrgID: o.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, tg := range []follow.Target{{Kind: follow.Organization, ID: o.ID}, {Kind: follow.Organization, ID: other.ID},
			{Kind: follow.Dataset, ID: d.ID}} {
			if _, _, err := e.Follows.Follow(ctx, bob, tg); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := e.Follows.Follow(ctx, carol, follow.Target{Kind: follow.Organization, ID: o.ID}); err != nil {
			t.Fatal(err)
		}
		e.check(t, []call{
			{method: "GET", path: "/api/1/me/", key: bobKey, wantStatus: 200, want: []string{`"following":3`}},
			{method: "GET", path: "/api/1/me/", wantStatus: 200, want: []string{`"following":0`}},
			{method: "GET", path: "/api/1/users/" + bob.ID + "/", key: "-", wantStatus: 200, want: []string{`"following":3`}},
			{method: "GET", path: "/api/1/users/" + carol.ID + "/", key: "-", wantStatus: 200, want: []string{`"following":1`}},
			{method: "GET", path: "/api/1/me/metrics/", wantStatus: 200, want: []string{`"followers_org_count":3`, `"followers_count":0`}},
			{method: "GET", path: "/api/1/me/metrics/", key: bobKey, wantStatus: 200, want: []string{`"followers_org_count":0`}},
		})
		st, b, _ := e.do(t, call{method: "GET", path: "/api/1/users/?page_size=50", key: staffKey})
		if st != 200 {
			t.Fatalf("users list: %d", st)
		}
		got := map[string]float64{}
		for _, it := range decode(t, b)["data"].([]any) {
			u := it.(map[string]any)
			got[u["id"].(string)] = u["metrics"].(map[string]any)["following"].(float64)
		}
		if got[bob.ID] != 3 || got[carol.ID] != 1 || got[e.alice.ID] != 0 {
			t.Fatalf("following in the users list: %v", got)
		}
	})
}
