package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestFollowers follows and unfollows datasets and organizations as udata:
// POST answers {followers} 201 then 200, DELETE {followers} 200 then 404,
// the list is a page of {id, follower, since}; hidden objects 404, deleted
// ones 410.
func TestFollowers(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		bob, bobKey := e.person(t, "bob@example.org", false)
		o := e.Org(t, e.alice, "Régie des transports")
		d, err := e.Catalog.Create(ctx, e.alice, catalog.Input{Title: "Horaires", Description: "d", License: "lov2", OrgID: o.ID})
		if err != nil {
			t.Fatal(err)
		}
		hidden, err := e.Catalog.Create(ctx, e.alice, catalog.Input{Title: "Brouillon", Description: "d", License: "lov2", OrgID: o.ID, Draft: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, base := range []string{"/api/1/datasets/" + d.ID + "/followers/", "/api/1/organizations/" + o.Slug + "/followers/"} {
			e.check(t, []call{
				{method: "GET", path: base, key: "-", wantStatus: 200, want: []string{`"data":[]`, `"total":0`, `"next_page":null`}},
				{method: "POST", path: base, key: "-", wantStatus: 401},
				{method: "POST", path: base, key: bobKey, wantStatus: 201, want: []string{`{"followers":1}`}},
				{method: "POST", path: base, key: bobKey, wantStatus: 200, want: []string{`{"followers":1}`}},
				{method: "DELETE", path: base, wantStatus: 404},
				{method: "POST", path: base, wantStatus: 201, want: []string{`{"followers":2}`}},
				{method: "GET", path: base, key: "-", wantStatus: 200, want: []string{`"total":2`, `"follower":{`, `"id":"` + bob.ID + `"`,
					`"first_name":"bob"`, `"since":"`}, notWant: []string{"bob@example.org"}},
				{method: "GET", path: base + "?user=" + bob.ID, key: "-", wantStatus: 200, want: []string{`"total":1`, bob.ID},
					notWant: []string{e.alice.ID}},
				{method: "GET", path: base + "?page_size=500", key: "-", wantStatus: 200, want: []string{`"page_size":500`}},
				{method: "GET", path: base + "?page_size=1", key: "-", wantStatus: 200, want: []string{`"next_page":"http`}},
				{method: "GET", path: base + "?page_size=1001", key: "-", wantStatus: 400, want: []string{`"page_size"`}},
				{method: "GET", path: base, key: "-", headers: map[string]string{"X-Fields": "data{follower{id}}, next_page"}, wantStatus: 200,
					want: []string{`"next_page":null`, `{"follower":{"id":"`}, notWant: []string{`"since"`, `"total"`}},
				{method: "GET", path: strings.TrimSuffix(base, "followers/"), key: "-", wantStatus: 200, want: []string{`"followers":2`}},
				{method: "DELETE", path: base, key: bobKey, wantStatus: 200, want: []string{`{"followers":1}`}},
				{method: "DELETE", path: base, key: bobKey, wantStatus: 404},
			})
		}
		e.check(t, []call{
			{method: "GET", path: "/api/1/datasets/" + hidden.ID + "/followers/", key: bobKey, wantStatus: 404},
			{method: "POST", path: "/api/1/datasets/" + hidden.ID + "/followers/", key: bobKey, wantStatus: 404},
			{method: "GET", path: "/api/1/datasets/nothing/followers/", wantStatus: 404},
			{method: "POST", path: "/api/1/organizations/nothing/followers/", wantStatus: 404},
			{method: "DELETE", path: "/api/1/datasets/" + d.ID + "/", wantStatus: 204},
			{method: "GET", path: "/api/1/datasets/" + d.ID + "/followers/", key: "-", wantStatus: 410},
			{method: "POST", path: "/api/1/datasets/" + d.ID + "/followers/", key: bobKey, wantStatus: 410},
			{method: "DELETE", path: "/api/1/organizations/" + o.Slug + "/", wantStatus: 204},
			{method: "GET", path: "/api/1/organizations/" + o.Slug + "/followers/", key: "-", wantStatus: 410},
		})
	})
}

// TestFollowConcurrently: of simultaneous follows by one user, one starts
// following (201) and the others find it done (200); one follow is kept.
func TestFollowConcurrently(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		o := e.Org(t, e.alice, "Régie des transports")
		path := "/api/1/organizations/" + o.ID + "/followers/"
		var mu sync.Mutex
		got := map[int]int{}
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				st, b, _ := e.do(t, call{method: "POST", path: path})
				mu.Lock()
				defer mu.Unlock()
				got[st]++
				if !strings.Contains(string(b), `{"followers":1}`) {
					t.Errorf("follow answered %d %s", st, b)
				}
			})
		}
		wg.Wait()
		if got[http.StatusCreated] != 1 || got[http.StatusOK] != 7 {
			t.Fatalf("statuses %v, want one 201 and seven 200", got)
		}
	})
}

// TestUnmodelledListsAreEmptyPages: discussions and community resources,
// which socle does not have, answer udata's empty page rather than 404.
func TestUnmodelledListsAreEmptyPages(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		for _, path := range []string{"/api/1/discussions/?for=5abca8d588ee386ee6ece479", "/api/1/datasets/community_resources/?dataset=x"} {
			e.check(t, []call{
				{method: "GET", path: path, key: "-", wantStatus: 200, want: []string{`"data":[]`, `"page":1`, `"page_size":20`,
					`"total":0`, `"next_page":null`, `"previous_page":null`}},
				{method: "GET", path: path + "&page=2&page_size=50", key: "-", wantStatus: 200, want: []string{`"page":2`, `"page_size":50`}},
				{method: "GET", path: path + "&page_size=0", key: "-", wantStatus: 400, want: []string{`"page_size"`}},
				{method: "GET", path: fmt.Sprint(path, "&page=x"), wantStatus: 400, want: []string{`"page"`}},
			})
		}
	})
}
