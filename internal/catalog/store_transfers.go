package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/sqldb"
)

// sqlTransferPending is the pending state as an SQL literal, so that the
// partial index transfers_one_pending matches the queries that test it.
const sqlTransferPending = "'" + string(TransferPending) + "'"

// sqlOrgAdmin is the admin role as an SQL literal.
const sqlOrgAdmin = "'" + string(org.RoleAdmin) + "'"

const transferColumns = `id, dataset_id, from_org, from_user, to_org, to_user, requested_by, comment, status,
	created_at, handled_at, handled_by`

func scanTransfer(row sqldb.Scanner) (Transfer, error) {
	var t Transfer
	err := row.Scan(&t.ID, &t.DatasetID, &t.FromOrg, &t.FromUser, &t.ToOrg, &t.ToUser, &t.RequestedBy, &t.Comment,
		&t.Status, sqldb.Time(&t.CreatedAt), sqldb.Time(&t.HandledAt), &t.HandledBy)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ErrNotFound
	}
	return t, err
}

func (s Store) TransfersFor(ctx context.Context, userID string) ([]Transfer, error) {
	// A stale transfer (its dataset changed owner or was deleted) can no
	// longer be accepted: it is left out rather than offered.
	rows, err := s.db.Read().QueryContext(ctx, `SELECT `+transferColumns+` FROM transfers
		WHERE status = `+sqlTransferPending+` AND (requested_by = $1 OR to_user = $1 OR to_org IN (
			SELECT org_id FROM org_members WHERE user_id = $1 AND role = `+sqlOrgAdmin+`))
		AND EXISTS (SELECT 1 FROM datasets d WHERE d.id = transfers.dataset_id AND d.deleted_at IS NULL
			AND COALESCE(d.org_id, '') = transfers.from_org AND COALESCE(d.owner_id, '') = transfers.from_user)
		ORDER BY created_at, id`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: transfers: %w", err)
	}
	return sqldb.Collect(rows, scanTransfer)
}

func (q Reader) TransferByID(ctx context.Context, id string) (Transfer, error) {
	return scanTransfer(q.x.QueryRowContext(ctx, `SELECT `+transferColumns+` FROM transfers WHERE id = $1`, id))
}

func (tx Tx) CreateTransfer(ctx context.Context, t Transfer) error {
	_, err := tx.x.ExecContext(ctx, `INSERT INTO transfers (`+transferColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, t.ID, t.DatasetID, t.FromOrg, t.FromUser,
		t.ToOrg, t.ToUser, t.RequestedBy, t.Comment, t.Status, sqldb.TS(t.CreatedAt), sqldb.TS(t.HandledAt), t.HandledBy)
	if err != nil {
		return fmt.Errorf("store: create transfer: %w", err)
	}
	return nil
}

// HandleTransfer answers a pending transfer in one conditional statement.
func (tx Tx) HandleTransfer(ctx context.Context, id string, status TransferStatus, by string, at time.Time) (bool, error) {
	res, err := tx.x.ExecContext(ctx, `UPDATE transfers SET status = $2, handled_by = $3, handled_at = $4
		WHERE id = $1 AND status = `+sqlTransferPending, id, status, by, sqldb.TS(at))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (tx Tx) ClearAssignments(ctx context.Context, datasetID string) error {
	_, err := tx.x.ExecContext(ctx, `DELETE FROM dataset_assignments WHERE dataset_id = $1`, datasetID)
	return err
}
