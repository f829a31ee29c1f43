package org

import (
	"context"
	"fmt"
	"time"

	"github.com/socle-portal/socle/internal/sqldb"
)

// PendingFor reports whether the organization has a pending request or
// invitation for the user userID or the address email (either may be empty).
func (q Reader) PendingFor(ctx context.Context, orgID, userID, email string) (bool, error) {
	var n int
	err := q.x.QueryRowContext(ctx, `SELECT count(*) FROM membership_requests
		WHERE org_id = $1 AND status = `+sqlPending+`
		AND ((user_id IS NOT NULL AND user_id = $2) OR ($3 <> '' AND lower(email) = $3))`,
		orgID, userID, email).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: pending for %s: %w", orgID, err)
	}
	return n > 0, nil
}

// ResolveInvitationNotices marks read the invitee's notices of the
// organization's invitations, once one is answered or canceled.
func (tx Tx) ResolveInvitationNotices(ctx context.Context, orgID, inviteeID string, at time.Time) error {
	_, err := tx.x.ExecContext(ctx, `UPDATE notifications SET read_at = $3 WHERE kind = $4
		AND org_id = $1 AND user_id = $2 AND request_kind = $5 AND read_at IS NULL`,
		orgID, inviteeID, sqldb.TS(at), NotifyRequest, KindInvitation)
	if err != nil {
		return fmt.Errorf("store: resolve invitation notices %s: %w", orgID, err)
	}
	return nil
}

// claimInvitations gives the pending invitations sent to email to the
// account userID, and returns them.
func (tx Tx) claimInvitations(ctx context.Context, userID, email string) ([]Request, error) {
	rows, err := tx.x.QueryContext(ctx, `UPDATE membership_requests SET user_id = $1, email = ''
		WHERE kind = $3 AND status = `+sqlPending+` AND user_id IS NULL AND lower(email) = $2
		RETURNING `+requestColumns, userID, email, KindInvitation)
	if err != nil {
		return nil, fmt.Errorf("store: claim invitations: %w", err)
	}
	return sqldb.Collect(rows, scanRequest)
}
