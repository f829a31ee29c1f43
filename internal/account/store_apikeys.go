package account

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/socle-portal/socle/internal/sqldb"
)

const apiKeyColumns = `id, user_id, name, token_hash, token_prefix, scopes, created_at, last_used_at,
	expires_at, revoked_at`

func scanAPIKey(row sqldb.Scanner) (APIKey, error) {
	var k APIKey
	var scopes string
	err := row.Scan(&k.ID, &k.UserID, &k.Name, &k.TokenHash, &k.Prefix, &scopes, sqldb.Time(&k.CreatedAt),
		sqldb.Time(&k.LastUsedAt), sqldb.Time(&k.ExpiresAt), sqldb.Time(&k.RevokedAt))
	k.Scopes = strings.Fields(scopes)
	return k, sqldb.NoRows(err, ErrNotFound)
}

func (q Reader) APIKeyByTokenHash(ctx context.Context, hash string) (APIKey, error) {
	return scanAPIKey(q.x.QueryRowContext(ctx, `SELECT `+apiKeyColumns+` FROM api_keys WHERE token_hash = $1`, hash))
}

func (q Reader) APIKeyByID(ctx context.Context, userID, id string) (APIKey, error) {
	return scanAPIKey(q.x.QueryRowContext(ctx, `SELECT `+apiKeyColumns+` FROM api_keys
		WHERE user_id = $1 AND id = $2`, userID, id))
}

func (q Reader) APIKeys(ctx context.Context, userID string) ([]APIKey, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+apiKeyColumns+` FROM api_keys
		WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, id`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: api keys: %w", err)
	}
	return sqldb.Collect(rows, scanAPIKey)
}

func (tx Tx) CreateAPIKey(ctx context.Context, k APIKey) error {
	_, err := tx.x.ExecContext(ctx, `INSERT INTO api_keys (`+apiKeyColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, k.ID, k.UserID, k.Name, k.TokenHash, k.Prefix,
		strings.Join(k.Scopes, " "), sqldb.TS(k.CreatedAt), sqldb.TS(k.LastUsedAt), sqldb.TS(k.ExpiresAt), sqldb.TS(k.RevokedAt))
	if err != nil {
		return fmt.Errorf("store: create api key: %w", err)
	}
	return nil
}

func (tx Tx) RevokeAPIKey(ctx context.Context, userID, id string, at time.Time) error {
	res, err := tx.x.ExecContext(ctx, `UPDATE api_keys SET revoked_at = $3
		WHERE user_id = $1 AND id = $2 AND revoked_at IS NULL`, userID, id, sqldb.TS(at))
	if err != nil {
		return fmt.Errorf("store: revoke api key: %w", err)
	}
	return sqldb.OneRow(res, ErrNotFound)
}

func (tx Tx) RevokeAPIKeys(ctx context.Context, userID string, at time.Time) (int, error) {
	res, err := tx.x.ExecContext(ctx, `UPDATE api_keys SET revoked_at = $2
		WHERE user_id = $1 AND revoked_at IS NULL`, userID, sqldb.TS(at))
	if err != nil {
		return 0, fmt.Errorf("store: revoke api keys: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

func (s Store) TouchAPIKey(ctx context.Context, id string, used time.Time) error {
	_, err := s.db.Write().ExecContext(ctx, `UPDATE api_keys SET last_used_at = $2 WHERE id = $1`, id, sqldb.TS(used))
	if err != nil {
		return err
	}
	_, err = s.db.Write().ExecContext(ctx, `UPDATE users SET last_seen_at = $2
		WHERE id = (SELECT user_id FROM api_keys WHERE id = $1)`, id, sqldb.TS(used))
	return err
}
