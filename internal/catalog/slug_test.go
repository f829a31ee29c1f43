package catalog_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestNamesakesCreatedAtOnce: users, organizations and datasets of one
// name created at the same moment all succeed, each under its own slug.
// Finding a free slug and inserting it are two steps, so without an insert
// that waits for the other and tries the next slug, all but one failed on
// the unique slug.
func TestNamesakesCreatedAtOnce(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		admin := e.user(t, "admin", false)
		o, err := e.Orgs.Create(ctx, admin, org.Input{Name: "Réseau", Description: "d"}, true)
		if err != nil {
			t.Fatal(err)
		}
		const n = 12
		creations := map[string]func(i int) (string, error){
			"user": func(i int) (string, error) {
				u, err := e.Accounts.CreateUser(ctx, account.NewUser{Email: fmt.Sprintf("marie%d@example.org", i),
					FirstName: "Marie", LastName: "Martin", Password: "Secret123", Confirmed: true})
				return u.Slug, err
			},
			"organization": func(int) (string, error) {
				o, err := e.Orgs.Create(ctx, admin, org.Input{Name: "Commune de Sainte-Marie", Description: "d"}, true)
				return o.Slug, err
			},
			"dataset": func(int) (string, error) {
				d, err := e.Catalog.Create(ctx, admin, input("Horaires des bus", o.ID))
				return d.Slug, err
			},
		}
		for kind, create := range creations {
			slugs := make([]string, n)
			errs := make([]error, n)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i := range n {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					slugs[i], errs[i] = create(i)
				}()
			}
			close(start)
			wg.Wait()
			seen := map[string]bool{}
			for i := range n {
				if errs[i] != nil {
					t.Fatalf("%s %d: %v", kind, i, errs[i])
				}
				if seen[slugs[i]] {
					t.Fatalf("%s: slug %s given twice", kind, slugs[i])
				}
				seen[slugs[i]] = true
			}
		}
	})
}
