package follow

import (
	"context"
	"fmt"

	"github.com/socle-portal/socle/internal/sqldb"
)

// CountMany returns how many follow each target of kind with an id in ids:
// one query for a whole page of datasets or organizations.
func (s *Service) CountMany(ctx context.Context, kind Kind, ids []string) (map[string]int, error) {
	col, err := column(Target{Kind: kind})
	out := make(map[string]int, len(ids))
	if err != nil || len(ids) == 0 {
		return out, err
	}
	var args []any
	in := sqldb.InList(ids, &args) // before the call: Go does not order it against reading args
	counts, err := sqldb.CountsByID(s.db.Read().QueryContext(ctx, `SELECT f.`+col+`, COUNT(*) FROM followers f`+live+`
		WHERE f.`+col+` IN `+in+` GROUP BY f.`+col, args...))
	if err != nil {
		return nil, fmt.Errorf("count followers: %w", err)
	}
	return counts, nil
}

// FollowingCounts returns how many objects each user of ids follows
// (udata's metrics.following): one query for a whole page of users.
func (s *Service) FollowingCounts(ctx context.Context, ids []string) (map[string]int, error) {
	if len(ids) == 0 {
		return map[string]int{}, nil
	}
	var args []any
	in := sqldb.InList(ids, &args) // before the call: Go does not order it against reading args
	counts, err := sqldb.CountsByID(s.db.Read().QueryContext(ctx, `SELECT user_id, COUNT(*) FROM followers
		WHERE user_id IN `+in+` GROUP BY user_id`, args...))
	if err != nil {
		return nil, fmt.Errorf("count follows: %w", err)
	}
	return counts, nil
}
