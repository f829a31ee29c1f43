package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/socle-portal/socle/internal/account"
)

const apiKeyColumns = `id, user_id, name, token_hash, token_prefix, scopes, created_at, last_used_at,
	expires_at, revoked_at`

func scanAPIKey(row interface{ Scan(...any) error }) (account.APIKey, error) {
	var k account.APIKey
	var scopes string
	err := row.Scan(&k.ID, &k.UserID, &k.Name, &k.TokenHash, &k.Prefix, &scopes, tm(&k.CreatedAt),
		tm(&k.LastUsedAt), tm(&k.ExpiresAt), tm(&k.RevokedAt))
	k.Scopes = strings.Fields(scopes)
	return k, notFound(err)
}

func (db *DB) APIKeyByTokenHash(ctx context.Context, hash string) (account.APIKey, error) {
	return db.read().APIKeyByTokenHash(ctx, hash)
}

func (db *DB) APIKeys(ctx context.Context, userID string) ([]account.APIKey, error) {
	return db.read().APIKeys(ctx, userID)
}

func (db *DB) APIKeyByID(ctx context.Context, userID, id string) (account.APIKey, error) {
	return db.read().APIKeyByID(ctx, userID, id)
}

func (q q) APIKeyByTokenHash(ctx context.Context, hash string) (account.APIKey, error) {
	return scanAPIKey(q.x.QueryRowContext(ctx, `SELECT `+apiKeyColumns+` FROM api_keys WHERE token_hash = $1`, hash))
}

func (q q) APIKeyByID(ctx context.Context, userID, id string) (account.APIKey, error) {
	return scanAPIKey(q.x.QueryRowContext(ctx, `SELECT `+apiKeyColumns+` FROM api_keys
		WHERE user_id = $1 AND id = $2`, userID, id))
}

func (q q) APIKeys(ctx context.Context, userID string) ([]account.APIKey, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+apiKeyColumns+` FROM api_keys
		WHERE user_id = $1 AND revoked_at IS NULL ORDER BY created_at DESC, id`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: api keys: %w", err)
	}
	return collect(rows, scanAPIKey)
}

func (tx *Tx) CreateAPIKey(ctx context.Context, k account.APIKey) error {
	_, err := tx.x.ExecContext(ctx, `INSERT INTO api_keys (`+apiKeyColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, k.ID, k.UserID, k.Name, k.TokenHash, k.Prefix,
		strings.Join(k.Scopes, " "), ts(k.CreatedAt), ts(k.LastUsedAt), ts(k.ExpiresAt), ts(k.RevokedAt))
	if err != nil {
		return fmt.Errorf("store: create api key: %w", err)
	}
	return nil
}

func (tx *Tx) RevokeAPIKey(ctx context.Context, userID, id string, at time.Time) error {
	res, err := tx.x.ExecContext(ctx, `UPDATE api_keys SET revoked_at = $3
		WHERE user_id = $1 AND id = $2 AND revoked_at IS NULL`, userID, id, ts(at))
	if err != nil {
		return fmt.Errorf("store: revoke api key: %w", err)
	}
	return oneRow(res)
}

func (tx *Tx) RevokeAPIKeys(ctx context.Context, userID string, at time.Time) (int, error) {
	res, err := tx.x.ExecContext(ctx, `UPDATE api_keys SET revoked_at = $2
		WHERE user_id = $1 AND revoked_at IS NULL`, userID, ts(at))
	if err != nil {
		return 0, fmt.Errorf("store: revoke api keys: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}

func (db *DB) TouchAPIKey(ctx context.Context, id string, used time.Time) error {
	_, err := db.writer.ExecContext(ctx, `UPDATE api_keys SET last_used_at = $2 WHERE id = $1`, id, ts(used))
	if err != nil {
		return err
	}
	_, err = db.writer.ExecContext(ctx, `UPDATE users SET last_seen_at = $2
		WHERE id = (SELECT user_id FROM api_keys WHERE id = $1)`, id, ts(used))
	return err
}
