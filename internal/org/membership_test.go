package org_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

func TestAskOncePerUser(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice, bob := e.user(t, "alice"), e.user(t, "bob")
		o := e.org(t, alice, "Métropole du Grand Paris")
		_, _, err := e.Orgs.Ask(ctx, bob, o.ID, "  ")
		fieldErr(t, err, "comment", "required")
		r1, created, err := e.Orgs.Ask(ctx, bob, o.ID, "Je suis le référent SIG")
		if err != nil || !created || r1.Status != org.StatusPending || r1.Role != org.RoleEditor {
			t.Fatalf("ask: %+v %v %v", r1, created, err)
		}
		r2, created, err := e.Orgs.Ask(ctx, bob, o.ID, "Nouveau message")
		if err != nil || created || r2.ID != r1.ID || r2.Comment != "Nouveau message" {
			t.Fatalf("ask again: %+v %v %v", r2, created, err)
		}
		if _, _, err := e.Orgs.Ask(ctx, alice, o.ID, "moi"); !errors.Is(err, org.ErrAlreadyMember) {
			t.Fatalf("a member asks: %v", err)
		}
		unconfirmed, _ := e.Accounts.CreateUser(ctx, account.NewUser{Email: "u@example.org", FirstName: "U", LastName: "U", Password: "Secret123"})
		if _, _, err := e.Orgs.Ask(ctx, unconfirmed, o.ID, "hello"); !errors.Is(err, org.ErrUnconfirmed) {
			t.Fatalf("unconfirmed asks: %v", err)
		}
		// Concurrent asks by one user still make one request.
		carol := e.user(t, "carol")
		var wg sync.WaitGroup
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, _, err := e.Orgs.Ask(ctx, carol, o.ID, "vite"); err != nil {
					t.Errorf("concurrent ask: %v", err)
				}
			}()
		}
		wg.Wait()
		reqs, _ := e.Orgs.Requests(ctx, alice, o.ID, org.StatusPending, carol.ID)
		if len(reqs) != 1 {
			t.Fatalf("%d pending requests from one user, want 1", len(reqs))
		}
	})
}

func TestRequestsVisibility(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice, bob, carol, dan := e.user(t, "alice"), e.user(t, "bob"), e.user(t, "carol"), e.user(t, "dan")
		o := e.org(t, alice, "Île-de-France Mobilités")
		e.member(t, alice, dan, o, org.RoleEditor)
		e.Orgs.Ask(ctx, bob, o.ID, "bonjour")
		e.Orgs.Ask(ctx, carol, o.ID, "bonjour")
		if list, err := e.Orgs.Requests(ctx, alice, o.ID, "", ""); err != nil || len(list) != 3 {
			t.Fatalf("admin lists: %d %v", len(list), err)
		}
		if _, err := e.Orgs.Requests(ctx, dan, o.ID, "", ""); !errors.Is(err, org.ErrForbidden) {
			t.Fatalf("editor lists: %v", err)
		}
		if list, err := e.Orgs.Requests(ctx, bob, o.ID, "", bob.ID); err != nil || len(list) != 1 {
			t.Fatalf("own requests: %d %v", len(list), err)
		}
		if _, err := e.Orgs.Requests(ctx, bob, o.ID, "", carol.ID); !errors.Is(err, org.ErrForbidden) {
			t.Fatalf("someone else's requests: %v", err)
		}
	})
}

