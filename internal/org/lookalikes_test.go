package org_test

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
	"github.com/socle-portal/socle/internal/testenv"
)

// TestLookalikesReachSupport: an organization created although it looks
// like another (as the API does) waits in the support queue, with the
// pair, and the support address is told; only sysadmins read or settle
// the queue; an organization that looks like nothing is not flagged.
func TestLookalikesReachSupport(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice, bob, support := e.user(t, "alice"), e.user(t, "bob"), e.sysadmin(t)
		mailsBefore := mailsTo(t, db, testenv.SupportEmail)
		first, _ := e.Orgs.Create(ctx, alice, org.Input{Name: "Métropole du Grand Paris", Description: "x", BusinessNumber: "200054781"}, false)
		e.org(t, alice, "Rennes Métropole") // looks like nothing: not flagged
		if n := mailsTo(t, db, testenv.SupportEmail); n != mailsBefore {
			t.Fatalf("%d mails to the support address for organizations that look like none, want none", n-mailsBefore)
		}
		copyOrg, err := e.Orgs.Create(ctx, bob, org.Input{Name: "Metropole Grand-Paris", Description: "x"}, true)
		if err != nil {
			t.Fatal(err)
		}
		if n := mailsTo(t, db, testenv.SupportEmail); n != mailsBefore+1 {
			t.Errorf("%d mails to the support address, want %d", n, mailsBefore+1)
		}
		if _, err := e.Orgs.Lookalikes(ctx, alice); !errors.Is(err, org.ErrForbidden) {
			t.Fatalf("a non-sysadmin reads the look-alikes: %v", err)
		}
		q, err := e.Orgs.Lookalikes(ctx, support)
		if err != nil || len(q) != 1 {
			t.Fatalf("queue: %+v %v", q, err)
		}
		it := q[0]
		if it.Org.ID != copyOrg.ID || it.Like.ID != first.ID || it.Like.Name != first.Name || it.Creator.ID != bob.ID ||
			it.Creator.Email != bob.Email || it.Creator.FullName() != bob.FullName() || it.CreatedAt.IsZero() {
			t.Fatalf("queue item: %+v", it)
		}
		if err := e.Orgs.DismissLookalike(ctx, bob, copyOrg.ID, first.ID); !errors.Is(err, org.ErrForbidden) {
			t.Fatalf("the creator dismisses: %v", err)
		}
		if err := e.Orgs.DismissLookalike(ctx, support, first.ID, copyOrg.ID); !errors.Is(err, org.ErrLookalikeSettled) {
			t.Fatalf("a pair never flagged is dismissed: %v", err)
		}
		if err := e.Orgs.DismissLookalike(ctx, support, copyOrg.ID, first.ID); err != nil {
			t.Fatal(err)
		}
		if q, _ := e.Orgs.Lookalikes(ctx, support); len(q) != 0 {
			t.Fatalf("a dismissed pair stays in the queue: %+v", q)
		}
		hist, _ := e.Orgs.History(ctx, bob, copyOrg.ID, 1)
		if hist[0].Kind != "org.lookalike_dismissed" || hist[0].ActorID != support.ID || !hist[0].Support ||
			hist[0].Detail != first.ID+" "+first.Name {
			t.Fatalf("history: %+v", hist[0])
		}
	})
}

// TestLookalikeDismissedOnce: support staff settle one pair at once;
// exactly one answer wins and one history entry is written.
func TestLookalikeDismissedOnce(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice, bob := e.user(t, "alice"), e.user(t, "bob")
		first := e.org(t, alice, "Toulouse Métropole")
		copyOrg, _ := e.Orgs.Create(ctx, bob, org.Input{Name: "Toulouse-Métropole", Description: "x"}, true)
		staff := e.sysadmin(t)
		var wins, settled atomic.Int32
		var wg sync.WaitGroup
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				switch err := e.Orgs.DismissLookalike(ctx, staff, copyOrg.ID, first.ID); {
				case err == nil:
					wins.Add(1)
				case errors.Is(err, org.ErrLookalikeSettled):
					settled.Add(1)
				default:
					t.Errorf("dismiss: %v", err)
				}
			}()
		}
		wg.Wait()
		if wins.Load() != 1 || settled.Load() != 19 {
			t.Fatalf("%d dismissals won, %d told 'settled'", wins.Load(), settled.Load())
		}
		hist, _ := e.Orgs.History(ctx, bob, copyOrg.ID, 50)
		n := 0
		for _, h := range hist {
			if h.Kind == "org.lookalike_dismissed" {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%d dismissals in the history, want 1", n)
		}
	})
}

// TestLookalikeSettledByDeletion: deleting either organization of a pair
// takes it off the queue.
func TestLookalikeSettledByDeletion(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice, bob, carol, support := e.user(t, "alice"), e.user(t, "bob"), e.user(t, "carol"), e.sysadmin(t)
		first := e.org(t, alice, "Nantes Métropole")
		copy1, _ := e.Orgs.Create(ctx, bob, org.Input{Name: "Nantes-Métropole", Description: "x"}, true)
		copy2, _ := e.Orgs.Create(ctx, carol, org.Input{Name: "nantes metropole", Description: "x"}, true)
		if q, _ := e.Orgs.Lookalikes(ctx, support); len(q) != 3 { // copy1~first, copy2~first, copy2~copy1
			t.Fatalf("queue: %d pairs, want 3", len(q))
		}
		if err := e.Orgs.Delete(ctx, support, copy1.ID); err != nil {
			t.Fatal(err)
		}
		q, _ := e.Orgs.Lookalikes(ctx, support)
		if len(q) != 1 || q[0].Org.ID != copy2.ID || q[0].Like.ID != first.ID {
			t.Fatalf("after deleting a copy: %+v", q)
		}
		if err := e.Orgs.Delete(ctx, alice, first.ID); err != nil {
			t.Fatal(err)
		}
		if q, _ := e.Orgs.Lookalikes(ctx, support); len(q) != 0 {
			t.Fatalf("after deleting the original: %+v", q)
		}
	})
}

// TestConcurrentLookalikesReachSupport: creations of one organization at
// once (the API creates look-alikes without asking) each see the ones
// committed before them, so every later one is flagged: none slips past
// support because its twin had not committed when it looked.
func TestConcurrentLookalikesReachSupport(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		support := e.sysadmin(t)
		const n = 6
		users := make([]account.User, n)
		for i := range users {
			users[i] = e.user(t, fmt.Sprintf("u%d", i))
		}
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for _, u := range users {
			wg.Go(func() {
				_, err := e.Orgs.Create(ctx, u, org.Input{Name: "Syndicat des mobilités", Description: "x"}, true)
				errs <- err
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		pairs, err := e.Orgs.Lookalikes(ctx, support)
		if err != nil {
			t.Fatal(err)
		}
		flagged := map[string]bool{}
		for _, p := range pairs {
			flagged[p.Org.ID] = true
		}
		if len(flagged) != n-1 {
			t.Fatalf("%d of the %d later creations reached support, want all", len(flagged), n-1)
		}
	})
}
