package account

import (
	"context"
	"fmt"
	"time"

	"github.com/socle-portal/socle/internal/sqldb"
)

const tokenColumns = `token_hash, kind, user_id, email, created_at, expires_at, used_at`

func scanToken(row sqldb.Scanner) (Token, error) {
	var t Token
	err := row.Scan(&t.Hash, &t.Kind, &t.UserID, &t.Email, sqldb.Time(&t.CreatedAt), sqldb.Time(&t.ExpiresAt), sqldb.Time(&t.UsedAt))
	return t, sqldb.NoRows(err, ErrNotFound)
}

func (q Reader) TokenByHash(ctx context.Context, hash string) (Token, error) {
	return scanToken(q.x.QueryRowContext(ctx, `SELECT `+tokenColumns+` FROM tokens WHERE token_hash = $1`, hash))
}

func (tx Tx) CreateToken(ctx context.Context, t Token) error {
	_, err := tx.x.ExecContext(ctx, `INSERT INTO tokens (`+tokenColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		t.Hash, t.Kind, t.UserID, t.Email, sqldb.TS(t.CreatedAt), sqldb.TS(t.ExpiresAt), sqldb.TS(t.UsedAt))
	if err != nil {
		return fmt.Errorf("store: create token: %w", err)
	}
	return nil
}

// UseToken marks the token used in the same statement that checks it, so of
// two concurrent uses only one updates the row.
func (tx Tx) UseToken(ctx context.Context, hash string, kind TokenKind, now time.Time) (Token, error) {
	t, err := scanToken(tx.x.QueryRowContext(ctx, `UPDATE tokens SET used_at = $3
		WHERE token_hash = $1 AND kind = $2 AND used_at IS NULL AND expires_at > $3
		RETURNING `+tokenColumns, hash, kind, sqldb.TS(now)))
	if err != nil {
		return Token{}, err
	}
	return t, nil
}

func (tx Tx) DeleteTokens(ctx context.Context, userID string, kind TokenKind) error {
	_, err := tx.x.ExecContext(ctx, `DELETE FROM tokens WHERE user_id = $1 AND kind = $2`, userID, kind)
	return err
}

// DeleteExpired removes what can no longer be used. Used tokens are kept a
// day so that a second click on a link can still say "already used".
func (tx Tx) DeleteExpired(ctx context.Context, now time.Time) error {
	for stmt, before := range map[string]time.Time{
		`DELETE FROM sessions WHERE expires_at <= $1`:      now,
		`DELETE FROM tokens WHERE expires_at <= $1`:        now,
		`DELETE FROM rate_limits WHERE window_start <= $1`: now.Add(-48 * time.Hour),
	} {
		if _, err := tx.x.ExecContext(ctx, stmt, sqldb.TS(before)); err != nil {
			return fmt.Errorf("store: delete expired: %w", err)
		}
	}
	return nil
}
