package store

import (
	"context"
	"fmt"

	"github.com/socle-portal/socle/internal/catalog"
)

// ResourcesOf lists the resources of each dataset of datasetIDs, in their
// order, in one query for a whole page of datasets.
func (s Catalog) ResourcesOf(ctx context.Context, datasetIDs []string) (map[string][]catalog.Resource, error) {
	out := make(map[string][]catalog.Resource, len(datasetIDs))
	if len(datasetIDs) == 0 {
		return out, nil
	}
	var args []any
	rows, err := s.reader.QueryContext(ctx, `SELECT `+resourceColumns+` FROM resources WHERE dataset_id IN `+
		inList(datasetIDs, &args)+` ORDER BY dataset_id, position, created_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: resources of datasets: %w", err)
	}
	list, err := collect(rows, scanResource)
	for _, r := range list {
		out[r.DatasetID] = append(out[r.DatasetID], r)
	}
	return out, err
}
