package sqldb_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/keyset"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// walk follows cursors from the first page to the end; page lists a page
// after a cursor (nil: the first) and returns its ids and the next cursor.
func walk(t *testing.T, size int, page func(after *keyset.Cursor) ([]string, keyset.Cursor)) []string {
	t.Helper()
	var all []string
	var after *keyset.Cursor
	for range 1000 {
		ids, next := page(after)
		all = append(all, ids...)
		if len(ids) < size {
			return all
		}
		after = &next
	}
	t.Fatal("the walk never ended")
	return nil
}

// sameOnce checks that got is want: every row exactly once, in order.
func sameOnce(t *testing.T, name string, got, want []string, total int) {
	t.Helper()
	seen := map[string]bool{}
	for _, id := range got {
		if seen[id] {
			t.Errorf("%s: %s twice", name, id)
		}
		seen[id] = true
	}
	if len(want) != total || !slices.Equal(got, want) {
		t.Errorf("%s: walked %d rows, want %d (total %d)\n got %v\nwant %v", name, len(got), len(want), total, got, want)
	}
}

// TestDatasetsPageByKey walks each ordering by cursor with page sizes that
// do not divide the count, over rows that share creation dates and titles.
func TestDatasetsPageByKey(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		err := account.NewStore(db).InTx(ctx, func(tx account.Tx) error {
			if err := tx.CreateUser(ctx, user("u1", "a@example.org")); err != nil {
				return err
			}
			titles := []string{"Bus", "arrêts", "Zones", "bus", "Vélos", "Bus"}
			for i := range 53 {
				// Ids in another order than dates, so the tie-breaker shows.
				id := fmt.Sprintf("%024x", (i*919)%1000)
				d := catalog.Dataset{ID: id, Slug: id, Title: titles[i%len(titles)], Description: "d", License: "lov2",
					Frequency: "unknown", Granularity: "other", OwnerID: "u1",
					CreatedAt: t0.Add(time.Duration(i/4) * time.Second), UpdatedAt: t0.Add(time.Duration(i%5) * time.Minute),
					PublishedAt: t0, Private: i%10 == 3, Draft: i%10 == 7}
				if i == 20 {
					d.DeletedAt = t0
				}
				if err := catalog.TxOn(tx.Conn()).CreateDataset(ctx, d, "t"); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		cat := catalog.NewStore(db)
		list := func(qy catalog.Query) ([]string, []catalog.Dataset, int) {
			t.Helper()
			ds, total, err := cat.SearchDatasets(ctx, qy)
			if err != nil {
				t.Fatalf("%+v: %v", qy, err)
			}
			ids := make([]string, len(ds))
			for i, d := range ds {
				ids[i] = d.ID
			}
			return ids, ds, total
		}
		queries := []catalog.Query{{}, {Sort: "created"}, {Sort: "-created"}, {Sort: "title"}, {Sort: "-title"},
			{Sort: "last_modified"}, {Sort: "-last_update"}, {OwnerID: "u1", WithHidden: true}, {Q: "t", Sort: "title"}}
		for _, qy := range queries {
			for _, size := range []int{7, 10} {
				qy.Page, qy.PageSize, qy.After = 1, 100, nil
				want, _, total := list(qy)
				got := walk(t, size, func(after *keyset.Cursor) ([]string, keyset.Cursor) {
					qy.PageSize, qy.After = size, after
					ids, ds, _ := list(qy)
					if len(ds) == 0 {
						return nil, keyset.Cursor{}
					}
					c, ok := catalog.DatasetCursor(qy, ds[len(ds)-1])
					if !ok {
						t.Fatalf("%+v: no cursor", qy)
					}
					return ids, c
				})
				sameOnce(t, fmt.Sprintf("%+v by %d", qy, size), got, want, total)
			}
		}
		// Newest first really is by date, then id, when dates are shared.
		_, ds, total := list(catalog.Query{Page: 1, PageSize: 100})
		if total != 53-5-5-1 {
			t.Fatalf("%d public datasets, want 42", total)
		}
		for i := 1; i < len(ds); i++ {
			a, b := ds[i-1], ds[i]
			if a.CreatedAt.Before(b.CreatedAt) || a.CreatedAt.Equal(b.CreatedAt) && a.ID < b.ID {
				t.Errorf("%s (%s) before %s (%s)", a.ID, a.CreatedAt, b.ID, b.CreatedAt)
			}
		}

		// A cursor only works in the ordering it was made for.
		c, _ := catalog.DatasetCursor(catalog.Query{}, ds[5])
		bad := []catalog.Query{{Sort: "title", After: &c}, {Sort: "created", After: &c}, {Q: "t", After: &c},
			{Sort: "published", After: &keyset.Cursor{Order: "datasets:published", Key: c.Key, ID: c.ID}},
			{After: &keyset.Cursor{Order: "datasets:-created", Key: "yesterday", ID: c.ID}}}
		for _, qy := range bad {
			qy.Page, qy.PageSize = 1, 10
			if catalog.DatasetCursorValid(qy) {
				t.Errorf("%+v: cursor accepted", qy)
			}
			if _, _, err := cat.SearchDatasets(ctx, qy); !errors.Is(err, keyset.ErrInvalid) {
				t.Errorf("%+v: %v, want ErrInvalid", qy, err)
			}
		}
		if !catalog.DatasetCursorValid(catalog.Query{Sort: "-created", After: &c}) {
			t.Error("the default order refuses its own cursor spelled -created")
		}
		if _, ok := catalog.DatasetCursor(catalog.Query{Q: "t"}, ds[0]); ok {
			t.Error("a ranked search made a cursor")
		}
		if _, ok := catalog.DatasetCursor(catalog.Query{Sort: "-published"}, ds[0]); ok {
			t.Error("a sort on a nullable column made a cursor")
		}
	})
}

// TestOrgsPageByKey does the same for organizations, with shared names and
// creation dates.
func TestOrgsPageByKey(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		names := []string{"Rennes", "Brest", "rennes", "Anjou", "Brest"}
		err := org.NewStore(db).InTx(ctx, func(tx org.Tx) error {
			for i := range 31 {
				o := org.Organization{ID: fmt.Sprintf("%024x", (i*919)%1000), Slug: fmt.Sprintf("o-%d", i),
					Name: names[i%len(names)], Description: "d", CreatedAt: t0.Add(time.Duration(i/3) * time.Second),
					UpdatedAt: t0.Add(time.Duration(i%4) * time.Hour)}
				if i == 9 {
					o.DeletedAt = t0
				}
				if err := tx.CreateOrg(ctx, o, org.NameKey(o.Name)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		orgs := org.NewStore(db)
		list := func(qy org.Query) ([]string, []org.Organization, int) {
			t.Helper()
			os, total, err := orgs.SearchOrgs(ctx, qy)
			if err != nil {
				t.Fatalf("%+v: %v", qy, err)
			}
			ids := make([]string, len(os))
			for i, o := range os {
				ids[i] = o.ID
			}
			return ids, os, total
		}
		for _, qy := range []org.Query{{}, {Sort: "-name"}, {Sort: "created"}, {Sort: "-views"}, {Sort: "last_modified"},
			{Name: "brest"}, {Q: "rennes", Sort: "-created"}} {
			for _, size := range []int{4, 7} {
				qy.Page, qy.PageSize, qy.After = 1, 100, nil
				want, _, total := list(qy)
				got := walk(t, size, func(after *keyset.Cursor) ([]string, keyset.Cursor) {
					qy.PageSize, qy.After = size, after
					ids, os, _ := list(qy)
					if len(os) == 0 {
						return nil, keyset.Cursor{}
					}
					c, ok := org.OrgCursor(qy, os[len(os)-1])
					if !ok {
						t.Fatalf("%+v: no cursor", qy)
					}
					return ids, c
				})
				sameOnce(t, fmt.Sprintf("%+v by %d", qy, size), got, want, total)
			}
		}
		_, os, total := list(org.Query{Page: 1, PageSize: 100})
		if total != 30 {
			t.Fatalf("%d live organizations, want 30", total)
		}
		c, _ := org.OrgCursor(org.Query{}, os[3])
		for _, qy := range []org.Query{{Sort: "-name", After: &c}, {Q: "rennes", After: &c},
			{Sort: "created", After: &keyset.Cursor{Order: "organizations:created", Key: "Rennes", ID: c.ID}},
			{Sort: "-created", After: func() *keyset.Cursor { // a dataset list's
				c, _ := catalog.DatasetCursor(catalog.Query{}, catalog.Dataset{ID: "x", CreatedAt: t0})
				return &c
			}()}} {
			qy.Page, qy.PageSize = 1, 10
			if org.OrgCursorValid(qy) {
				t.Errorf("%+v: cursor accepted", qy)
			}
			if _, _, err := orgs.SearchOrgs(ctx, qy); !errors.Is(err, keyset.ErrInvalid) {
				t.Errorf("%+v: %v, want ErrInvalid", qy, err)
			}
		}
	})
}
