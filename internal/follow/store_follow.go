package follow

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// DB is what following needs of the database: single statements, each its
// own transaction, on either backend's pool.
type DB interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// live keeps the follows of accounts that are neither closed nor deactivated.
const live = ` JOIN users u ON u.id = f.user_id AND u.deleted_at IS NULL AND u.active`

func insertFollow(ctx context.Context, db DB, col, id, userID, targetID string, since time.Time) (bool, error) {
	res, err := db.ExecContext(ctx, `INSERT INTO followers (id, user_id, `+col+`, since)
		VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, id, userID, targetID, ts(since))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func deleteFollow(ctx context.Context, db DB, col, userID, targetID string) (bool, error) {
	res, err := db.ExecContext(ctx, `DELETE FROM followers WHERE user_id = $1 AND `+col+` = $2`, userID, targetID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// countFollowers counts the live followers of a target, or whether userID
// is one when given.
func countFollowers(ctx context.Context, db DB, col, targetID, userID string) (int, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM followers f`+live+`
		WHERE f.`+col+` = $1 AND ($2 = '' OR f.user_id = $2)`, targetID, userID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("count followers of %s: %w", targetID, err)
	}
	return n, nil
}

// listFollowers reads a page of follows, oldest first; the users are
// filled in with their id only.
func listFollowers(ctx context.Context, db DB, col, targetID string, q Query) ([]Follower, error) {
	rows, err := db.QueryContext(ctx, `SELECT f.id, f.user_id, f.since FROM followers f`+live+`
		WHERE f.`+col+` = $1 AND ($2 = '' OR f.user_id = $2)
		ORDER BY f.since, f.id LIMIT $3 OFFSET $4`, targetID, q.UserID, q.PageSize, (q.Page-1)*q.PageSize)
	if err != nil {
		return nil, fmt.Errorf("list followers of %s: %w", targetID, err)
	}
	defer rows.Close()
	var out []Follower
	for rows.Next() {
		var f Follower
		var since any
		if err := rows.Scan(&f.ID, &f.User.ID, &since); err != nil {
			return nil, err
		}
		if f.Since, err = readTime(since); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// readTime reads a timestamp as either driver gives it: a time, or the
// text ts wrote.
func readTime(v any) (time.Time, error) {
	switch t := v.(type) {
	case time.Time:
		return t.UTC(), nil
	case string:
		p, err := time.Parse("2006-01-02 15:04:05.999999999-07:00", t)
		return p.UTC(), err
	case []byte:
		return readTime(string(t))
	}
	return time.Time{}, fmt.Errorf("follow: unreadable time %v", v)
}

// ts writes times as the other tables do: UTC text of fixed width, which
// SQLite compares in order and PostgreSQL reads as timestamptz.
func ts(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05.000000+00:00") }
