package follow

import (
	"context"
	"fmt"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/sqldb"
)

// Service keeps who follows what.
type Service struct {
	db    *sqldb.DB
	users account.Store // the followers' accounts
	now   func() time.Time
}

// NewService returns the service on db; now is the clock.
func NewService(db *sqldb.DB, now func() time.Time) *Service {
	return &Service{db: db, users: account.NewStore(db), now: now}
}

// Follow makes u follow t, once: created is false when u already did.
// It returns how many follow t now.
func (s *Service) Follow(ctx context.Context, u account.User, t Target) (followers int, created bool, err error) {
	col, err := column(t)
	if err != nil {
		return 0, false, err
	}
	// One statement, guarded by the unique index: of two concurrent follows
	// by one user, one inserts and the other changes nothing.
	created, err = insertFollow(ctx, s.db.Write(), col, account.NewID(), u.ID, t.ID, s.now())
	if err != nil {
		return 0, false, fmt.Errorf("follow %s %s: %w", t.Kind, t.ID, err)
	}
	n, err := countFollowers(ctx, s.db.Write(), col, t.ID, "") // the pool that wrote sees the write
	return n, created, err
}

// Unfollow ends u's following of t: ErrNotFollowing when u did not follow
// it. It returns how many follow t still.
func (s *Service) Unfollow(ctx context.Context, u account.User, t Target) (int, error) {
	col, err := column(t)
	if err != nil {
		return 0, err
	}
	gone, err := deleteFollow(ctx, s.db.Write(), col, u.ID, t.ID)
	if err != nil {
		return 0, fmt.Errorf("unfollow %s %s: %w", t.Kind, t.ID, err)
	}
	if !gone {
		return 0, ErrNotFollowing
	}
	return countFollowers(ctx, s.db.Write(), col, t.ID, "")
}

// Followers returns a page of t's followers, oldest first, and how many
// there are in all. Closed and deactivated accounts are left out.
func (s *Service) Followers(ctx context.Context, t Target, q Query) ([]Follower, int, error) {
	col, err := column(t)
	if err != nil {
		return nil, 0, err
	}
	total, err := countFollowers(ctx, s.db.Read(), col, t.ID, q.UserID)
	if err != nil || total <= (q.Page-1)*q.PageSize {
		return nil, total, err
	}
	list, err := listFollowers(ctx, s.db.Read(), col, t.ID, q)
	if err != nil {
		return nil, 0, err
	}
	ids := make([]string, len(list))
	for i, f := range list {
		ids[i] = f.User.ID
	}
	users, err := s.users.UsersByIDs(ctx, ids) // one query for the page, not one per follower
	if err != nil {
		return nil, 0, err
	}
	for i := range list {
		u, ok := users[list[i].User.ID]
		if !ok {
			return nil, 0, fmt.Errorf("follower %s: %w", list[i].User.ID, account.ErrNotFound)
		}
		list[i].User = u
	}
	return list, total, nil
}

// Count returns how many follow t.
func (s *Service) Count(ctx context.Context, t Target) (int, error) {
	col, err := column(t)
	if err != nil {
		return 0, err
	}
	return countFollowers(ctx, s.db.Read(), col, t.ID, "")
}

// column is the followers column of t's kind: a constant, never input.
func column(t Target) (string, error) {
	switch t.Kind {
	case Dataset:
		return "dataset_id", nil
	case Organization:
		return "org_id", nil
	}
	return "", fmt.Errorf("follow: unknown kind %q", t.Kind)
}

// Following lists what userID follows, oldest first (for "download my
// data").
func (s *Service) Following(ctx context.Context, userID string) ([]Follow, error) {
	return listFollowing(ctx, s.db.Read(), userID)
}

// State is what a page shows of a target: how many follow it, and whether
// userID (empty for a visitor) is one of them.
func (s *Service) State(ctx context.Context, userID string, t Target) (followers int, following bool, err error) {
	col, err := column(t)
	if err != nil {
		return 0, false, err
	}
	if followers, err = countFollowers(ctx, s.db.Read(), col, t.ID, ""); err != nil || userID == "" || followers == 0 {
		return followers, false, err
	}
	n, err := countFollowers(ctx, s.db.Read(), col, t.ID, userID)
	return followers, n > 0, err
}
