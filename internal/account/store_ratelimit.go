package account

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/socle-portal/socle/internal/sqldb"
)

// Hit adds one to key's counter in a fixed window, starting a new window when
// the current one has ended, in a single statement so that concurrent hits
// from several instances are all counted.
func (s Store) Hit(ctx context.Context, key string, window time.Duration, now time.Time) (int, time.Time, error) {
	var n int
	var start time.Time
	err := s.db.Write().QueryRowContext(ctx, `INSERT INTO rate_limits (key, window_start, hits)
		VALUES ($1, $2, 1)
		ON CONFLICT (key) DO UPDATE SET
			hits = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.hits + 1 END,
			window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 ELSE rate_limits.window_start END
		RETURNING hits, window_start`, key, sqldb.TS(now), sqldb.TS(now.Add(-window))).Scan(&n, sqldb.Time(&start))
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("store: rate limit: %w", err)
	}
	return n, start.Add(window), nil
}

// Peek reads key's counter without adding to it.
func (s Store) Peek(ctx context.Context, key string, window time.Duration, now time.Time) (int, time.Time, error) {
	var n int
	var start time.Time
	err := s.db.Read().QueryRowContext(ctx, `SELECT hits, window_start FROM rate_limits
		WHERE key = $1 AND window_start > $2`, key, sqldb.TS(now.Add(-window))).Scan(&n, sqldb.Time(&start))
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
func (s Store) Unhit(ctx context.Context, key string, start time.Time) error {
	_, err := s.db.Write().ExecContext(ctx, `UPDATE rate_limits SET hits = hits - 1
		WHERE key = $1 AND window_start = $2 AND hits > 0`, key, sqldb.TS(start))
	if err != nil {
		return fmt.Errorf("store: rate limit: %w", err)
	}
	return nil
}

// ClearHits forgets key's counter.
func (s Store) ClearHits(ctx context.Context, key string) error {
	_, err := s.db.Write().ExecContext(ctx, `DELETE FROM rate_limits WHERE key = $1`, key)
	return err
}
