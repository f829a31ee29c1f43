package catalog

import (
	"context"
	"fmt"
)

// addAssignment assigns one dataset to a partial editor.
func (tx Tx) addAssignment(ctx context.Context, orgID, userID, datasetID string) error {
	_, err := tx.x.ExecContext(ctx, `INSERT INTO dataset_assignments (org_id, user_id, dataset_id)
		VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, orgID, userID, datasetID)
	if err != nil {
		return fmt.Errorf("store: assign %s to %s: %w", datasetID, userID, err)
	}
	return nil
}
