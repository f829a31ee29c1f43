package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/socle-portal/socle/internal/sqldb"
)

// datasetTotal counts the datasets a search matches (cond, args). The
// public catalog's and each organization's public datasets are counted by
// triggers (migration 00024): their lists, the busiest, read the count
// instead of counting up to a million rows for each page.
func (q Reader) datasetTotal(ctx context.Context, qy Query, cond string, args []any) (int, error) {
	plain := len(sqldb.SearchTerms(qy.Q)) == 0 && !qy.WithHidden && qy.hiddenOf == "" && qy.OwnerID == "" && len(qy.Tags) == 0 &&
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
		return 0, fmt.Errorf("count datasets: %w", err)
	}
	return total, nil
}

// ResourcesOf lists the resources of each dataset of datasetIDs, in their
// order, in one query for a whole page of datasets.
func (q Reader) ResourcesOf(ctx context.Context, datasetIDs []string) (map[string][]Resource, error) {
	list, err := sqldb.CollectIn(ctx, q.x, datasetIDs, `SELECT `+resourceColumns+` FROM resources WHERE dataset_id IN `,
		` ORDER BY dataset_id, position, created_at, id`, scanResource)
	if err != nil {
		return nil, fmt.Errorf("resources of datasets: %w", err)
	}
	return sqldb.GroupBy(list, func(r Resource) string { return r.DatasetID }), nil
}

// OwnedPublicCounts counts the public datasets each user of userIDs owns
// (not through an organization), in one query for a page of users.
func (q Reader) OwnedPublicCounts(ctx context.Context, userIDs []string) (map[string]int, error) {
	if len(userIDs) == 0 {
		return map[string]int{}, nil
	}
	var args []any
	in := sqldb.InList(userIDs, &args) // before the call: Go does not order it against reading args
	counts, err := sqldb.CountsByID(q.x.QueryContext(ctx, `SELECT owner_id, count(*) FROM datasets
		WHERE owner_id IN `+in+` AND deleted_at IS NULL AND NOT private AND NOT draft
		GROUP BY owner_id`, args...))
	if err != nil {
		return nil, fmt.Errorf("owned dataset counts: %w", err)
	}
	return counts, nil
}
