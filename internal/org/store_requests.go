package org

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/socle-portal/socle/internal/sqldb"
)

const requestColumns = `id, org_id, user_id, email, kind, status, role, comment, created_at, updated_at, handled_at,
	handled_by, refusal_comment, expires_at, escalated, escalated_at, escalation_reason, created_by, assignments`

func scanRequest(row sqldb.Scanner) (Request, error) {
	var r Request
	var user, by sql.NullString
	var assignments string
	err := row.Scan(&r.ID, &r.OrgID, &user, &r.Email, &r.Kind, &r.Status, &r.Role, &r.Comment, sqldb.Time(&r.CreatedAt),
		sqldb.Time(&r.UpdatedAt), sqldb.Time(&r.HandledAt), &by, &r.RefusalComment, sqldb.Time(&r.ExpiresAt), &r.Escalated,
		sqldb.Time(&r.EscalatedAt), &r.EscalationWhy, &r.CreatedBy, &assignments)
	r.UserID, r.HandledBy, r.Assignments = user.String, by.String, sqldb.Fields(assignments)
	return r, sqldb.NoRows(err, ErrNotFound)
}

func (q Reader) Requests(ctx context.Context, orgID string, status RequestStatus, userID string) ([]Request, error) {
	where, args := []string{"org_id = $1"}, []any{orgID}
	if status != "" {
		args = append(args, status)
		where = append(where, fmt.Sprintf("status = $%d", len(args)))
	}
	if userID != "" {
		args = append(args, userID)
		where = append(where, fmt.Sprintf("user_id = $%d", len(args)))
	}
	rows, err := q.x.QueryContext(ctx, `SELECT `+requestColumns+` FROM membership_requests WHERE `+
		strings.Join(where, " AND ")+` ORDER BY created_at, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: requests: %w", err)
	}
	return sqldb.Collect(rows, scanRequest)
}

func (q Reader) RequestByID(ctx context.Context, id string) (Request, error) {
	return scanRequest(q.x.QueryRowContext(ctx, `SELECT `+requestColumns+` FROM membership_requests WHERE id = $1`, id))
}

func (q Reader) PendingRequest(ctx context.Context, orgID, userID string) (Request, error) {
	return scanRequest(q.x.QueryRowContext(ctx, `SELECT `+requestColumns+` FROM membership_requests
		WHERE org_id = $1 AND user_id = $2 AND kind = 'request' AND status = `+sqlPending, orgID, userID))
}

func (tx Tx) CreateRequest(ctx context.Context, r Request) error {
	_, err := tx.x.ExecContext(ctx, `INSERT INTO membership_requests (`+requestColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
		r.ID, r.OrgID, sqldb.NullString(r.UserID), r.Email, r.Kind, r.Status, r.Role, r.Comment, sqldb.TS(r.CreatedAt),
		sqldb.TS(r.UpdatedAt), sqldb.TS(r.HandledAt), sqldb.NullString(r.HandledBy), r.RefusalComment, sqldb.TS(r.ExpiresAt), r.Escalated,
		sqldb.TS(r.EscalatedAt), r.EscalationWhy, r.CreatedBy, strings.Join(r.Assignments, " "))
	if err != nil {
		return fmt.Errorf("store: create request: %w", err)
	}
	return nil
}

func (tx Tx) UpdateRequestComment(ctx context.Context, id, comment string, at time.Time) error {
	_, err := tx.x.ExecContext(ctx, `UPDATE membership_requests SET comment = $2, updated_at = $3 WHERE id = $1`,
		id, comment, sqldb.TS(at))
	return err
}

// HandleRequest changes the status only if the request is still pending, in
// one statement: of two concurrent answers, one updates the row.
func (tx Tx) HandleRequest(ctx context.Context, id string, status RequestStatus, by, refusal string, at time.Time) (bool, error) {
	res, err := tx.x.ExecContext(ctx, `UPDATE membership_requests SET status = $2, handled_by = $3,
		refusal_comment = $4, handled_at = $5, updated_at = $5 WHERE id = $1 AND status = `+sqlPending,
		id, status, sqldb.NullString(by), refusal, sqldb.TS(at))
	if err != nil {
		return false, fmt.Errorf("store: handle request: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

const notificationColumns = `id, user_id, kind, org_id, other_user_id, request_kind, badge, comment, created_at, read_at,
	digest`

func scanNotification(row sqldb.Scanner) (Notification, error) {
	var n Notification
	err := row.Scan(&n.ID, &n.UserID, &n.Kind, &n.OrgID, &n.OtherUserID, &n.RequestKind, &n.Badge, &n.Comment,
		sqldb.Time(&n.CreatedAt), sqldb.Time(&n.ReadAt), &n.Digest)
	return n, sqldb.NoRows(err, ErrNotFound)
}

func (tx Tx) CreateNotification(ctx context.Context, n Notification) error {
	_, err := tx.x.ExecContext(ctx, `INSERT INTO notifications (`+notificationColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`, n.ID, n.UserID, n.Kind, n.OrgID, n.OtherUserID,
		n.RequestKind, n.Badge, n.Comment, sqldb.TS(n.CreatedAt), sqldb.TS(n.ReadAt), n.Digest)
	return err
}

// Notifications returns a page of userID's notices and their total; a zero
// limit only counts.
func (q Reader) Notifications(ctx context.Context, userID string, filter ReadFilter, limit, offset int) ([]Notification, int, error) {
	cond := "user_id = $1"
	switch filter {
	case UnreadNotices:
		cond += " AND read_at IS NULL"
	case ReadNotices:
		cond += " AND read_at IS NOT NULL"
	}
	var total int
	if err := q.x.QueryRowContext(ctx, `SELECT count(*) FROM notifications WHERE `+cond, userID).Scan(&total); err != nil {
		return nil, 0, err
	}
	if limit == 0 {
		return nil, total, nil
	}
	rows, err := q.x.QueryContext(ctx, `SELECT `+notificationColumns+` FROM notifications WHERE `+cond+`
		ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`, userID, limit, offset)
	if err != nil {
		return nil, 0, err
	}
	list, err := sqldb.Collect(rows, scanNotification)
	return list, total, err
}

func (tx Tx) MarkRead(ctx context.Context, userID, id string, at time.Time) (Notification, error) {
	if _, err := tx.x.ExecContext(ctx, `UPDATE notifications SET read_at = $3
		WHERE id = $1 AND user_id = $2 AND read_at IS NULL`, id, userID, sqldb.TS(at)); err != nil {
		return Notification{}, err
	}
	return scanNotification(tx.x.QueryRowContext(ctx, `SELECT `+notificationColumns+` FROM notifications
		WHERE id = $1 AND user_id = $2`, id, userID))
}

func (q Reader) InvitationsFor(ctx context.Context, userID, email string, now time.Time) ([]Request, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+requestColumns+` FROM membership_requests
		WHERE kind = 'invitation' AND status = `+sqlPending+` AND expires_at > $3
		AND (user_id = $1 OR ($2 <> '' AND user_id IS NULL AND email = $2)) ORDER BY created_at, id`,
		userID, email, sqldb.TS(now))
	if err != nil {
		return nil, fmt.Errorf("store: invitations: %w", err)
	}
	return sqldb.Collect(rows, scanRequest)
}

// SupportQueue lists escalated requests still pending, oldest first.
func (q Reader) SupportQueue(ctx context.Context) ([]Request, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+requestColumns+` FROM membership_requests
		WHERE kind = 'request' AND status = `+sqlPending+` AND escalated ORDER BY created_at, id`)
	if err != nil {
		return nil, fmt.Errorf("store: support queue: %w", err)
	}
	return sqldb.Collect(rows, scanRequest)
}