func TestAcceptRefuseCancel(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice, bob, carol, dan := e.user(t, "alice"), e.user(t, "bob"), e.user(t, "carol"), e.user(t, "dan")
		o := e.org(t, alice, "Nantes Métropole")
		rb, _, _ := e.Orgs.Ask(ctx, bob, o.ID, "SIG")
		rc, _, _ := e.Orgs.Ask(ctx, carol, o.ID, "Exploitant")
		rd, _, _ := e.Orgs.Ask(ctx, dan, o.ID, "Moi")
		if _, err := e.Orgs.Accept(ctx, carol, o.ID, rb.ID, ""); !errors.Is(err, org.ErrForbidden) {
			t.Fatalf("a non-admin accepts: %v", err)
		}
		if _, err := e.Orgs.Accept(ctx, alice, o.ID, "unknown", ""); !errors.Is(err, org.ErrNotFound) {
			t.Fatalf("unknown id: %v", err)
		}
		if _, err := e.Orgs.Accept(ctx, alice, o.ID, rb.ID, "owner"); err == nil {
			t.Fatal("unknown role accepted")
		}
		m, err := e.Orgs.Accept(ctx, alice, o.ID, rb.ID, "")
		if err != nil || m.Role != org.RoleEditor || m.User.ID != bob.ID {
			t.Fatalf("accept: %+v %v", m, err)
		}
		// udata: accepting a member's request again is a conflict, with the member
		if m, err := e.Orgs.Accept(ctx, alice, o.ID, rb.ID, ""); !errors.Is(err, org.ErrAlreadyMember) || m.User.ID != bob.ID {
			t.Fatalf("accept twice: %+v %v", m, err)
		}
		err = e.Orgs.Refuse(ctx, alice, o.ID, rc.ID, " ")
		fieldErr(t, err, "comment", "required")
		if err := e.Orgs.Refuse(ctx, alice, o.ID, rc.ID, "Vous n'êtes pas de la métropole"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Orgs.Accept(ctx, alice, o.ID, rc.ID, ""); !errors.Is(err, org.ErrAlreadyHandled) {
			t.Fatalf("accept a refused request: %v", err)
		}
		if err := e.Orgs.CancelRequest(ctx, alice, o.ID, rd.ID); !errors.Is(err, org.ErrForbidden) {
			t.Fatalf("someone else cancels: %v", err)
		}
		if err := e.Orgs.CancelRequest(ctx, dan, o.ID, rd.ID); err != nil {
			t.Fatal(err)
		}
		reqs, _ := e.Orgs.Requests(ctx, alice, o.ID, "", "")
		status := map[string]org.RequestStatus{}
		for _, r := range reqs {
			status[r.UserID] = r.Status
			if r.UserID == carol.ID && r.RefusalComment == "" {
				t.Error("refusal reason not kept")
			}
		}
		if status[bob.ID] != org.StatusAccepted || status[carol.ID] != org.StatusRefused || status[dan.ID] != org.StatusCanceled {
			t.Fatalf("statuses: %v", status)
		}
		// Notifications: one request notice per admin and request, one answer each.
		an, _, _ := e.Orgs.Notifications(ctx, alice, org.AllNotices, 1, 50)
		if len(an) != 3 || an[0].Kind != org.NotifyRequest {
			t.Fatalf("admin notifications: %+v", an)
		}
		if c, _ := e.Orgs.UnreadCount(ctx, alice); c != 0 {
			t.Fatalf("%d notices of handled requests still wait for the admin", c)
		}
		bn, _, _ := e.Orgs.Notifications(ctx, bob, org.UnreadNotices, 1, 50)
		cn, _, _ := e.Orgs.Notifications(ctx, carol, org.UnreadNotices, 1, 50)
		if len(bn) != 1 || bn[0].Kind != org.NotifyAccepted || len(cn) != 1 || cn[0].Kind != org.NotifyRefused || cn[0].Comment == "" {
			t.Fatalf("requester notifications: %+v / %+v", bn, cn)
		}
		if _, err := e.Orgs.MarkRead(ctx, carol, bn[0].ID); !errors.Is(err, org.ErrNotFound) {
			t.Fatalf("marking someone else's notice: %v", err)
		}
		if n, err := e.Orgs.MarkRead(ctx, bob, bn[0].ID); err != nil || n.ReadAt.IsZero() {
			t.Fatalf("mark read: %v", err)
		}
		if c, _ := e.Orgs.UnreadCount(ctx, bob); c != 0 {
			t.Fatalf("unread after reading: %d", c)
		}
		if n := mailsTo(t, db, alice.Email); n != 3 {
			t.Fatalf("%d mails to the admin, want 3", n)
		}
	})
}

func mailsTo(t *testing.T, db *sqldb.DB, to string) int {
	n := 0
	for _, m := range testdb.Mails(t, db) {
		if m.To == to {
			n++
		}
	}
	return n
}

