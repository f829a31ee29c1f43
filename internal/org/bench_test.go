package org_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/directory"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// loadDirectory creates one organization per local authority of the
// directory (36,359), all with the same admin.
func loadDirectory(b *testing.B, backend sqldb.Backend) (*env, account.User) {
	b.Helper()
	db := testdb.Open(b, backend)
	e := newEnv(&testing.T{}, db)
	admin, err := e.Accounts.CreateUser(ctx, account.NewUser{Email: "admin@example.org", FirstName: "A",
		LastName: "Dmin", Password: "Secret123", Confirmed: true})
	if err != nil {
		b.Fatal(err)
	}
	dir, err := directory.Load()
	if err != nil {
		b.Fatal(err)
	}
	all := dir.All()
	// Four writers at once on PostgreSQL; SQLite queues them anyway.
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(all); i += 4 {
				a := all[i]
				in := org.Input{Name: a.Name, Description: fmt.Sprintf("%s (%s %s)", a.Name, a.Kind, a.Code), BusinessNumber: a.SIREN}
				if _, err := e.Orgs.Create(context.Background(), admin, in, true); err != nil {
					errs <- fmt.Errorf("%s: %w", a.Name, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	return e, admin
}

// BenchmarkOrganizations loads the whole directory once per backend, then
// measures a search and the reads of an organization page.
func BenchmarkOrganizations(b *testing.B) {
	for _, backend := range testdb.Backends() {
		b.Run(string(backend), func(b *testing.B) {
			e, admin := loadDirectory(b, backend)
			b.Run("search", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					found, err := e.Orgs.Search(ctx, org.Query{Q: "metropole grand paris", Page: 1, PageSize: 20})
					list, total := found.Items, found.Total
					if err != nil || total == 0 || list[0].Name != "Métropole du Grand Paris" {
						b.Fatalf("search: %d %v", total, err)
					}
				}
			})
			b.Run("search-common-word", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if found, err := e.Orgs.Search(ctx, org.Query{Q: "saint", Page: 1, PageSize: 20}); err != nil || found.Total < 1000 {
						b.Fatalf("search: %d %v", found.Total, err)
					}
				}
			})
			b.Run("page", func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					o, err := e.Orgs.Get(ctx, "metropole-du-grand-paris")
					if err != nil {
						b.Fatal(err)
					}
					if _, err := e.Orgs.Members(ctx, o.ID); err != nil {
						b.Fatal(err)
					}
					if _, err := e.Orgs.Access(ctx, admin, o.ID); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
