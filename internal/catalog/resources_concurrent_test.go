package catalog_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestConcurrentResourcesOnOneDataset: resources added to one dataset at
// once by several editors are all added, each at its own position. On
// PostgreSQL two of them deadlocked (a 500) before the dataset was locked
// first.
func TestConcurrentResourcesOnOneDataset(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		admin, editor := e.user(t, "ada", false), e.user(t, "eve", false)
		o := e.Org(t, admin, "Syndicat des mobilités")
		e.join(t, admin, editor, o, org.RoleEditor)
		d, err := e.Catalog.Create(ctx, admin, input("Horaires", o.ID))
		if err != nil {
			t.Fatal(err)
		}
		const n = 12
		start := make(chan struct{})
		errs := make(chan error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				u := admin
				if i%2 == 1 {
					u = editor
				}
				<-start
				_, err := e.Catalog.AddRemote(ctx, u, d.ID, catalog.ResourceInput{Title: fmt.Sprintf("GTFS %d", i),
					URL: fmt.Sprintf("https://example.org/%d.zip", i), Type: "main"})
				errs <- err
			}()
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatalf("a concurrent resource: %v", err)
			}
		}
		list, err := e.Catalog.Resources(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[int]bool{}
		for _, r := range list {
			if seen[r.Position] {
				t.Fatalf("two resources at position %d", r.Position)
			}
			seen[r.Position] = true
		}
		if len(list) != n {
			t.Fatalf("%d resources, want %d", len(list), n)
		}
	})
}
