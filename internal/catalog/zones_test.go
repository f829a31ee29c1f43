package catalog_test

import (
	"testing"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestIndexZonesAddsContainingZones: datasets written before the zone
// index had only their own zones copied by the migration; IndexZones adds
// the departments and regions that contain them, once.
func TestIndexZonesAddsContainingZones(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		u := e.user(t, "alice", false)
		in := input("Horaires de Rennes", "")
		in.Zones, in.Granularity = []string{"fr:commune:35238"}, "fr:commune"
		d, err := e.Catalog.Create(ctx, u, in)
		if err != nil {
			t.Fatal(err)
		}
		inDept := func() int {
			t.Helper()
			found, err := e.Catalog.Search(ctx, u, catalog.Query{Geozone: "fr:departement:35", Page: 1, PageSize: 10})
			if err != nil {
				t.Fatal(err)
			}
			return len(found.Items)
		}
		if inDept() != 1 {
			t.Fatal("a new dataset of Rennes is not found in Ille-et-Vilaine")
		}
		// As the migration leaves an older dataset: its own zone only.
		if _, err := db.Write().ExecContext(ctx, `DELETE FROM dataset_zones WHERE dataset_id = $1 AND zone <> 'fr:commune:35238'`, d.ID); err != nil {
			t.Fatal(err)
		}
		if inDept() != 0 {
			t.Fatal("the index was not cleared")
		}
		for range 2 { // the second run finds the work done
			if err := e.Catalog.IndexZones(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if inDept() != 1 {
			t.Fatal("IndexZones did not add the department")
		}
	})
}
