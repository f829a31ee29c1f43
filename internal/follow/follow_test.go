package follow_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/follow"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
	"github.com/socle-portal/socle/internal/testenv"
)

// TestFollowers: following is once per user and object, oldest first,
// and a closed account's follows are no longer listed nor counted.
func TestFollowers(t *testing.T) {
	ctx := context.Background()
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := testenv.New(t, db)
		admin := e.User(t, "admin")
		o := e.Org(t, admin, "Régie des transports")
		target := follow.Target{Kind: follow.Organization, ID: o.ID}
		var users []account.User
		for i, name := range []string{"ana", "bea", "cid"} {
			u := e.User(t, name)
			users = append(users, u)
			n, created, err := e.Follows.Follow(ctx, u, target)
			if err != nil || !created || n != i+1 {
				t.Fatalf("follow by %s: %d %v %v", name, n, created, err)
			}
			e.Advance(time.Second) // oldest first is by the date
		}
		if n, created, err := e.Follows.Follow(ctx, users[0], target); err != nil || created || n != 3 {
			t.Fatalf("second follow: %d %v %v, want 3 and not created", n, created, err)
		}
		page, total, err := e.Follows.Followers(ctx, target, follow.Query{Page: 1, PageSize: 2})
		if err != nil || total != 3 || len(page) != 2 || page[0].User.ID != users[0].ID || page[1].User.ID != users[1].ID ||
			page[0].User.FirstName == "" || page[0].Since.IsZero() {
			t.Fatalf("first page: %+v, total %d, %v", page, total, err)
		}
		if page, _, _ := e.Follows.Followers(ctx, target, follow.Query{Page: 2, PageSize: 2}); len(page) != 1 || page[0].User.ID != users[2].ID {
			t.Fatalf("second page: %+v", page)
		}
		if page, total, _ := e.Follows.Followers(ctx, target, follow.Query{UserID: users[1].ID, Page: 1, PageSize: 20}); total != 1 || page[0].User.ID != users[1].ID {
			t.Fatalf("filtered by user: %+v", page)
		}
		if err := e.Accounts.Delete(ctx, users[1], account.Meta{}); err != nil {
			t.Fatal(err)
		}
		if n, _ := e.Follows.Count(ctx, target); n != 2 {
			t.Fatalf("after an account closed: %d followers, want 2", n)
		}
		if n, err := e.Follows.Unfollow(ctx, users[0], target); err != nil || n != 1 {
			t.Fatalf("unfollow: %d %v", n, err)
		}
		if _, err := e.Follows.Unfollow(ctx, users[0], target); !errors.Is(err, follow.ErrNotFollowing) {
			t.Fatalf("unfollow twice: %v", err)
		}
		if _, _, err := e.Follows.Follow(ctx, admin, follow.Target{Kind: "reuse", ID: o.ID}); err == nil {
			t.Fatal("an unknown kind was followed")
		}
	})
}

// TestFollowingCounts: how many objects each user of a page follows, of
// both kinds, read at once; a user who follows nothing is absent (0).
func TestFollowingCounts(t *testing.T) {
	ctx := context.Background()
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := testenv.New(t, db)
		admin, ana, bea := e.User(t, "admin"), e.User(t, "ana"), e.User(t, "bea")
		o1, o2 := e.Org(t, admin, "Régie des transports"), e.Org(t, admin, "Syndicat mixte")
		d, err := e.Catalog.Create(ctx, admin, catalog.Input{Title: "Horaires", Description: "GTFS", OrgID: o1.ID})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range []struct {
			u    account.User
			kind follow.Kind
			id   string
		}{{ana, follow.Organization, o1.ID}, {ana, follow.Organization, o2.ID}, {ana, follow.Dataset, d.ID}, {bea, follow.Organization, o1.ID}} {
			if _, _, err := e.Follows.Follow(ctx, f.u, follow.Target{Kind: f.kind, ID: f.id}); err != nil {
				t.Fatal(err)
			}
		}
		got, err := e.Follows.FollowingCounts(ctx, []string{ana.ID, bea.ID, admin.ID})
		if err != nil || got[ana.ID] != 3 || got[bea.ID] != 1 || got[admin.ID] != 0 {
			t.Fatalf("following counts: %v %v", got, err)
		}
		if got, err := e.Follows.FollowingCounts(ctx, nil); err != nil || len(got) != 0 {
			t.Fatalf("no users: %v %v", got, err)
		}
	})
}
