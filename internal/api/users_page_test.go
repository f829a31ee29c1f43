package api_test

import (
	"encoding/json"
	"testing"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestUserPageObjects: the users of a page, read together, each get their
// own organizations and their own count of public datasets.
func TestUserPageObjects(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db) // Alice Martin
		bob, _ := e.person(t, "bob@example.org", false)
		e.Org(t, e.alice, "Rennes Métropole")
		e.Org(t, e.alice, "Brest Métropole")
		e.Org(t, bob, "Nantes Métropole")
		for _, in := range []catalog.Input{
			{Title: "Horaires", Description: "d", License: "lov2"},
			{Title: "Arrêts", Description: "d", License: "lov2"},
			{Title: "Brouillon", Description: "d", License: "lov2", Private: true},
		} {
			if _, err := e.Catalog.Create(ctx, e.alice, in); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.Catalog.Create(ctx, bob, catalog.Input{Title: "Tram", Description: "d", License: "lov2"}); err != nil {
			t.Fatal(err)
		}
		_, adminKey := e.person(t, "admin@example.org", true) // the users list is for sysadmins, as udata's
		_, body, _ := e.do(t, call{method: "GET", path: "/api/1/users/", key: adminKey})
		var page struct {
			Data []struct {
				ID            string
				Organizations []struct{ Name string }
				Metrics       map[string]int
			}
		}
		if err := json.Unmarshal(body, &page); err != nil {
			t.Fatal(err)
		}
		want := map[string]struct {
			orgs     []string
			datasets int
		}{e.alice.ID: {[]string{"Brest Métropole", "Rennes Métropole"}, 2}, bob.ID: {[]string{"Nantes Métropole"}, 1}}
		for _, u := range page.Data {
			w, ok := want[u.ID]
			if !ok {
				continue // the sysadmin
			}
			var names []string
			for _, o := range u.Organizations {
				names = append(names, o.Name)
			}
			if len(names) != len(w.orgs) || (len(names) > 0 && names[0] != w.orgs[0]) || u.Metrics["datasets"] != w.datasets {
				t.Errorf("user %s: organizations %v, datasets %d; want %v, %d", u.ID, names, u.Metrics["datasets"], w.orgs, w.datasets)
			}
			delete(want, u.ID)
		}
		if len(want) != 0 {
			t.Errorf("users missing from the page: %v", want)
		}
	})
}
