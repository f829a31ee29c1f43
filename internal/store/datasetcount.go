package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/socle-portal/socle/internal/catalog"
)

// datasetTotal counts the datasets a search matches (cond, args). The
// public catalog's and each organization's public datasets are counted by
// triggers (migration 00024): their lists, the busiest, read the count
// instead of counting up to a million rows for each page.
func (q q) datasetTotal(ctx context.Context, qy catalog.Query, cond string, args []any) (int, error) {
	plain := len(searchTerms(qy.Q)) == 0 && !qy.WithHidden && qy.OwnerID == "" && len(qy.Tags) == 0 &&
		qy.License == "" && qy.Format == "" && qy.Geozone == "" && qy.Granularity == "" && qy.CoverageStart.IsZero()
	var total int
	var err error
	switch {
	case plain && qy.OrgID == "":
		err = q.x.QueryRowContext(ctx, `SELECT public_datasets FROM catalog_counts WHERE id = 1`).Scan(&total)
	case plain:
		err = q.x.QueryRowContext(ctx, `SELECT public_datasets FROM organizations WHERE id = $1`, qy.OrgID).Scan(&total)
		if errors.Is(err, sql.ErrNoRows) {
			err = nil
		}
	default:
		err = q.x.QueryRowContext(ctx, `SELECT count(*) FROM datasets d WHERE `+cond, args...).Scan(&total)
	}
	if err != nil {
		return 0, fmt.Errorf("store: count datasets: %w", err)
	}
	return total, nil
}
