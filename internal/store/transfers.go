package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
)

const transferColumns = `id, dataset_id, from_org, from_user, to_org, to_user, requested_by, comment, status,
	created_at, handled_at, handled_by`

func scanTransfer(row interface{ Scan(...any) error }) (catalog.Transfer, error) {
	var t catalog.Transfer
	err := row.Scan(&t.ID, &t.DatasetID, &t.FromOrg, &t.FromUser, &t.ToOrg, &t.ToUser, &t.RequestedBy, &t.Comment,
		&t.Status, tm(&t.CreatedAt), tm(&t.HandledAt), &t.HandledBy)
	if errors.Is(err, sql.ErrNoRows) {
		return t, catalog.ErrNotFound
	}
	return t, err
}

func (s Catalog) TransferByID(ctx context.Context, id string) (catalog.Transfer, error) {
	return s.read().TransferByID(ctx, id)
}
func (s Catalog) UserByID(ctx context.Context, id string) (account.User, error) {
	return s.read().UserByID(ctx, id)
}
func (s Catalog) TransfersFor(ctx context.Context, userID string) ([]catalog.Transfer, error) {
	// A stale transfer (its dataset changed owner or was deleted) can no
	// longer be accepted: it is left out rather than offered.
	rows, err := s.reader.QueryContext(ctx, `SELECT `+transferColumns+` FROM transfers
		WHERE status = `+sqlTransferPending+` AND (requested_by = $1 OR to_user = $1 OR to_org IN (
			SELECT org_id FROM org_members WHERE user_id = $1 AND role = `+sqlAdmin+`))
		AND EXISTS (SELECT 1 FROM datasets d WHERE d.id = transfers.dataset_id AND d.deleted_at IS NULL
			AND COALESCE(d.org_id, '') = transfers.from_org AND COALESCE(d.owner_id, '') = transfers.from_user)
		ORDER BY created_at, id`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: transfers: %w", err)
	}
	return collect(rows, scanTransfer)
}

func (q q) TransferByID(ctx context.Context, id string) (catalog.Transfer, error) {
	return scanTransfer(q.x.QueryRowContext(ctx, `SELECT `+transferColumns+` FROM transfers WHERE id = $1`, id))
}

func (tx *Tx) CreateTransfer(ctx context.Context, t catalog.Transfer) error {
	_, err := tx.x.ExecContext(ctx, `INSERT INTO transfers (`+transferColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`, t.ID, t.DatasetID, t.FromOrg, t.FromUser,
		t.ToOrg, t.ToUser, t.RequestedBy, t.Comment, t.Status, ts(t.CreatedAt), ts(t.HandledAt), t.HandledBy)
	if err != nil {
		return fmt.Errorf("store: create transfer: %w", err)
	}
	return nil
}

// HandleTransfer answers a pending transfer in one conditional statement.
func (tx *Tx) HandleTransfer(ctx context.Context, id string, status catalog.TransferStatus, by string, at time.Time) (bool, error) {
	res, err := tx.x.ExecContext(ctx, `UPDATE transfers SET status = $2, handled_by = $3, handled_at = $4
		WHERE id = $1 AND status = `+sqlTransferPending, id, status, by, ts(at))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func (tx *Tx) ClearAssignments(ctx context.Context, datasetID string) error {
	_, err := tx.x.ExecContext(ctx, `DELETE FROM dataset_assignments WHERE dataset_id = $1`, datasetID)
	return err
}
