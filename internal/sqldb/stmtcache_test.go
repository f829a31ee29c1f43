package sqldb_test

import (
	"fmt"
	"testing"

	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestReadsPastTheStatementCache: reads answer the same whether their
// statement is prepared and kept, found kept, or beyond the cache's bound,
// and a bad statement still reports its error.
func TestReadsPastTheStatementCache(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		r := db.Read()
		for round := range 2 {
			for i := range 600 {
				var got int
				q := fmt.Sprintf(`SELECT $1 + %d`, i)
				if err := r.QueryRowContext(ctx, q, 1).Scan(&got); err != nil || got != i+1 {
					t.Fatalf("round %d, %s: %d, %v", round, q, got, err)
				}
			}
		}
		rows, err := r.QueryContext(ctx, `SELECT nothing FROM nowhere`)
		if err == nil {
			rows.Close()
			t.Fatal("a bad statement did not fail")
		}
	})
}
