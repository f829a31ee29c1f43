package account

import (
	"context"
	"fmt"

	"github.com/socle-portal/socle/internal/sqldb"
)

// UsersByIDs reads the users of ids, by id, in one query (a page of
// followers, say); missing ones are left out.
func (q Reader) UsersByIDs(ctx context.Context, ids []string) (map[string]User, error) {
	out := make(map[string]User, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var args []any
	in := sqldb.InList(ids, &args) // before the call: Go does not order it against reading args
	rows, err := q.x.QueryContext(ctx, `SELECT `+userColumns+` FROM users WHERE id IN `+in, args...)
	if err != nil {
		return nil, fmt.Errorf("users by id: %w", err)
	}
	list, err := sqldb.Collect(rows, scanUser)
	for _, u := range list {
		out[u.ID] = u
	}
	return out, err
}
