package follow

import (
	"context"
	"fmt"
	"time"

	"github.com/socle-portal/socle/internal/sqldb"
)

// live keeps the follows of accounts that are neither closed nor deactivated.
const live = ` JOIN users u ON u.id = f.user_id AND u.deleted_at IS NULL AND u.active`

func insertFollow(ctx context.Context, db sqldb.Conn, col, id, userID, targetID string, since time.Time) (bool, error) {
	res, err := db.ExecContext(ctx, `INSERT INTO followers (id, user_id, `+col+`, since)
		VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, id, userID, targetID, sqldb.TS(since))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

func deleteFollow(ctx context.Context, db sqldb.Conn, col, userID, targetID string) (bool, error) {
	res, err := db.ExecContext(ctx, `DELETE FROM followers WHERE user_id = $1 AND `+col+` = $2`, userID, targetID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// countFollowers counts the live followers of a target, or whether userID
// is one when given.
func countFollowers(ctx context.Context, db sqldb.Conn, col, targetID, userID string) (int, error) {
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
func listFollowers(ctx context.Context, db sqldb.Conn, col, targetID string, q Query) ([]Follower, error) {
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
		if err := rows.Scan(&f.ID, &f.User.ID, sqldb.Time(&f.Since)); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// listFollowing reads every follow of userID, oldest first.
func listFollowing(ctx context.Context, db sqldb.Conn, userID string) ([]Follow, error) {
	rows, err := db.QueryContext(ctx, `SELECT COALESCE(dataset_id, ''), COALESCE(org_id, ''), since
		FROM followers WHERE user_id = $1 ORDER BY since, id`, userID)
	if err != nil {
		return nil, fmt.Errorf("list follows of %s: %w", userID, err)
	}
	return sqldb.Collect(rows, func(r sqldb.Scanner) (Follow, error) {
		var f Follow
		var dataset, org string
		err := r.Scan(&dataset, &org, sqldb.Time(&f.Since))
		f.Target = Target{Kind: Dataset, ID: dataset}
		if org != "" {
			f.Target = Target{Kind: Organization, ID: org}
		}
		return f, err
	})
}
