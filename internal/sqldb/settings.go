package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// Setting returns the value stored under key, storing value first if the key
// is new. Every instance sharing the database thus agrees on generated
// settings such as the secret key.
func (db *DB) Setting(ctx context.Context, key, value string) (string, error) {
	_, err := db.writer.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO NOTHING`, key, value)
	if err != nil {
		return "", fmt.Errorf("sqldb: setting %s: %w", key, err)
	}
	var v string
	err = db.writer.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	return v, err
}

// SettingFunc is Setting for a value costly to make: make runs only when
// the key is not stored yet.
func (db *DB) SettingFunc(ctx context.Context, key string, make func() (string, error)) (string, error) {
	var v string
	err := db.writer.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("sqldb: setting %s: %w", key, err)
	}
	if v, err = make(); err != nil {
		return "", err
	}
	return db.Setting(ctx, key, v)
}

// PutSetting stores value under key, replacing what was there.
func (db *DB) PutSetting(ctx context.Context, key, value string) error {
	_, err := db.writer.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	if err != nil {
		return fmt.Errorf("sqldb: setting %s: %w", key, err)
	}
	return nil
}

// HasSetting tells whether key is stored, as one-time tasks mark
// themselves done.
func (db *DB) HasSetting(ctx context.Context, key string) (bool, error) {
	return db.Read().Exists(ctx, `SELECT count(*) FROM settings WHERE key = $1`, key)
}
