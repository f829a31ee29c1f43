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
	return sqldb.Each(size, func(after string) ([]Dataset, error) {
		rows, err := q.x.QueryContext(ctx, `SELECT `+datasetColumns+` FROM datasets
			WHERE owner_id = $1 AND id > $2 ORDER BY id LIMIT $3`, userID, after, size)
		if err != nil {
			return nil, fmt.Errorf("store: datasets of user: %w", err)
		}
		return sqldb.Collect(rows, scanDataset)
	}, func(d Dataset) string { return d.ID }, fn)
}
