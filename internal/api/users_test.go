package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// userPage is the part of a page of users the tests read.
type userPage struct {
	Data []struct {
		ID, Slug, Email string
		FirstName       string `json:"first_name"`
	}
	Total    int
	NextPage *string `json:"next_page"`
}

func TestUserSearch(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db) // Alice Martin
		mk := func(email, first, last string, sysadmin bool) account.User {
			u, err := e.Accounts.CreateUser(ctx, account.NewUser{Email: email, FirstName: first, LastName: last,
				Password: "Secret123", Confirmed: true, Sysadmin: sysadmin})
			if err != nil {
				t.Fatal(err)
			}
			return u
		}
		mk("helene@example.org", "Hélène", "Lefèvre-Dupont", false)
		mk("jean@example.org", "Jean", "Dupont", false)
		gone := mk("gone@example.org", "Gaston", "Dupont", false)
		off := mk("off@example.org", "Odile", "Dupont", false)
		admin := mk("root@example.org", "Root", "Admin", true)
		_, adminKey, _ := e.Accounts.CreateAPIKey(ctx, admin, "k", account.Meta{})
		if err := e.Accounts.Delete(ctx, gone, account.Meta{}); err != nil {
			t.Fatal(err)
		}
		err := account.NewStore(db).InTx(ctx, func(tx account.Tx) error {
			u, err := tx.UserByID(ctx, off.ID)
			u.Active = false
			if err == nil {
				err = tx.UpdateUser(ctx, u)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		// A renamed user is found by the new name, not the old one.
		e.check(t, []call{{method: "PUT", path: "/api/1/me/", body: `{"first_name": "Álix"}`, wantStatus: 200}})

		e.check(t, []call{
			{method: "GET", path: "/api/1/users/?q=DUPONT+helene", key: adminKey, wantStatus: 200,
				want: []string{`"first_name":"Hélène"`, `"total":1`}},
			{method: "GET", path: "/api/1/users/?q=lefevre", key: adminKey, wantStatus: 200, want: []string{`"total":1`, "Hélène"}},
			{method: "GET", path: "/api/1/users/?q=dupont", key: adminKey, wantStatus: 200,
				want: []string{`"total":2`, "Jean", "Hélène"}, notWant: []string{"Gaston", "Odile"}},
			{method: "GET", path: "/api/1/users/?q=alix", key: adminKey, wantStatus: 200, want: []string{`"total":1`}},
			{method: "GET", path: "/api/1/users/suggest/?q=alice", key: "-", wantStatus: 200, want: []string{`[]`}}, // by names only
			{method: "GET", path: "/api/1/users/?q=" + `%22dup*%20OR%20-x`, key: adminKey, wantStatus: 200},
			{method: "GET", path: "/api/1/users/", key: adminKey, wantStatus: 200, want: []string{`"total":4`},
				notWant: []string{"Gaston", "Odile"}},
			// The list is the sysadmins', as udata's.
			{method: "GET", path: "/api/1/users/", key: "-", wantStatus: 401},
			{method: "GET", path: "/api/1/users/?q=martin", wantStatus: 403},
			{method: "GET", path: "/api/1/users/?q=dupont", key: adminKey, wantStatus: 200,
				want: []string{"helene@example.org", "jean@example.org"}},
			// Sysadmins also find addresses, wildcards taken literally.
			{method: "GET", path: "/api/1/users/?q=lene%40example", key: adminKey, wantStatus: 200, want: []string{`"total":1`, "Hélène"}},
			{method: "GET", path: "/api/1/users/?q=%25", key: adminKey, wantStatus: 200, want: []string{`"total":0`}},
			{method: "GET", path: "/api/1/users/?q=_", key: adminKey, wantStatus: 200, want: []string{`"total":0`}},
			{method: "GET", path: "/api/1/users/?page_size=101", key: adminKey, wantStatus: 400, want: []string{`"page_size"`}},
			{method: "GET", path: "/api/1/users/?page=0", key: adminKey, wantStatus: 400, want: []string{`"page"`}},
			{method: "GET", path: "/api/1/users/?after=nonsense", key: adminKey, wantStatus: 400, want: []string{`"after"`}},
			{method: "GET", path: "/api/1/users/suggest/?q=dup&size=5", key: "-", wantStatus: 200,
				want:    []string{`"slug":"helene-lefevre-dupont"`, `"slug":"jean-dupont"`, `"avatar_url":null`},
				notWant: []string{"@example.org", "Gaston", "Odile"}},
			{method: "GET", path: "/api/1/users/suggest/?q=dup&size=0", key: "-", wantStatus: 400, want: []string{`"size"`}},
		})

		// Pages follow one another in slug order, by key, without repeats.
		var slugs []string
		path := "/api/1/users/?page_size=2"
		for path != "" {
			_, b, _ := e.do(t, call{method: "GET", path: path, key: adminKey})
			var p userPage
			if err := json.Unmarshal(b, &p); err != nil {
				t.Fatal(err, string(b))
			}
			for _, u := range p.Data {
				slugs = append(slugs, u.Slug)
			}
			path = ""
			if p.NextPage != nil {
				if !strings.Contains(*p.NextPage, "after=") {
					t.Fatalf("next_page without a cursor: %s", *p.NextPage)
				}
				path = strings.TrimPrefix(*p.NextPage, testBase)
			}
		}
		if strings.Join(slugs, " ") != "alice-martin helene-lefevre-dupont jean-dupont root-admin" {
			t.Fatalf("pages: %v", slugs)
		}
	})
}
