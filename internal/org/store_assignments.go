package org

import (
	"context"
	"fmt"
)

// clearAssignments drops the datasets assigned to userID in the
// organization: a partial editor who leaves or changes role keeps none.
func (tx Tx) clearAssignments(ctx context.Context, orgID, userID string) error {
	_, err := tx.x.ExecContext(ctx, `DELETE FROM dataset_assignments WHERE org_id = $1 AND user_id = $2`, orgID, userID)
	if err != nil {
		return fmt.Errorf("store: clear assignments of %s in %s: %w", userID, orgID, err)
	}
	return nil
}

// datasetIn reports whether the dataset id is a live one of the organization.
func (q Reader) datasetIn(ctx context.Context, orgID, id string) (bool, error) {
	var n int
	err := q.x.QueryRowContext(ctx, `SELECT count(*) FROM datasets WHERE id = $1 AND org_id = $2 AND deleted_at IS NULL`,
		id, orgID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: dataset %s in %s: %w", id, orgID, err)
	}
	return n > 0, nil
}

// Assign gives a partial editor one dataset of the organization (the
// catalog too, when a partial editor creates a dataset).
func (tx Tx) Assign(ctx context.Context, orgID, userID, datasetID string) error {
	_, err := tx.x.ExecContext(ctx, `INSERT INTO dataset_assignments (org_id, user_id, dataset_id)
		VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, orgID, userID, datasetID)
	if err != nil {
		return fmt.Errorf("store: assign %s to %s: %w", datasetID, userID, err)
	}
	return nil
}