// TestRequestHandledOnce: many admins answer one request at once; exactly
// one answer wins, with one membership and one notice.
func TestRequestHandledOnce(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice, bob, carol := e.user(t, "alice"), e.user(t, "bob"), e.user(t, "carol")
		o := e.org(t, alice, "Toulouse Métropole")
		e.member(t, alice, bob, o, org.RoleAdmin)
		r, _, _ := e.Orgs.Ask(ctx, carol, o.ID, "bonjour")
		var wins, handled atomic.Int32
		var wg sync.WaitGroup
		for i := range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				admin := []account.User{alice, bob}[i%2]
				var err error
				if i%3 == 0 {
					err = e.Orgs.Refuse(ctx, admin, o.ID, r.ID, "non")
				} else {
					_, err = e.Orgs.Accept(ctx, admin, o.ID, r.ID, "")
				}
				switch {
				case err == nil:
					wins.Add(1)
				case errors.Is(err, org.ErrAlreadyHandled), errors.Is(err, org.ErrAlreadyMember):
					handled.Add(1)
				default:
					t.Errorf("answer: %v", err)
				}
			}()
		}
		wg.Wait()
		if wins.Load() != 1 || handled.Load() != 49 {
			t.Fatalf("%d answers won, %d told 'already handled'", wins.Load(), handled.Load())
		}
		notes, _, _ := e.Orgs.Notifications(ctx, carol, org.AllNotices, 1, 50)
		if len(notes) != 1 {
			t.Fatalf("%d notices to the requester, want 1", len(notes))
		}
	})
}

func TestLastAdmin(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice, bob := e.user(t, "alice"), e.user(t, "bob")
		o := e.org(t, alice, "Métropole du Grand Paris")
		e.member(t, alice, bob, o, org.RoleEditor)
		var last *org.LastAdminError
		acts := map[string]func() error{
			"demote": func() error { _, err := e.Orgs.SetRole(ctx, alice, o.ID, alice.ID, org.RoleEditor); return err },
			"remove": func() error { return e.Orgs.RemoveMember(ctx, alice, o.ID, alice.ID) },
			"delete account": func() error {
				return e.Accounts.DeleteAccount(ctx, alice, "Secret123", account.Meta{})
			},
		}
		for name, act := range acts {
			if err := act(); !errors.As(err, &last) {
				t.Errorf("%s: %v, want LastAdminError", name, err)
			}
		}
		if err := e.Accounts.DeleteAccount(ctx, alice, "Secret123", account.Meta{}); err == nil ||
			!errors.As(err, &last) || len(last.Orgs) != 1 {
			t.Fatalf("the refusal must name the organization: %v", err)
		}
		// Promote someone first, then leaving works.
		if _, err := e.Orgs.SetRole(ctx, alice, o.ID, bob.ID, org.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		if err := e.Orgs.RemoveMember(ctx, alice, o.ID, alice.ID); err != nil {
			t.Fatalf("leave after promoting: %v", err)
		}
		if err := e.Orgs.RemoveMember(ctx, bob, o.ID, "nobody"); !errors.Is(err, org.ErrNotMember) {
			t.Fatalf("remove a non-member: %v", err)
		}
		// A deleted account leaves its organizations.
		carol := e.user(t, "carol")
		e.member(t, bob, carol, o, org.RoleEditor)
		if err := e.Accounts.DeleteAccount(ctx, carol, "Secret123", account.Meta{}); err != nil {
			t.Fatal(err)
		}
		if ms, _ := e.Orgs.Members(ctx, o.ID); len(ms) != 1 {
			t.Fatalf("%d members after an editor deleted their account, want 1", len(ms))
		}
	})
}

