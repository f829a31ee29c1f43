package org

import (
	"context"
	"fmt"
	"time"

	"github.com/socle-portal/socle/internal/sqldb"
)

// AddLookalike records that orgID, created by userID, looks like likeID.
func (tx Tx) AddLookalike(ctx context.Context, orgID, likeID, userID string, at time.Time) error {
	_, err := tx.x.ExecContext(ctx, `INSERT INTO org_lookalikes (org_id, like_id, created_at, created_by)
		VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, orgID, likeID, sqldb.TS(at), userID)
	if err != nil {
		return fmt.Errorf("store: add look-alike: %w", err)
	}
	return nil
}

// lookalikeRow is a pair as stored, with its creator's name and address.
type lookalikeRow struct {
	orgID, likeID          string
	createdAt              time.Time
	creatorID              string
	slug, first, last, adr string
}

// OpenLookalikes lists the pairs support has not dismissed whose two
// organizations are both live, oldest first: deleting one of them settles
// the pair.
func (q Reader) OpenLookalikes(ctx context.Context) ([]lookalikeRow, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT l.org_id, l.like_id, l.created_at, l.created_by,
		COALESCE(u.slug, ''), COALESCE(u.first_name, ''), COALESCE(u.last_name, ''), COALESCE(u.email, '')
		FROM org_lookalikes l
		JOIN organizations o ON o.id = l.org_id AND o.deleted_at IS NULL
		JOIN organizations k ON k.id = l.like_id AND k.deleted_at IS NULL
		LEFT JOIN users u ON u.id = l.created_by
		WHERE l.dismissed_at IS NULL ORDER BY l.created_at, l.org_id, l.like_id LIMIT 500`)
	if err != nil {
		return nil, fmt.Errorf("store: look-alikes: %w", err)
	}
	return sqldb.Collect(rows, func(r sqldb.Scanner) (lookalikeRow, error) {
		var x lookalikeRow
		err := r.Scan(&x.orgID, &x.likeID, sqldb.Time(&x.createdAt), &x.creatorID, &x.slug, &x.first, &x.last, &x.adr)
		return x, err
	})
}

// DismissLookalike closes an open pair in one statement: of two concurrent
// answers, one changes the row; false when it was not open.
func (tx Tx) DismissLookalike(ctx context.Context, orgID, likeID, by string, at time.Time) (bool, error) {
	res, err := tx.x.ExecContext(ctx, `UPDATE org_lookalikes SET dismissed_at = $3, dismissed_by = $4
		WHERE org_id = $1 AND like_id = $2 AND dismissed_at IS NULL`, orgID, likeID, sqldb.TS(at), by)
	if err != nil {
		return false, fmt.Errorf("store: dismiss look-alike: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
