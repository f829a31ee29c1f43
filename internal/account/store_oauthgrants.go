package account

import (
	"context"
	"fmt"
)

// EndOAuthGrants disconnects every application userID let act for them:
// the grants, their tokens, and authorizations approved whose code was not
// yet exchanged. It returns how many applications were disconnected.
func (tx Tx) EndOAuthGrants(ctx context.Context, userID string) (int, error) {
	for _, stmt := range []string{
		`DELETE FROM oauth_tokens WHERE grant_id IN (SELECT id FROM oauth_grants WHERE user_id = $1)`,
		`DELETE FROM oauth_auth_requests WHERE user_id = $1`,
	} {
		if _, err := tx.x.ExecContext(ctx, stmt, userID); err != nil {
			return 0, fmt.Errorf("store: end oauth grants: %w", err)
		}
	}
	res, err := tx.x.ExecContext(ctx, `DELETE FROM oauth_grants WHERE user_id = $1`, userID)
	if err != nil {
		return 0, fmt.Errorf("store: end oauth grants: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