// TestMutualDemotion: two admins demote each other at the same time; one
// must be refused.
func TestMutualDemotion(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		for round := range 10 {
			alice, bob := e.user(t, "alice"), e.user(t, "bob")
			o := e.org(t, alice, "Org "+string(rune('A'+round)))
			e.member(t, alice, bob, o, org.RoleAdmin)
			var wg sync.WaitGroup
			wg.Add(2)
			go func() { defer wg.Done(); e.Orgs.SetRole(ctx, alice, o.ID, bob.ID, org.RoleEditor) }()
			go func() { defer wg.Done(); e.Orgs.SetRole(ctx, bob, o.ID, alice.ID, org.RoleEditor) }()
			wg.Wait()
			if n := admins(t, e, o.ID); n != 1 {
				t.Fatalf("round %d: %d admins after mutual demotion, want 1", round, n)
			}
		}
	})
}

func admins(t *testing.T, e *env, orgID string) int {
	ms, err := e.Orgs.Members(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range ms {
		if m.Role == org.RoleAdmin {
			n++
		}
	}
	return n
}

// TestNoSequenceLeavesZeroAdmins applies random membership operations by
// random members, concurrently, and checks after each round that the
// organization still has an admin.
func TestNoSequenceLeavesZeroAdmins(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		rng := rand.New(rand.NewPCG(1, 2))
		founder := e.user(t, "founder")
		o := e.org(t, founder, "Aléatoire")
		people := []account.User{founder}
		for range 5 {
			u := e.user(t, "member")
			e.member(t, founder, u, o, org.RoleAdmin)
			people = append(people, u)
		}
		roles := []org.Role{org.RoleAdmin, org.RoleEditor, org.RolePartialEditor}
		for round := range 30 {
			var wg sync.WaitGroup
			for range 4 {
				actor, target := people[rng.IntN(len(people))], people[rng.IntN(len(people))]
				op, role := rng.IntN(3), roles[rng.IntN(len(roles))]
				wg.Add(1)
				go func() {
					defer wg.Done()
					switch op {
					case 0:
						e.Orgs.SetRole(ctx, actor, o.ID, target.ID, role)
					case 1:
						e.Orgs.RemoveMember(ctx, actor, o.ID, target.ID)
					case 2:
						if r, _, err := e.Orgs.Ask(ctx, target, o.ID, "retour"); err == nil {
							e.Orgs.Accept(ctx, actor, o.ID, r.ID, role)
						}
					}
				}()
			}
			wg.Wait()
			if n := admins(t, e, o.ID); n < 1 {
				t.Fatalf("round %d: the organization has no admin", round)
			}
		}
	})
}

func TestBadgesAreForSysadmins(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice, support := e.user(t, "alice"), e.sysadmin(t)
		o := e.org(t, alice, "Région Bretagne")
		if _, err := e.Orgs.AddBadge(ctx, alice, o.ID, "certified"); !errors.Is(err, org.ErrForbidden) {
			t.Fatalf("an admin grants a badge: %v", err)
		}
		if _, err := e.Orgs.AddBadge(ctx, support, o.ID, "gold"); err == nil {
			t.Fatal("unknown badge accepted")
		}
		for range 2 {
			if _, err := e.Orgs.AddBadge(ctx, support, o.ID, "local-authority"); err != nil {
				t.Fatal(err)
			}
		}
		got, _ := e.Orgs.Get(ctx, o.ID)
		if len(got.Badges) != 1 {
			t.Fatalf("badges: %v", got.Badges)
		}
		found, _ := e.Orgs.Search(ctx, org.Query{Badge: "local-authority", Page: 1, PageSize: 10})
		list := found.Items
		if len(list) != 1 {
			t.Fatalf("badge filter: %d", len(list))
		}
		notes, _, _ := e.Orgs.Notifications(ctx, alice, org.AllNotices, 1, 10)
		if len(notes) != 1 || notes[0].Kind != org.NotifyBadge {
			t.Fatalf("members told once: %+v", notes)
		}
		hist, err := e.Orgs.History(ctx, support, o.ID, 10)
		if err != nil || len(hist) == 0 || hist[0].Kind != "badge.added" || !hist[0].Support {
			t.Fatalf("history must log support's act: %+v %v", hist, err)
		}
		if err := e.Orgs.RemoveBadge(ctx, support, o.ID, "local-authority"); err != nil {
			t.Fatal(err)
		}
	})
}

