package account

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/socle-portal/socle/internal/sqldb"
)

const sessionColumns = `id, token_hash, user_id, created_at, last_seen_at, expires_at, user_agent, ip, amr`

func scanSession(row sqldb.Scanner) (Session, error) {
	var (
		s   Session
		amr string
	)
	err := row.Scan(&s.ID, &s.TokenHash, &s.UserID, sqldb.Time(&s.CreatedAt), sqldb.Time(&s.LastSeenAt),
		sqldb.Time(&s.ExpiresAt), &s.UserAgent, &s.IP, &amr)
	s.AMR = strings.Fields(amr)
	return s, sqldb.NoRows(err, ErrNotFound)
}

func (q Reader) SessionByTokenHash(ctx context.Context, hash string) (Session, error) {
	return scanSession(q.x.QueryRowContext(ctx,
		`SELECT `+sessionColumns+` FROM sessions WHERE token_hash = $1`, hash))
}

func (q Reader) Sessions(ctx context.Context, userID string, now time.Time) ([]Session, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+sessionColumns+` FROM sessions
		WHERE user_id = $1 AND expires_at > $2 ORDER BY last_seen_at DESC, id`, userID, sqldb.TS(now))
	if err != nil {
		return nil, fmt.Errorf("store: sessions: %w", err)
	}
	return sqldb.Collect(rows, scanSession)
}

func (tx Tx) CreateSession(ctx context.Context, s Session) error {
	_, err := tx.x.ExecContext(ctx, `INSERT INTO sessions (`+sessionColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, s.ID, s.TokenHash, s.UserID, sqldb.TS(s.CreatedAt),
		sqldb.TS(s.LastSeenAt), sqldb.TS(s.ExpiresAt), s.UserAgent, s.IP, amrText(s.AMR))
	if err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	_, err = tx.x.ExecContext(ctx, `UPDATE users SET last_seen_at = $2 WHERE id = $1`, s.UserID, sqldb.TS(s.LastSeenAt))
	return err
}

func (tx Tx) DeleteSession(ctx context.Context, userID, id string) (bool, error) {
	res, err := tx.x.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id = $2`, userID, id)
	if err != nil {
		return false, fmt.Errorf("store: delete session: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

func (tx Tx) DeleteSessions(ctx context.Context, userID, exceptID string) (int, error) {
	res, err := tx.x.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1 AND id <> $2`, userID, exceptID)
	if err != nil {
		return 0, fmt.Errorf("store: delete sessions: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

func (s Store) TouchSession(ctx context.Context, id string, seen, expires time.Time) error {
	_, err := s.db.Write().ExecContext(ctx, `UPDATE sessions SET last_seen_at = $2, expires_at = $3
		WHERE id = $1`, id, sqldb.TS(seen), sqldb.TS(expires))
	if err != nil {
		return err
	}
	_, err = s.db.Write().ExecContext(ctx, `UPDATE users SET last_seen_at = $2
		WHERE id = (SELECT user_id FROM sessions WHERE id = $1)`, id, sqldb.TS(seen))
	return err
}

// amrText is how a session's amr is stored: space-separated, "pwd" when
// none is given (sessions opened by a password alone).
func amrText(amr []string) string {
	if len(amr) == 0 {
		return AMRPassword
	}
	return strings.Join(amr, " ")
}
