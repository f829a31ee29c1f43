package org_test

import (
	"sync"
	"testing"

	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestSearchIndexFollowsWrites: two services on one database, as two
// instances: what one creates, renames or deletes, the other's search
// finds (or no longer finds) at once, including while it rebuilds.
func TestSearchIndexFollowsWrites(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		other := org.NewService(db, nil, org.Config{})
		a := e.user(t, "alice")
		find := func(q string) []string {
			t.Helper()
			found, err := other.Search(ctx, org.Query{Q: q, Page: 1, PageSize: 20})
			list, total := found.Items, found.Total
			if err != nil || total != len(list) {
				t.Fatalf("%q: %d of %d, %v", q, len(list), total, err)
			}
			var names []string
			for _, o := range list {
				names = append(names, o.Name)
			}
			return names
		}
		if got := find("rennes"); len(got) != 0 {
			t.Fatalf("before: %v", got)
		}
		o := e.org(t, a, "Rennes Métropole")
		if got := find("rennes"); len(got) != 1 || got[0] != "Rennes Métropole" {
			t.Fatalf("after creation: %v", got)
		}
		if _, err := e.Orgs.Update(ctx, a, o.ID, org.Input{Name: "Métropole de Rennes", Acronym: "RM", Description: "d"}); err != nil {
			t.Fatal(err)
		}
		if got := find("metropole renn"); len(got) != 1 || got[0] != "Métropole de Rennes" {
			t.Fatalf("after renaming: %v", got)
		}
		if got := find("rm"); len(got) != 1 {
			t.Fatalf("the new acronym: %v", got)
		}
		// Creations racing searches: each search sees at least every
		// creation acknowledged before it began.
		var wg sync.WaitGroup
		for i := range 4 {
			wg.Go(func() {
				name := []string{"Brest Métropole", "Nantes Métropole", "Metz Métropole", "Nice Côte d'Azur Métropole"}[i]
				e.org(t, a, name)
				if got := find(name); len(got) == 0 {
					t.Errorf("%q not found right after its creation", name)
				}
			})
		}
		wg.Wait()
		if got := find("metropole"); len(got) != 5 {
			t.Fatalf("all five: %v", got)
		}
		if err := e.Orgs.Delete(ctx, a, o.ID); err != nil {
			t.Fatal(err)
		}
		if got := find("rennes"); len(got) != 0 {
			t.Fatalf("after deletion: %v", got)
		}
	})
}
