package sqldb_test

import (
	"context"
	"errors"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestNestedInTxJoins checks that an InTx called with the context of
// another joins it: the inner write is undone with the outer transaction,
// and is seen by the outer one before commit.
func TestNestedInTxJoins(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		boom := errors.New("boom")
		u := user("nnnnnnnnnnnnnnnnnnnnnnnn", "n@example.org")
		err := db.InTx(ctx, func(ctx context.Context, outer sqldb.Conn) error {
			err := db.InTx(ctx, func(_ context.Context, inner sqldb.Conn) error {
				return account.TxOn(inner).CreateUser(ctx, u)
			})
			if err != nil {
				return err
			}
			if _, err := account.TxOn(outer).UserByID(ctx, u.ID); err != nil {
				t.Errorf("the outer transaction does not see the inner write: %v", err)
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx = %v, want boom", err)
		}
		if _, err := account.NewStore(db).UserByID(ctx, u.ID); !errors.Is(err, account.ErrNotFound) {
			t.Fatalf("inner write survived the outer rollback: %v", err)
		}
	})
}
