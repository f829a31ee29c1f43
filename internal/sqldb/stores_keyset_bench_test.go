package sqldb_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// deepRows is the size of the list BenchmarkDeepPages pages through; page
// 5,000 of 20 is its last stretch.
const deepRows = 120_000

// BenchmarkDeepPages compares the first page of the public datasets with
// page 5,000 reached by number (OFFSET 99,980) and by cursor, as the API
// reads them (exact total included), newest first and by title.
// total-only (a page of none) is the share of the exact count, which every
// page pays whatever its depth.
//
//	go test -run '^$' -bench BenchmarkDeepPages -benchtime 50x -timeout 30m ./internal/store
func BenchmarkDeepPages(b *testing.B) {
	for _, backend := range testdb.Backends() {
		b.Run(string(backend), func(b *testing.B) {
			db := testdb.Open(b, backend)
			start := time.Now()
			loadDatasets(b, db)
			b.Logf("%s: loaded %d datasets in %s", backend, deepRows, time.Since(start).Round(time.Second))
			cat := catalog.NewStore(db)
			for _, sort := range []string{"", "title"} {
				first := catalog.Query{Sort: sort, Page: 1, PageSize: 20}
				deep := catalog.Query{Sort: sort, Page: 5000, PageSize: 20}
				before := catalog.Query{Sort: sort, Page: 4999, PageSize: 20}
				list, _, err := cat.SearchDatasets(ctx, before)
				if err != nil || len(list) != 20 {
					b.Fatalf("page 4,999: %d rows, %v", len(list), err)
				}
				c, _ := catalog.DatasetCursor(before, list[19])
				byCursor := catalog.Query{Sort: sort, Page: 5000, PageSize: 20, After: &c}
				name := "newest"
				if sort != "" {
					name = sort
				}
				for _, bc := range []struct {
					name string
					q    catalog.Query
				}{{"total-only", catalog.Query{Sort: sort, Page: 1}}, {"page-1", first}, {"page-5000-offset", deep},
					{"page-5000-cursor", byCursor}} {
					b.Run(name+"/"+bc.name, func(b *testing.B) {
						for b.Loop() {
							if list, _, err := cat.SearchDatasets(ctx, bc.q); err != nil || len(list) != bc.q.PageSize {
								b.Fatalf("%d rows, %v", len(list), err)
							}
						}
					})
				}
				// Both ways to page 5,000 must land on the same rows.
				a, _, _ := cat.SearchDatasets(ctx, deep)
				k, _, _ := cat.SearchDatasets(ctx, byCursor)
				for i := range a {
					if a[i].ID != k[i].ID {
						b.Fatalf("%s: row %d of page 5,000 is %s by offset, %s by cursor", name, i, a[i].ID, k[i].ID)
					}
				}
			}
		})
	}
}

// loadDatasets creates deepRows public datasets (and one private in 50),
// ten to a creation date, in large transactions.
func loadDatasets(b testing.TB, db *sqldb.DB) {
	b.Helper()
	if err := account.NewStore(db).InTx(ctx, func(tx account.Tx) error { return tx.CreateUser(ctx, user("u1", "a@example.org")) }); err != nil {
		b.Fatal(err)
	}
	words := []string{"horaires", "bus", "tramway", "vélos", "stationnement", "arrêts", "trafic", "gtfs", "parkings", "bornes"}
	n := deepRows + deepRows/49
	for start := 0; start < n; start += 10000 {
		err := account.NewStore(db).InTx(ctx, func(tx account.Tx) error {
			for i := start; i < min(start+10000, n); i++ {
				id := fmt.Sprintf("%024x", (i*7919)%n) // not in date order
				title := fmt.Sprintf("%s %d", words[i%len(words)], i%9973)
				d := catalog.Dataset{ID: id, Slug: id, Title: title, Description: "d", License: "lov2", Frequency: "weekly",
					Granularity: "other", OwnerID: "u1", CreatedAt: t0.Add(time.Duration(i/10) * time.Second),
					UpdatedAt: t0, PublishedAt: t0, Private: i%50 == 49}
				if err := catalog.TxOn(tx.Conn()).CreateDataset(ctx, d, title); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	// As the hourly clean-up (SQLite) or autovacuum (PostgreSQL) would.
	if _, err := db.Writer().Exec(`ANALYZE`); err != nil {
		b.Fatal(err)
	}
}
