package catalog_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

var indexWords = []string{"Bus", "Tramway", "Horaires", "École", "Cantine", "Qualité", "Air", "Rennes", "Brest",
	"Saint-Malo", "Vélo", "Parking", "Budget", "Élection", "Réseau"}

var indexQueries = []string{"", "bus", "b", "horaires tram", "ecole", "saint ma", "rennes velo", "zzz", "qualite de l",
	"r", "budget brest parking"}

// TestIndexMatchesSQL: on random datasets (organizations' and users',
// public, private, drafts, deleted, renamed), searches and lists answered
// by the search index list the same rows in the same order, with the same
// totals, as the database's answer, for an anonymous visitor, a member of
// an organization, a user with datasets of their own and a sysadmin, with
// and without an organization or owner filter, page after page.
func TestIndexMatchesSQL(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		r := rand.New(rand.NewPCG(14, 2))
		a, b, c := e.user(t, "a", false), e.user(t, "b", false), e.user(t, "c", false)
		admin := e.user(t, "root", true)
		oa, ob := e.Org(t, a, "Rennes Métropole"), e.Org(t, b, "Brest Métropole")
		e.join(t, a, c, oa, org.RoleEditor)
		var ids []string
		owners := []struct {
			u   account.User
			org string
		}{{a, oa.ID}, {b, ob.ID}, {c, ""}, {a, ""}}
		for i := range 120 {
			w := owners[r.IntN(len(owners))]
			title := ""
			for range 1 + r.IntN(3) {
				title += indexWords[r.IntN(len(indexWords))] + " "
			}
			in := input(fmt.Sprintf("%s%d", title, i), w.org)
			in.Private, in.Draft = r.IntN(5) == 0, r.IntN(6) == 0
			d, err := e.Catalog.Create(ctx, w.u, in)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, d.ID)
			if r.IntN(3) == 0 { // some share a creation date: the id orders them
				e.Advance(time.Minute)
			}
		}
		viewers := []account.User{{}, a, b, c, admin}
		compareSearches(t, e, viewers, oa.ID, c.ID)
		for _, id := range ids[:40] {
			switch r.IntN(4) {
			case 0:
				if err := e.Catalog.Delete(ctx, admin, id); err != nil {
					t.Fatal(err)
				}
			default:
				d, err := e.Catalog.Get(ctx, admin, id)
				if err != nil {
					t.Fatal(err)
				}
				in := catalog.Input{Title: indexWords[r.IntN(len(indexWords))] + " renamed", Description: "d",
					Private: r.IntN(2) == 0, OrgID: d.OrgID}
				if _, err := e.Catalog.Update(ctx, admin, id, in); err != nil {
					t.Fatal(err)
				}
			}
		}
		compareSearches(t, e, viewers, ob.ID, a.ID)
	})
}

// compareSearches runs every query of indexQueries for each viewer, from
// the index and from the database, and fails on any difference.
func compareSearches(t *testing.T, e *env, viewers []account.User, orgID, ownerID string) {
	t.Helper()
	for _, v := range viewers {
		for _, q := range indexQueries {
			for _, f := range []catalog.Query{{}, {OrgID: orgID}, {OwnerID: ownerID}, {WithHidden: true},
				{WithHidden: true, OrgID: orgID}, {WithHidden: true, OwnerID: ownerID}} {
				for page := 1; page <= 3; page++ {
					f.Q, f.Page, f.PageSize = q, page, 7
					catalog.SetIndexOff(e.Catalog, false)
					got, err := e.Catalog.Search(ctx, v, f)
					if err != nil {
						t.Fatal(err)
					}
					catalog.SetIndexOff(e.Catalog, true)
					want, err := e.Catalog.Search(ctx, v, f)
					if err != nil {
						t.Fatal(err)
					}
					if got.Total != want.Total || !slices.Equal(slugsOf(got.Items), slugsOf(want.Items)) {
						t.Fatalf("viewer %q (admin %v), query %+v: index %d %v, database %d %v", v.ID, v.Sysadmin, f, got.Total,
							slugsOf(got.Items), want.Total, slugsOf(want.Items))
					}
				}
			}
		}
	}
	for _, v := range viewers {
		for _, q := range indexQueries {
			compareCursors(t, e, v, catalog.Query{Q: q, Sort: "-created", PageSize: 6, Page: 1})
			compareCursors(t, e, v, catalog.Query{Q: q, Sort: "-created", PageSize: 6, Page: 1, WithHidden: true, OrgID: orgID})
		}
	}
	catalog.SetIndexOff(e.Catalog, false)
	if catalog.IndexSeq(e.Catalog) < 0 {
		t.Fatal("the index never answered")
	}
}

// compareCursors follows the next_page cursors of q from the index and
// from the database, and fails where they part.
func compareCursors(t *testing.T, e *env, v account.User, q catalog.Query) {
	t.Helper()
	for range 4 {
		catalog.SetIndexOff(e.Catalog, false)
		got, err := e.Catalog.Search(ctx, v, q)
		if err != nil {
			t.Fatal(err)
		}
		catalog.SetIndexOff(e.Catalog, true)
		want, err := e.Catalog.Search(ctx, v, q)
		if err != nil {
			t.Fatal(err)
		}
		if got.Total != want.Total || !slices.Equal(slugsOf(got.Items), slugsOf(want.Items)) || (got.Next == nil) != (want.Next == nil) {
			t.Fatalf("viewer %q, query %+v: index %d %v, database %d %v", v.ID, q, got.Total,
				slugsOf(got.Items), want.Total, slugsOf(want.Items))
		}
		if got.Next == nil {
			return
		}
		q.After = got.Next
	}
}

