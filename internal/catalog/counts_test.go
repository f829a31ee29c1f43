package catalog_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestKeptCounts: the totals of the public list and of an organization's
// list are read from counts the database keeps; after creations (some
// concurrent), a draft published, deletion, a switch to private and a
// transfer, they equal a count of the rows.
func TestKeptCounts(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		a, b := e.user(t, "a", false), e.user(t, "b", false)
		oa, err := e.Orgs.Create(ctx, a, org.Input{Name: "Rennes Métropole", Description: "d"}, true)
		if err != nil {
			t.Fatal(err)
		}
		ob, err := e.Orgs.Create(ctx, b, org.Input{Name: "Brest Métropole", Description: "d"}, true)
		if err != nil {
			t.Fatal(err)
		}
		var ds []catalog.Dataset
		for i := range 4 {
			d, err := e.Catalog.Create(ctx, a, input(fmt.Sprintf("Bus %d", i), oa.ID))
			if err != nil {
				t.Fatal(err)
			}
			ds = append(ds, d)
		}
		hidden := input("Privé", oa.ID)
		hidden.Private = true
		if _, err := e.Catalog.Create(ctx, a, hidden); err != nil {
			t.Fatal(err)
		}
		draft := input("Brouillon publié", oa.ID)
		draft.Draft = true
		dr, err := e.Catalog.Create(ctx, a, draft)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.Catalog.Publish(ctx, a, dr.ID); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Go(func() {
				if _, err := e.Catalog.Create(ctx, b, input(fmt.Sprintf("Tram %d", i), ob.ID)); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if err := e.Catalog.Delete(ctx, a, ds[0].ID); err != nil {
			t.Fatal(err)
		}
		private := input(ds[1].Title, oa.ID)
		private.Private = true
		if _, err := e.Catalog.Update(ctx, a, ds[1].ID, private); err != nil {
			t.Fatal(err)
		}
		tr, err := e.Catalog.RequestTransfer(ctx, a, ds[2].ID, ob.ID, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.Catalog.AnswerTransfer(ctx, b, tr.ID, true); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name  string
			orgID string
			want  int
		}{{"catalog", "", 11}, {"Rennes", oa.ID, 2}, {"Brest", ob.ID, 9}} {
			kept, err := e.Catalog.Search(ctx, account.User{}, catalog.Query{OrgID: c.orgID, Page: 1, PageSize: 1})
			if err != nil {
				t.Fatal(err)
			}
			// A filter every dataset passes makes the store count rows.
			counted, err := e.Catalog.Search(ctx, account.User{}, catalog.Query{OrgID: c.orgID, License: "lov2", Page: 1, PageSize: 1})
			if err != nil {
				t.Fatal(err)
			}
			if kept.Total != c.want || counted.Total != c.want {
				t.Errorf("%s: kept count %d, rows %d, want %d", c.name, kept.Total, counted.Total, c.want)
			}
			if c.orgID != "" {
				if o, err := e.Orgs.Get(ctx, c.orgID); err != nil || o.Datasets != c.want {
					t.Errorf("%s: the organization's row says %d datasets (%v), want %d", c.name, o.Datasets, err, c.want)
				}
			}
		}
	})
}
