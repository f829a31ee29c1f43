package catalog

import (
	"context"

	"github.com/socle-portal/socle/internal/sqldb"
)

// EachDatasetOwnedBy calls fn for every dataset userID owns in person,
// private, draft and deleted ones included, in id order, by pages.
func (q Reader) EachDatasetOwnedBy(ctx context.Context, userID string, fn func(Dataset) error) error {
	return sqldb.Pages[Dataset, string]{What: "store: datasets of user", Size: 500, Scan: scanDataset,
		Key: func(d Dataset) string { return d.ID }, Query: `SELECT ` + selectColumns + ` FROM datasets
			WHERE owner_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
	}.Each(ctx, q.x, fn, userID)
}
