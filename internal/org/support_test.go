package org_test

import (
	"errors"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
	"github.com/socle-portal/socle/internal/testenv"
)

func TestEscalation(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		now := time.Now().UTC()
		e := newEnv(t, db, func() time.Time { return now })
		alice, bob, carol, support := e.user(t, "alice"), e.user(t, "bob"), e.user(t, "carol"), e.sysadmin(t)
		active := e.org(t, alice, "Métropole active")
		rb, _, _ := e.Orgs.Ask(ctx, bob, active.ID, "bonjour")

		// Nothing to escalate yet: the admin was made admin just now.
		if n, err := e.Orgs.Escalate(ctx); err != nil || n != 0 {
			t.Fatalf("fresh request escalated: %d %v", n, err)
		}
		if _, err := e.Orgs.SupportQueue(ctx, alice); !errors.Is(err, org.ErrForbidden) {
			t.Fatalf("a non-sysadmin reads the queue: %v", err)
		}
		// Asking support too early is refused; after the delay it works.
		if err := e.Orgs.AskSupport(ctx, bob, active.ID, rb.ID); !errors.Is(err, org.ErrTooEarly) {
			t.Fatalf("asking support at once: %v", err)
		}
		now = now.Add(3*24*time.Hour + time.Minute)
		if err := e.Orgs.AskSupport(ctx, carol, active.ID, rb.ID); !errors.Is(err, org.ErrForbidden) {
			t.Fatalf("someone else asks support: %v", err)
		}
		if err := e.Orgs.AskSupport(ctx, bob, active.ID, rb.ID); err != nil {
			t.Fatal(err)
		}
		// A request left pending past the delay is escalated by the job.
		rc, _, _ := e.Orgs.Ask(ctx, carol, active.ID, "bonjour")
		now = now.Add(7*24*time.Hour + time.Minute)
		if n, err := e.Orgs.Escalate(ctx); err != nil || n != 1 {
			t.Fatalf("stale request: %d escalated, %v", n, err)
		}
		if n, _ := e.Orgs.Escalate(ctx); n != 0 {
			t.Fatal("escalated twice")
		}
		q, err := e.Orgs.SupportQueue(ctx, support)
		if err != nil || len(q) != 2 {
			t.Fatalf("queue: %d %v", len(q), err)
		}
		why := map[string]string{}
		for _, it := range q {
			why[it.ID] = it.EscalationWhy
		}
		if why[rb.ID] != org.EscalateAsked || why[rc.ID] != org.EscalateStale {
			t.Fatalf("reasons: %v", why)
		}
		// Support acts on the organization's behalf, and the history says so.
		if _, err := e.Orgs.Accept(ctx, support, active.ID, rc.ID, ""); err != nil {
			t.Fatal(err)
		}
		hist, _ := e.Orgs.History(ctx, alice, active.ID, 1)
		if hist[0].Kind != "request.accepted" || !hist[0].Support || hist[0].ActorID != support.ID {
			t.Fatalf("history: %+v", hist[0])
		}
		notes, _, _ := e.Orgs.Notifications(ctx, bob, org.AllNotices, 1, 10)
		if len(notes) != 1 || notes[0].Kind != org.NotifyEscalated {
			t.Fatalf("requester told: %+v", notes)
		}
	})
}

func TestEscalationWhenAdminsAreGone(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		now := time.Now().UTC()
		e := newEnv(t, db, func() time.Time { return now })
		alice, bob := e.user(t, "alice"), e.user(t, "bob")
		o := e.org(t, alice, "Commune endormie")
		now = now.Add(91 * 24 * time.Hour) // the admin has not been seen since
		e.Orgs.Ask(ctx, bob, o.ID, "bonjour")
		if n, err := e.Orgs.Escalate(ctx); err != nil || n != 1 {
			t.Fatalf("request to an organization without active admin: %d %v", n, err)
		}
		// Once the admin shows up again, new requests wait for them.
		if _, _, err := e.Accounts.Login(ctx, alice.Email, "Secret123", "", account.Meta{}); err != nil {
			t.Fatal(err)
		}
		carol := e.user(t, "carol")
		e.Orgs.Ask(ctx, carol, o.ID, "bonjour")
		if n, _ := e.Orgs.Escalate(ctx); n != 0 {
			t.Fatalf("escalated although an admin is active (%d)", n)
		}
	})
}

// TestEscalation_tellsSupportAndAdmins: a request that reaches support is
// e-mailed to the support address, and each admin of the organization is
// told in the app and by e-mail, the requester's name in words.
func TestEscalation_tellsSupportAndAdmins(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		now := time.Now().UTC()
		e := newEnv(t, db, func() time.Time { return now })
		alice, bob := e.user(t, "alice"), e.user(t, "bob")
		o := e.org(t, alice, "Métropole du Grand Paris")
		r, _, _ := e.Orgs.Ask(ctx, bob, o.ID, "bonjour")
		supportBefore, aliceBefore := mailsTo(t, db, testenv.SupportEmail), mailsTo(t, db, alice.Email)
		now = now.Add(3*24*time.Hour + time.Minute)
		if err := e.Orgs.AskSupport(ctx, bob, o.ID, r.ID); err != nil {
			t.Fatal(err)
		}
		if n := mailsTo(t, db, testenv.SupportEmail); n != supportBefore+1 {
			t.Errorf("%d mails to the support address, want %d", n, supportBefore+1)
		}
		if n := mailsTo(t, db, alice.Email); n != aliceBefore+1 {
			t.Errorf("%d mails to the admin, want %d", n, aliceBefore+1)
		}
		notes, _, _ := e.Orgs.Notifications(ctx, alice, org.AllNotices, 1, 10)
		told := false
		for _, n := range notes {
			told = told || (n.Kind == org.NotifyEscalated && n.OtherUserID == bob.ID)
		}
		if !told {
			t.Errorf("the admin has no notice of the escalation: %+v", notes)
		}
	})
}
