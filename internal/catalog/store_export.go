package catalog

import (
	"context"
	"fmt"

	"github.com/socle-portal/socle/internal/sqldb"
)

// EachDatasetOwnedBy calls fn for every dataset userID owns in person,
// private, draft and deleted ones included, in id order, by pages.
func (q Reader) EachDatasetOwnedBy(ctx context.Context, userID string, fn func(Dataset) error) error {
	const size = 500
	after := ""
	for {
		rows, err := q.x.QueryContext(ctx, `SELECT `+datasetColumns+` FROM datasets
			WHERE owner_id = $1 AND id > $2 ORDER BY id LIMIT $3`, userID, after, size)
		if err != nil {
			return fmt.Errorf("store: datasets of user: %w", err)
		}
		page, err := sqldb.Collect(rows, scanDataset)
		if err != nil {
			return err
		}
		for _, d := range page {
			if err := fn(d); err != nil {
				return err
			}
		}
		if len(page) < size {
			return nil
		}
		after = page[len(page)-1].ID
	}
}