func TestRolePermissions(t *testing.T) {
	u := account.User{ID: "u"}
	sys := account.User{ID: "s", Sysadmin: true}
	cases := []struct {
		a                          org.Access
		admin, allDatasets, assign bool
	}{
		{org.Access{User: u, Member: true, Role: org.RoleAdmin}, true, true, true},
		{org.Access{User: u, Member: true, Role: org.RoleEditor}, false, true, true},
		{org.Access{User: u, Member: true, Role: org.RolePartialEditor}, false, false, true},
		{org.Access{User: u}, false, false, false},
		{org.Access{User: sys}, true, true, true},
	}
	for _, c := range cases {
		if c.a.CanAdmin() != c.admin || c.a.CanEditAllDatasets() != c.allDatasets || c.a.CanEditAssigned() != c.assign {
			t.Errorf("%+v: admin %v all %v assigned %v", c.a, c.a.CanAdmin(), c.a.CanEditAllDatasets(), c.a.CanEditAssigned())
		}
	}
}

func TestHealth(t *testing.T) {
	h := org.HealthOf([]org.Member{{Role: org.RoleAdmin, Function: org.FunctionGIS}, {Role: org.RoleEditor, Function: org.FunctionOperator}})
	if !h.SingleAdmin || len(h.MissingFunctions) != 2 {
		t.Fatalf("%+v", h)
	}
}

// TestAccountDeletionKeepsAnAdmin: admins who delete their accounts at the
// same moment, or while others leave, are demoted or removed, must never
// leave an organization without an admin. Deleting an account takes the
// same organization locks as every other change of admins. Each round
// builds two organizations that share their admins (so deletions lock
// several organizations at once) and runs random operations concurrently.
func TestAccountDeletionKeepsAnAdmin(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		rng := rand.New(rand.NewPCG(3, 4))
		roles := []org.Role{org.RoleAdmin, org.RoleEditor, org.RolePartialEditor}
		for round := range 12 {
			people := []account.User{e.user(t, "a"), e.user(t, "b"), e.user(t, "c")}
			orgs := []org.Organization{e.org(t, people[0], fmt.Sprintf("Alpha %d", round)),
				e.org(t, people[0], fmt.Sprintf("Beta %d", round))}
			for _, o := range orgs {
				e.member(t, people[0], people[1], o, org.RoleAdmin)
			}
			e.member(t, people[0], people[2], orgs[0], org.RoleAdmin)
			e.member(t, people[0], people[2], orgs[1], org.RoleEditor) // may be made admin while deleting
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i := range 4 {
				actor, target := people[rng.IntN(3)], people[rng.IntN(3)]
				o, op, role := orgs[rng.IntN(2)], rng.IntN(4), roles[rng.IntN(3)]
				if i < 2 {
					actor, op = people[i], 0 // two admins delete their accounts in every round
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					var err error
					switch op {
					case 0:
						err = e.Accounts.Delete(ctx, actor, account.Meta{})
					case 1:
						err = e.Orgs.RemoveMember(ctx, actor, o.ID, actor.ID) // leave
					case 2:
						_, err = e.Orgs.SetRole(ctx, actor, o.ID, target.ID, role)
					case 3:
						err = e.Orgs.RemoveMember(ctx, actor, o.ID, target.ID)
					}
					var last *org.LastAdminError
					if err != nil && !errors.As(err, &last) && !errors.Is(err, org.ErrNotMember) &&
						!errors.Is(err, org.ErrForbidden) {
						t.Errorf("round %d, operation %d: %v", round, op, err) // a deadlock, say
					}
				}()
			}
			close(start)
			wg.Wait()
			for _, o := range orgs {
				if n := liveAdmins(t, e, o.ID); n < 1 {
					t.Fatalf("round %d: %s has no admin left", round, o.Name)
				}
			}
		}
	})
}

// liveAdmins counts the admins of an organization whose account is live.
func liveAdmins(t *testing.T, e *env, orgID string) int {
	ms, err := e.Orgs.Members(ctx, orgID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, m := range ms {
		u, err := e.Accounts.User(ctx, m.User.ID)
		if err != nil {
			t.Fatal(err)
		}
		if m.Role == org.RoleAdmin && !u.Deleted() {
			n++
		}
	}
	return n
}