// EscalationCandidates lists pending requests not yet escalated that were
// filed before staleBefore, or whose organization has no admin seen (or
// made admin) since activeSince.
func (tx Tx) EscalationCandidates(ctx context.Context, staleBefore, activeSince time.Time) ([]Request, error) {
	rows, err := tx.x.QueryContext(ctx, `SELECT `+requestColumns+` FROM membership_requests r
		WHERE kind = 'request' AND status = `+sqlPending+` AND NOT escalated AND (created_at < $1 OR NOT EXISTS (
			SELECT 1 FROM org_members m JOIN users u ON u.id = m.user_id
			WHERE m.org_id = r.org_id AND m.role = `+sqlAdmin+` AND u.deleted_at IS NULL
			AND COALESCE(u.last_seen_at, m.since) > $2))
		ORDER BY created_at, id LIMIT 500`, sqldb.TS(staleBefore), sqldb.TS(activeSince))
	if err != nil {
		return nil, fmt.Errorf("store: escalation candidates: %w", err)
	}
	return sqldb.Collect(rows, scanRequest)
}

// Escalate puts a pending request in the support queue; false if it was
// already there or no longer pending.
func (tx Tx) Escalate(ctx context.Context, id, why string, at time.Time) (bool, error) {
	res, err := tx.x.ExecContext(ctx, `UPDATE membership_requests SET escalated = TRUE, escalated_at = $2,
		escalation_reason = $3 WHERE id = $1 AND status = `+sqlPending+` AND NOT escalated`, id, sqldb.TS(at), why)
	if err != nil {
		return false, fmt.Errorf("store: escalate: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// DigestPending returns the notices waiting for a digest, by user, oldest first.
func (tx Tx) DigestPending(ctx context.Context) ([]Notification, error) {
	rows, err := tx.x.QueryContext(ctx, `SELECT `+notificationColumns+` FROM notifications
		WHERE digest ORDER BY user_id, created_at, id LIMIT 10000`)
	if err != nil {
		return nil, fmt.Errorf("store: digest: %w", err)
	}
	return sqldb.Collect(rows, scanNotification)
}

// DigestSent marks a user's notices as sent in a digest.
func (tx Tx) DigestSent(ctx context.Context, userID string, upTo time.Time) error {
	_, err := tx.x.ExecContext(ctx, `UPDATE notifications SET digest = FALSE
		WHERE user_id = $1 AND digest AND created_at <= $2`, userID, sqldb.TS(upTo))
	return err
}

func (q Reader) PendingRequestsOf(ctx context.Context, userID string) ([]Request, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+requestColumns+` FROM membership_requests
		WHERE user_id = $1 AND kind = 'request' AND status = `+sqlPending+` ORDER BY created_at, id`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: my requests: %w", err)
	}
	return sqldb.Collect(rows, scanRequest)
}

func (tx Tx) ResolveRequestNotices(ctx context.Context, orgID, requesterID string, at time.Time) error {
	_, err := tx.x.ExecContext(ctx, `UPDATE notifications SET read_at = $3 WHERE kind = $4
		AND org_id = $1 AND other_user_id = $2 AND request_kind = $5 AND read_at IS NULL`,
		orgID, requesterID, sqldb.TS(at), NotifyRequest, KindRequest)
	return err
}