func slugsOf(ds []catalog.Dataset) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Slug
	}
	return out
}

// TestIndexAcrossInstances: two services on one database, each with its
// own index: a dataset created, renamed, made private and deleted through
// one is found (or not) by the next search through the other, which
// catches up from the change log instead of rebuilding.
func TestIndexAcrossInstances(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		a := e.user(t, "a", false)
		o := e.Org(t, a, "Quimper")
		other := catalog.NewService(db, e.Now)
		search := func(q string) []string {
			t.Helper()
			p, err := other.Search(ctx, account.User{}, catalog.Query{Q: q, Page: 1, PageSize: 20})
			if err != nil {
				t.Fatal(err)
			}
			return slugsOf(p.Items)
		}
		if got := search("cormoran"); len(got) != 0 {
			t.Fatalf("before: %v", got)
		}
		built := catalog.IndexSeq(other)
		e.Advance(time.Second)
		d, err := e.Catalog.Create(ctx, a, input("Cormorans du port", o.ID))
		if err != nil {
			t.Fatal(err)
		}
		if got := search("cormoran"); !slices.Equal(got, []string{d.Slug}) {
			t.Fatalf("after create: %v", got)
		}
		if seq := catalog.IndexSeq(other); seq <= built {
			t.Fatalf("the other index is at %d, was %d", seq, built)
		}
		in := input("Goélands du port", o.ID)
		if _, err := e.Catalog.Update(ctx, a, d.ID, in); err != nil {
			t.Fatal(err)
		}
		if got := search("cormoran"); len(got) != 0 {
			t.Fatalf("after rename, old word: %v", got)
		}
		if got := search("goeland port"); !slices.Equal(got, []string{d.Slug}) {
			t.Fatalf("after rename, new words: %v", got)
		}
		in.Private = true
		if _, err := e.Catalog.Update(ctx, a, d.ID, in); err != nil {
			t.Fatal(err)
		}
		if got := search("goeland"); len(got) != 0 {
			t.Fatalf("private, anonymous: %v", got)
		}
		p, err := other.Search(ctx, a, catalog.Query{Q: "goeland", OrgID: o.ID, WithHidden: true, Page: 1, PageSize: 20})
		if err != nil || p.Total != 1 {
			t.Fatalf("private, member: %v %v", p.Total, err)
		}
		if err := e.Catalog.Delete(ctx, a, d.ID); err != nil {
			t.Fatal(err)
		}
		p, err = other.Search(ctx, a, catalog.Query{Q: "goeland", OrgID: o.ID, WithHidden: true, Page: 1, PageSize: 20})
		if err != nil || p.Total != 0 {
			t.Fatalf("deleted, member: %v %v", p.Total, err)
		}
	})
}

// TestIndexOlderNewDataset: a dataset made on an instance whose clock is
// behind is older than the newest one the index holds; the index cannot
// place it among its new datasets, so it is rebuilt, and the dataset is
// listed in its place.
func TestIndexOlderNewDataset(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		a := e.user(t, "a", false)
		o := e.Org(t, a, "Lorient")
		for i := range 3 {
			e.Advance(time.Hour)
			if _, err := e.Catalog.Create(ctx, a, input(fmt.Sprintf("Marées %d", i), o.ID)); err != nil {
				t.Fatal(err)
			}
		}
		list := func() string {
			t.Helper()
			p, err := e.Catalog.Search(ctx, account.User{}, catalog.Query{Q: "marees", Page: 1, PageSize: 20})
			if err != nil {
				t.Fatal(err)
			}
			return strings.Join(slugsOf(p.Items), " ")
		}
		if got := list(); got != "marees-2 marees-1 marees-0" {
			t.Fatalf("got %q", got)
		}
		late := catalog.NewService(e.DB, func() time.Time { return e.Now().Add(-90 * time.Minute) })
		if _, err := late.Create(ctx, a, input("Marées 9", o.ID)); err != nil {
			t.Fatal(err)
		}
		if got := list(); got != "marees-2 marees-1 marees-9 marees-0" {
			t.Fatalf("got %q", got)
		}
	})
}

// TestIndexConcurrentWrites: searches running while datasets are created
// and deleted (run with -race) end on the database's answer.
func TestIndexConcurrentWrites(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		a := e.user(t, "a", false)
		o := e.Org(t, a, "Vannes")
		done := make(chan struct{})
		errc := make(chan error, 4)
		for range 4 {
			go func() {
				for {
					select {
					case <-done:
						errc <- nil
						return
					default:
					}
					if _, err := e.Catalog.Search(ctx, a, catalog.Query{Q: "port", Page: 2, PageSize: 3, WithHidden: true}); err != nil {
						errc <- err
						return
					}
				}
			}()
		}
		for i := range 30 {
			e.Advance(time.Second)
			d, err := e.Catalog.Create(ctx, a, input(fmt.Sprintf("Port %d", i), o.ID))
			if err != nil {
				t.Fatal(err)
			}
			if i%3 == 0 {
				if err := e.Catalog.Delete(ctx, a, d.ID); err != nil {
					t.Fatal(err)
				}
			}
		}
		close(done)
		for range 4 {
			if err := <-errc; err != nil {
				t.Fatal(err)
			}
		}
		p, err := e.Catalog.Search(ctx, account.User{}, catalog.Query{Q: "port", Page: 1, PageSize: 50})
		if err != nil || p.Total != 20 || len(p.Items) != 20 {
			t.Fatalf("after: %d %d %v", p.Total, len(p.Items), err)
		}
	})
}
