package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Hit adds one to key's counter in a fixed window, starting a new window when
// the current one has ended, in a single statement so that concurrent hits
// from several instances are all counted.
func (db *DB) Hit(ctx context.Context, key string, window time.Duration, now time.Time) (int, time.Time, error) {
	var n int
	var start time.Time
	err := db.writer.QueryRowContext(ctx, `INSERT INTO rate_limits (key, window_start, hits)
		VALUES ($1, $2, 1)
		ON CONFLICT (key) DO UPDATE SET
			hits = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.hits + 1 END,
			window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 ELSE rate_limits.window_start END
		RETURNING hits, window_start`, key, ts(now), ts(now.Add(-window))).Scan(&n, tm(&start))
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("store: rate limit: %w", err)
	}
	return n, start.Add(window), nil
}

// Peek reads key's counter without adding to it.
func (db *DB) Peek(ctx context.Context, key string, window time.Duration, now time.Time) (int, time.Time, error) {
	var n int
	var start time.Time
	err := db.reader.QueryRowContext(ctx, `SELECT hits, window_start FROM rate_limits
		WHERE key = $1 AND window_start > $2`, key, ts(now.Add(-window))).Scan(&n, tm(&start))
	if errors.Is(err, sql.ErrNoRows) {
		return 0, now, nil
	}
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("store: rate limit: %w", err)
	}
	return n, start.Add(window), nil
}

// Unhit gives back one attempt counted in key's window that started at
// start, as a successful login gives back the attempt it reserved. A window
// that has been replaced since is left alone.
func (db *DB) Unhit(ctx context.Context, key string, start time.Time) error {
	_, err := db.writer.ExecContext(ctx, `UPDATE rate_limits SET hits = hits - 1
		WHERE key = $1 AND window_start = $2 AND hits > 0`, key, ts(start))
	if err != nil {
		return fmt.Errorf("store: rate limit: %w", err)
	}
	return nil
}

// ClearHits forgets key's counter.
func (db *DB) ClearHits(ctx context.Context, key string) error {
	_, err := db.writer.ExecContext(ctx, `DELETE FROM rate_limits WHERE key = $1`, key)
	return err
}
