package api_test

import (
	"fmt"
	"net/url"
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

// seedLists creates organizations and datasets straight in the store, many
// sharing a creation date, with ids in another order than their dates.
func seedLists(t *testing.T, e *env) (orgID string) {
	t.Helper()
	t0 := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	names := []string{"Rennes Métropole", "Brest", "Ville de Rennes", "Anjou", "Brest"}
	var ids []string
	err := org.NewStore(e.DB).InTx(ctx, func(tx org.Tx) error {
		for i := range 13 {
			o := org.Organization{ID: fmt.Sprintf("%024x", (i*919)%1000), Slug: fmt.Sprintf("o-%d", i),
				Name: names[i%len(names)], Description: "d", CreatedAt: t0.Add(time.Duration(i/3) * time.Second), UpdatedAt: t0}
			ids = append(ids, o.ID)
			if err := tx.CreateOrg(ctx, o, org.NameKey(o.Name)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	err = account.NewStore(e.DB).InTx(ctx, func(tx account.Tx) error {
		for i := range 23 {
			id := fmt.Sprintf("%024x", 0xd00+(i*919)%1000)
			d := catalog.Dataset{ID: id, Slug: id, Title: []string{"Bus", "Vélos", "Arrêts"}[i%3], Description: "d",
				License: "lov2", Frequency: "unknown", Granularity: "other", CreatedAt: t0.Add(time.Duration(i/4) * time.Second),
				UpdatedAt: t0, PublishedAt: t0, Private: i == 11}
			if i%2 == 0 {
				d.OrgID = ids[0]
			} else {
				d.OwnerID = e.alice.ID
			}
			if err := catalog.TxOn(tx.Conn()).CreateDataset(ctx, d, "bus"); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids[0]
}

// follow reads path's pages by following next_page to null, as udata's
// clients do, and returns the ids in the order met.
func (e *env) follow(t *testing.T, path string, keyed bool) []string {
	t.Helper()
	var got []string
	first := 0
	for n := 0; path != ""; n++ {
		status, b, _ := e.do(t, call{method: "GET", path: path, key: "-"})
		if status != 200 {
			t.Fatalf("%s: %d %s", path, status, b)
		}
		m := decode(t, b)
		if n == 0 {
			first = int(m["page"].(float64))
		} else if int(m["page"].(float64)) != first+n {
			t.Errorf("%s: page %v, want %d", path, m["page"], first+n)
		}
		for _, d := range m["data"].([]any) {
			got = append(got, d.(map[string]any)["id"].(string))
		}
		if first+n > 1 && m["previous_page"] == nil {
			t.Errorf("%s: no previous_page", path)
		}
		path = ""
		if next, ok := m["next_page"].(string); ok {
			path = strings.TrimPrefix(next, "http://socle.test")
			if u, _ := url.Parse(next); u.Query().Has("after") != keyed {
				t.Errorf("next_page %s: keyed %v, want %v", next, !keyed, keyed)
			}
		}
		if n > 100 {
			t.Fatal("next_page never ends")
		}
	}
	return got
}

func (e *env) ids(t *testing.T, path string) (ids []string, total int) {
	t.Helper()
	_, b, _ := e.do(t, call{method: "GET", path: path, key: "-"})
	m := decode(t, b)
	for _, d := range m["data"].([]any) {
		ids = append(ids, d.(map[string]any)["id"].(string))
	}
	return ids, int(m["total"].(float64))
}

// TestListsFollowNextPage: next_page leads through every row once, in the
// list's order, by cursor where the order has a key and by number where
// it is a ranking.
func TestListsFollowNextPage(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		orgID := seedLists(t, e)
		for _, c := range []struct {
			list  string
			keyed bool
		}{
			{"/api/1/datasets/?page_size=5", true},
			{"/api/1/datasets/?sort=title&page_size=4", true},
			{"/api/1/datasets/?sort=-last_update&page_size=7", true},
			{"/api/1/datasets/?sort=published&page_size=6", false},
			{"/api/1/datasets/?q=bus&page_size=6", false},
			{"/api/1/organizations/" + orgID + "/datasets/?page_size=5", true},
			{"/api/1/organizations/?page_size=4", true},
			{"/api/1/organizations/?sort=-created&page_size=5", true},
			{"/api/1/organizations/?q=rennes&page_size=1", false},
		} {
			want, total := e.ids(t, strings.Replace(c.list, "page_size=", "page_size=100&was=", 1))
			got := e.follow(t, c.list, c.keyed)
			if len(want) != total || !slices.Equal(got, want) {
				t.Errorf("%s: followed %v\nwant %v (total %d)", c.list, got, want, total)
			}
		}
		// A page number still works, and leads on by cursor.
		want, _ := e.ids(t, "/api/1/datasets/?page_size=100")
		if got := e.follow(t, "/api/1/datasets/?page=3&page_size=5", true); !slices.Equal(got, want[10:]) {
			t.Errorf("from page 3: %v, want %v", got, want[10:])
		}
	})
}

func TestBadCursorIs400(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		orgID := seedLists(t, e)
		_, b, _ := e.do(t, call{method: "GET", path: "/api/1/datasets/?sort=title&page_size=2", key: "-"})
		next, _ := url.Parse(decode(t, b)["next_page"].(string))
		titleCursor := next.Query().Get("after")
		_, b, _ = e.do(t, call{method: "GET", path: "/api/1/datasets/?page_size=2", key: "-"})
		next, _ = url.Parse(decode(t, b)["next_page"].(string))
		newestCursor := next.Query().Get("after")
		after := []string{`"after":[`, `"message":"Données invalides."`}
		var cases []call
		for _, path := range []string{
			"/api/1/datasets/?after=!!!",
			"/api/1/datasets/?after=" + titleCursor[:len(titleCursor)-3],
			"/api/1/datasets/?after=" + titleCursor,                             // another ordering's
			"/api/1/datasets/?sort=-title&after=" + titleCursor,                 // the opposite direction
			"/api/1/datasets/?q=bus&after=" + titleCursor,                       // a ranking
			"/api/1/organizations/" + orgID + "/datasets/?after=" + titleCursor, // newest first
			"/api/1/organizations/?after=" + titleCursor,
			"/api/1/organizations/?sort=-created&after=" + newestCursor, // a dataset list's
			"/api/1/organizations/?after=eyJvIjoibmFtZSJ9",              // {"o":"name"}: no id
		} {
			cases = append(cases, call{method: "GET", path: path, key: "-", wantStatus: 400, want: after})
		}
		cases = append(cases,
			call{method: "GET", path: "/api/1/datasets/?sort=title&after=" + titleCursor, key: "-", wantStatus: 200},
			call{method: "GET", path: "/api/1/datasets/?page_size=101", key: "-", wantStatus: 400, want: []string{`"page_size":[`}},
			call{method: "GET", path: "/api/1/organizations/?page_size=101&lang=en", key: "-", wantStatus: 400, want: []string{"At most 100"}})
		e.check(t, cases)
	})
}
