package catalog

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// TestIndexChangeTakesOutWhatWas: a changed dataset leaves the sets of its
// words, organization and owner before the change, whether the change
// says what they were (migration 00062) or not (every set looked through),
// and joins those of what it is.
func TestIndexChangeTakesOutWhatWas(t *testing.T) {
	at := time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)
	rows := []indexRow{
		{ID: fmt.Sprintf("%024x", 1), CreatedAt: at, OrgID: "o1", SearchText: "horaires bus tram"},
		{ID: fmt.Sprintf("%024x", 2), CreatedAt: at.Add(time.Minute), OwnerID: "u1", SearchText: "horaires metro"},
		{ID: fmt.Sprintf("%024x", 3), CreatedAt: at.Add(2 * time.Minute), OrgID: "o2", SearchText: "velos"},
	}
	for _, known := range []bool{true, false} {
		t.Run(fmt.Sprintf("known=%v", known), func(t *testing.T) {
			ix := testIndex(t, rows)
			// the first becomes the owner's, about the metro; the second the
			// organization o2's, about bikes
			now := []indexRow{rows[0], rows[1]}
			now[0].OrgID, now[0].OwnerID, now[0].SearchText = "", "u1", "metro ligne"
			now[1].OwnerID, now[1].OrgID, now[1].SearchText = "", "o2", "velos libre service"
			var changes []change
			for _, r := range rows[:2] {
				c := change{ID: r.ID, Was: r.CreatedAt}
				if known {
					c.Known, c.Words, c.Org, c.Owner = true, r.SearchText, r.OrgID, r.OwnerID
				}
				changes = append(changes, c)
			}
			u, ok := ix.prepare(9, changes, now)
			if !ok {
				t.Fatal("prepare refused")
			}
			ix.apply(u)
			for q, want := range map[string][]string{"bus": nil, "tram": nil, "horaires": nil, "metro": {rows[0].ID},
				"velos": {rows[2].ID, rows[1].ID}, "libre": {rows[1].ID}} {
				if got, _ := ix.search([]string{q}, indexScope{}, 1, 10, nil); !slices.Equal(got, want) {
					t.Errorf("%q: %v, want %v", q, got, want)
				}
			}
			for _, sc := range []struct {
				scope indexScope
				want  []string
			}{
				{indexScope{org: "o1"}, nil},
				{indexScope{org: "o2"}, []string{rows[2].ID, rows[1].ID}},
				{indexScope{owner: "u1"}, []string{rows[0].ID}},
			} {
				if got, _ := ix.search(nil, sc.scope, 1, 10, nil); !slices.Equal(got, sc.want) {
					t.Errorf("%+v: %v, want %v", sc.scope, got, sc.want)
				}
			}
		})
	}
}

func testIndex(t *testing.T, rows []indexRow) *datasetIndex {
	t.Helper()
	var keys []slotKey
	for _, r := range rows {
		k, ok := keyOf(r.ID, r.CreatedAt)
		if !ok {
			t.Fatal("odd id", r.ID)
		}
		keys = append(keys, k)
	}
	ix := newDatasetIndex(1, keys)
	words := map[string]*slotSet{}
	for _, r := range rows {
		k, _ := keyOf(r.ID, r.CreatedAt)
		slot, _ := ix.slotOf(k)
		ix.put(slot, r, words)
	}
	ix.seal(words)
	return ix
}
