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
