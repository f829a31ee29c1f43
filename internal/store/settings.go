package store

import (
	"context"
	"fmt"
)

// Setting returns the value stored under key, storing value first if the key
// is new. Every instance sharing the database thus agrees on generated
// settings such as the secret key.
func (db *DB) Setting(ctx context.Context, key, value string) (string, error) {
	_, err := db.writer.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO NOTHING`, key, value)
	if err != nil {
		return "", fmt.Errorf("store: setting %s: %w", key, err)
	}
	var v string
	err = db.writer.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	return v, err
}
