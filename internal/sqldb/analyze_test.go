package sqldb_test

import (
	"fmt"
	"log/slog"
	"testing"

	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestStatisticsKeepNoSamples: SQLite's STAT4 samples make every cached
// statement re-plan at each run, so socle's Analyze and Optimize keep the
// table counts (sqlite_stat1) and no samples.
func TestStatisticsKeepNoSamples(t *testing.T) {
	db := testdb.Open(t, sqldb.SQLite)
	w := db.Writer()
	if _, err := w.Exec(`CREATE TABLE skew (id INTEGER PRIMARY KEY, k TEXT NOT NULL); CREATE INDEX skew_k ON skew (k)`); err != nil {
		t.Fatal(err)
	}
	for i := range 2000 {
		if _, err := w.Exec(`INSERT INTO skew (k) VALUES (?)`, fmt.Sprint(i%7*i%13)); err != nil {
			t.Fatal(err)
		}
	}
	count := func(table string) int {
		var n int
		if err := w.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		return n
	}
	if _, err := w.Exec(`ANALYZE`); err != nil {
		t.Fatal(err)
	}
	if count("sqlite_stat4") == 0 {
		t.Fatal("a plain ANALYZE left no samples: this SQLite has no STAT4 and the test proves nothing")
	}
	if err := db.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count("sqlite_stat4"); n != 0 {
		t.Fatalf("after Optimize, %d samples", n)
	}
	if _, err := w.Exec(`ANALYZE`); err != nil {
		t.Fatal(err)
	}
	if err := db.Analyze(ctx); err != nil {
		t.Fatal(err)
	}
	if n := count("sqlite_stat4"); n != 0 {
		t.Fatalf("after Analyze, %d samples", n)
	}
	if count("sqlite_stat1") == 0 {
		t.Fatal("the table counts went too")
	}
	if _, err := w.Exec(`ANALYZE`); err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	if n := count("sqlite_stat4"); n != 0 {
		t.Fatalf("after Migrate (socle's start), %d samples", n)
	}
}
