package catalog

import (
	"context"
	"fmt"

	"github.com/socle-portal/socle/internal/sqldb"
)

// SetDatasetZones replaces the zone index of dataset id.
func (tx Tx) SetDatasetZones(ctx context.Context, id string, zones []string) error {
	if _, err := tx.x.ExecContext(ctx, `DELETE FROM dataset_zones WHERE dataset_id = $1`, id); err != nil {
		return fmt.Errorf("store: dataset zones: %w", err)
	}
	for _, z := range zones {
		if _, err := tx.x.ExecContext(ctx, `INSERT INTO dataset_zones (zone, dataset_id) VALUES ($1, $2)
			ON CONFLICT DO NOTHING`, z, id); err != nil {
			return fmt.Errorf("store: dataset zones: %w", err)
		}
	}
	return nil
}

// EachDatasetWithZones calls fn with the zones of every dataset that covers
// one, by pages in id order.
func (s Store) EachDatasetWithZones(ctx context.Context, fn func(id string, zones []string) error) error {
	type row struct {
		id    string
		zones []string
	}
	const size = 500
	return sqldb.Each(size, func(after string) ([]row, error) {
		rows, err := s.db.Read().QueryContext(ctx, `SELECT id, zones FROM datasets
			WHERE zones <> '' AND id > $1 ORDER BY id LIMIT $2`, after, size)
		if err != nil {
			return nil, fmt.Errorf("store: datasets with zones: %w", err)
		}
		return sqldb.Collect(rows, func(r sqldb.Scanner) (row, error) {
			var x row
			var zones string
			err := r.Scan(&x.id, &zones)
			x.zones = sqldb.Fields(zones)
			return x, err
		})
	}, func(x row) string { return x.id }, func(x row) error { return fn(x.id, x.zones) })
}
