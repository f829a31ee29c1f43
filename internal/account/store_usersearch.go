package account

import (
	"context"
	"fmt"
	"strings"

	"github.com/socle-portal/socle/internal/keyset"
	"github.com/socle-portal/socle/internal/slug"
	"github.com/socle-portal/socle/internal/sqldb"
)

// userSearchText is what the user search indexes: the folded words of the
// names; nothing for a deleted account.
func userSearchText(u User) string {
	if u.Deleted() {
		return ""
	}
	return strings.ReplaceAll(slug.Make(u.FirstName+" "+u.LastName, 10000, ""), "-", " ")
}

// userOrder is the users' only ordering: by slug, unique and folded, so
// that pages follow one another by key.
var userOrder = sqldb.KeyOrder[User]{Name: "users:slug", Column: "u.slug", IDCol: "u.id",
	Key: func(u User) any { return u.Slug }}

// UserCursorValid reports whether c, if any, is a cursor of the user list.
func UserCursorValid(c *keyset.Cursor) bool {
	if c == nil {
		return true
	}
	_, ok := userOrder.Value(*c)
	return ok
}

// UserCursor is the cursor of the page after u.
func UserCursor(u User) keyset.Cursor { return userOrder.Cursor(u, u.ID) }

// SearchUsers lists live, active users whose names have every word of
// qy.Q as a prefix of one of their words, in any order.
func (q Reader) SearchUsers(ctx context.Context, qy UserQuery) ([]User, int, error) {
	where := []string{"u.deleted_at IS NULL", "u.active"}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	terms := sqldb.SearchTerms(qy.Q)
	switch {
	case qy.emails && len(terms) > 0:
		cond, _ := q.x.MatchAll("u", "users_fts", terms, arg)
		where = append(where, "("+cond+" OR lower(u.email) LIKE "+arg(likePattern(qy.Q))+` ESCAPE '\')`)
	case qy.emails:
		where = append(where, "lower(u.email) LIKE "+arg(likePattern(qy.Q))+` ESCAPE '\'`)
	case len(terms) > 0:
		cond, _ := q.x.MatchAll("u", "users_fts", terms, arg)
		where = append(where, cond)
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := q.x.QueryRowContext(ctx, `SELECT count(*) FROM users u WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: search users: %w", err)
	}
	var page string
	if qy.After != nil {
		seek, err := userOrder.Seek(*qy.After, arg)
		if err != nil {
			return nil, 0, fmt.Errorf("store: search users: %w", err)
		}
		cond += " AND " + seek
		page = ` LIMIT ` + arg(qy.PageSize)
	} else {
		page = ` LIMIT ` + arg(qy.PageSize) + ` OFFSET ` + arg((qy.Page-1)*qy.PageSize)
	}
	rows, err := q.x.QueryContext(ctx, `SELECT `+sqldb.Prefixed("u", userColumns)+` FROM users u WHERE `+cond+
		` ORDER BY `+userOrder.OrderBy()+page, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: search users: %w", err)
	}
	list, err := sqldb.Collect(rows, scanUser)
	return list, total, err
}

// likePattern finds s anywhere, its LIKE wildcards taken literally.
func likePattern(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(s)
	return "%" + s + "%"
}
