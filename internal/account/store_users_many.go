package account

import (
	"context"
	"fmt"

	"github.com/socle-portal/socle/internal/sqldb"
)

// UsersByIDs reads the users of ids, by id, in one query (a page of
// followers, say); missing ones are left out.
func (q Reader) UsersByIDs(ctx context.Context, ids []string) (map[string]User, error) {
	list, err := sqldb.CollectIn(ctx, q.x, ids, `SELECT `+userColumns+` FROM users WHERE id IN `, ``, scanUser)
	if err != nil {
		return nil, fmt.Errorf("users by id: %w", err)
	}
	return sqldb.KeyBy(list, func(u User) string { return u.ID }), nil
}
