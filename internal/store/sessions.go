package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/slug"
)

const sessionColumns = `id, token_hash, user_id, created_at, last_seen_at, expires_at, user_agent, ip`

func scanSession(row interface{ Scan(...any) error }) (account.Session, error) {
	var s account.Session
	err := row.Scan(&s.ID, &s.TokenHash, &s.UserID, tm(&s.CreatedAt), tm(&s.LastSeenAt),
		tm(&s.ExpiresAt), &s.UserAgent, &s.IP)
	return s, notFound(err)
}

func (db *DB) SessionByTokenHash(ctx context.Context, hash string) (account.Session, error) {
	return db.read().SessionByTokenHash(ctx, hash)
}

func (db *DB) Sessions(ctx context.Context, userID string, now time.Time) ([]account.Session, error) {
	return db.read().Sessions(ctx, userID, now)
}

func (q q) SessionByTokenHash(ctx context.Context, hash string) (account.Session, error) {
	return scanSession(q.x.QueryRowContext(ctx,
		`SELECT `+sessionColumns+` FROM sessions WHERE token_hash = $1`, hash))
}

func (q q) Sessions(ctx context.Context, userID string, now time.Time) ([]account.Session, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+sessionColumns+` FROM sessions
		WHERE user_id = $1 AND expires_at > $2 ORDER BY last_seen_at DESC, id`, userID, ts(now))
	if err != nil {
		return nil, fmt.Errorf("store: sessions: %w", err)
	}
	return collect(rows, scanSession)
}

func (tx *Tx) CreateSession(ctx context.Context, s account.Session) error {
	_, err := tx.x.ExecContext(ctx, `INSERT INTO sessions (`+sessionColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, s.ID, s.TokenHash, s.UserID, ts(s.CreatedAt),
		ts(s.LastSeenAt), ts(s.ExpiresAt), s.UserAgent, s.IP)
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	_, err = tx.x.ExecContext(ctx, `UPDATE users SET last_seen_at = $2 WHERE id = $1`, s.UserID, ts(s.LastSeenAt))
	return err
}

func (tx *Tx) DeleteSession(ctx context.Context, userID, id string) (bool, error) {
	res, err := tx.x.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id = $2`, userID, id)
	if err != nil {
		return false, fmt.Errorf("store: delete session: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

func (tx *Tx) DeleteSessions(ctx context.Context, userID, exceptID string) (int, error) {
	res, err := tx.x.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id <> $2`, userID, exceptID)
	if err != nil {
		return 0, fmt.Errorf("store: delete sessions: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

func (db *DB) TouchSession(ctx context.Context, id string, seen, expires time.Time) error {
	_, err := db.writer.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $2, expires_at = $3
		WHERE id = $1`, id, ts(seen), ts(expires))
	if err != nil {
		return err
	}
	_, err = db.writer.ExecContext(ctx, `UPDATE users SET last_seen_at = $2
		WHERE id = (SELECT user_id FROM sessions WHERE id = $1)`, id, ts(seen))
	return err
}

// collect scans every row with scan.
func collect[T any](rows *sql.Rows, scan func(interface{ Scan(...any) error }) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// slugInserted tells an insert that did nothing because its slug was taken
// (ON CONFLICT (slug) DO NOTHING, which waits for a concurrent insert of the
// same slug instead of failing the transaction) from one that inserted.
func slugInserted(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return slug.ErrTaken
	}
	return nil
}

func oneRow(res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return account.ErrNotFound
	}
	return nil
}
