package account

import (
	"context"
	"strings"

	"github.com/socle-portal/socle/internal/keyset"
)

// UserQuery is a search of the people who have an account.
type UserQuery struct {
	Q        string // every word, as a prefix of a word of the names; accents and case ignored
	Page     int
	PageSize int
	// After, when set, starts the page after this row of the same ordering
	// instead of at Page.
	After *keyset.Cursor
	// emails also finds q in the addresses: SearchUsersAs sets it for
	// sysadmins, as udata's user search.
	emails bool
}

// SearchUsers lists the accounts that are neither deleted nor deactivated,
// whose names match q.Q, in the order of their slugs (folded names, unique):
// the same order on every page and every backend.
func (s *Service) SearchUsers(ctx context.Context, q UserQuery) (Page, error) {
	list, total, err := s.store.SearchUsers(ctx, q)
	if err != nil {
		return Page{}, err
	}
	return keyset.PageOf(list, total, q.PageSize, func(u User) (keyset.Cursor, bool) {
		return UserCursor(u), true
	}), nil
}

// Page is a page of users; Next, when set, is where the following one
// starts.
type Page = keyset.Page[User]

// SearchUsersAs is SearchUsers for viewer: a sysadmin also finds q inside
// the accounts' e-mail addresses, as in udata; others search names only.
func (s *Service) SearchUsersAs(ctx context.Context, viewer User, q UserQuery) (Page, error) {
	q.emails = viewer.Sysadmin && strings.TrimSpace(q.Q) != ""
	return s.SearchUsers(ctx, q)
}
