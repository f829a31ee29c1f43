package catalog_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
	"github.com/socle-portal/socle/internal/validate"
)

// TestTransfer_onlyAdminsGiveAway: editors and partial editors may edit an
// organization's dataset but not give it away, to themselves or anyone.
func TestTransfer_onlyAdminsGiveAway(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		x := e.orgWithRoles(t, "Métropole")
		other, support := e.user(t, "other", false), e.user(t, "support", true)
		for _, u := range []account.User{x.editor, x.partial, other} {
			if _, err := e.Catalog.RequestTransfer(ctx, u, x.d.ID, "", u.ID, ""); !errors.Is(err, catalog.ErrForbidden) {
				t.Errorf("%s asks the dataset for themself: %v, want ErrForbidden", u.FirstName, err)
			}
		}
		if _, err := e.Catalog.RequestTransfer(ctx, x.admin, x.d.ID, "", other.ID, ""); err != nil {
			t.Errorf("the admin gives it away: %v", err)
		}
		if _, err := e.Catalog.RequestTransfer(ctx, support, x.d.ID, "", other.ID, ""); err != nil {
			t.Errorf("a sysadmin gives it away: %v", err)
		}
		mine, err := e.Catalog.Create(ctx, other, input("Mes relevés", ""))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.Catalog.RequestTransfer(ctx, x.admin, mine.ID, x.o.ID, "", ""); !errors.Is(err, catalog.ErrForbidden) {
			t.Errorf("someone gives away another's personal dataset: %v", err)
		}
		if _, err := e.Catalog.RequestTransfer(ctx, other, mine.ID, x.o.ID, "", ""); err != nil {
			t.Errorf("the owner gives away their dataset: %v", err)
		}
		hidden := input("Interne", x.o.ID)
		hidden.Private = true
		h, _ := e.Catalog.Create(ctx, x.admin, hidden)
		var v *validate.Errors
		if _, err := e.Catalog.RequestTransfer(ctx, other, h.ID, "", other.ID, ""); !errors.As(err, &v) || v.Fields["subject"] == nil {
			t.Errorf("a hidden dataset is an unknown subject: %v", err)
		}
	})
}

// TestTransfer_requesterNeverAccepts: whoever asked may not accept, even
// when they answer for the receiving side; they may withdraw.
func TestTransfer_requesterNeverAccepts(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		x := e.orgWithRoles(t, "Métropole")
		support, support2 := e.user(t, "support", true), e.user(t, "support", true)
		// The admin of both organizations asks.
		b, err := e.Orgs.Create(ctx, x.admin, org.Input{Name: "Région", Description: "d"}, true)
		if err != nil {
			t.Fatal(err)
		}
		second := e.user(t, "second", false)
		e.join(t, x.admin, second, b, org.RoleAdmin)
		toB, err := e.Catalog.RequestTransfer(ctx, x.admin, x.d.ID, b.ID, "", "")
		if err != nil {
			t.Fatal(err)
		}
		toSelf, err := e.Catalog.RequestTransfer(ctx, x.admin, x.d.ID, "", x.admin.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		bySupport, err := e.Catalog.RequestTransfer(ctx, support, x.d.ID, "", support.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			who account.User
			tr  catalog.Transfer
		}{{x.admin, toB}, {x.admin, toSelf}, {support, bySupport}} {
			if _, err := e.Catalog.AnswerTransfer(ctx, c.who, c.tr.ID, true); !errors.Is(err, catalog.ErrOwnTransfer) {
				t.Errorf("%s accepts their own transfer: %v, want ErrOwnTransfer", c.who.FirstName, err)
			}
		}
		if _, err := e.Catalog.AnswerTransfer(ctx, x.editor, toB.ID, false); !errors.Is(err, catalog.ErrForbidden) {
			t.Errorf("a stranger to the transfer refuses it: %v", err)
		}
		if tr, err := e.Catalog.AnswerTransfer(ctx, x.admin, toSelf.ID, false); err != nil || tr.Status != "refused" {
			t.Errorf("the requester withdraws: %+v %v", tr, err)
		}
		if _, err := e.Catalog.AnswerTransfer(ctx, support2, bySupport.ID, false); err != nil {
			t.Errorf("another sysadmin refuses: %v", err)
		}
		if _, err := e.Catalog.AnswerTransfer(ctx, second, toB.ID, true); err != nil {
			t.Fatalf("another admin of the recipient accepts: %v", err)
		}
		if d, _ := e.Catalog.Get(ctx, x.admin, x.d.ID); d.OrgID != b.ID {
			t.Errorf("the dataset did not move: %+v", d)
		}
	})
}

// TestTransfer_stale: of two pending transfers of one dataset, accepting
// one makes the other fail, and so does deleting the dataset.
func TestTransfer_stale(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		x := e.orgWithRoles(t, "Métropole")
		bob, carol := e.user(t, "bob", false), e.user(t, "carol", false)
		toBob, err := e.Catalog.RequestTransfer(ctx, x.admin, x.d.ID, "", bob.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		toCarol, err := e.Catalog.RequestTransfer(ctx, x.admin, x.d.ID, "", carol.ID, "")
		if err != nil {
			t.Fatalf("a second pending transfer: %v", err)
		}
		if _, err := e.Catalog.AnswerTransfer(ctx, bob, toBob.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Catalog.AnswerTransfer(ctx, bob, toBob.ID, true); !errors.Is(err, catalog.ErrTransferHandled) {
			t.Errorf("answering twice: %v", err)
		}
		if list, _ := e.Catalog.Transfers(ctx, carol); len(list) != 0 {
			t.Errorf("a stale transfer is offered: %+v", list)
		}
		if _, err := e.Catalog.AnswerTransfer(ctx, carol, toCarol.ID, true); !errors.Is(err, catalog.ErrTransferStale) {
			t.Errorf("accepting a stale transfer: %v", err)
		}
		if tr, _ := e.Catalog.TransferOf(ctx, carol, toCarol.ID); tr.Status != "pending" {
			t.Errorf("the failed accept changed the transfer: %+v", tr)
		}
		// Deleted since the request: stale too.
		back, err := e.Catalog.RequestTransfer(ctx, bob, x.d.ID, x.o.ID, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if err := e.Catalog.Delete(ctx, bob, x.d.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Catalog.AnswerTransfer(ctx, x.admin, back.ID, true); !errors.Is(err, catalog.ErrTransferStale) {
			t.Errorf("accepting the transfer of a deleted dataset: %v", err)
		}
	})
}

// TestTransfer_concurrentAccepts: two recipients accept their transfers of
// one dataset at the same moment; exactly one wins, and owns the dataset.
func TestTransfer_concurrentAccepts(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		x := e.orgWithRoles(t, "Métropole")
		bob, carol := e.user(t, "bob", false), e.user(t, "carol", false)
		for round := range 15 {
			d, err := e.Catalog.Create(ctx, x.admin, input("Tour", x.o.ID))
			if err != nil {
				t.Fatal(err)
			}
			takers := []account.User{bob, carol}
			ts := make([]catalog.Transfer, 2)
			for i, u := range takers {
				if ts[i], err = e.Catalog.RequestTransfer(ctx, x.admin, d.ID, "", u.ID, ""); err != nil {
					t.Fatal(err)
				}
			}
			errs := make([]error, 2)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for i, u := range takers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					<-start
					_, errs[i] = e.Catalog.AnswerTransfer(ctx, u, ts[i].ID, true)
				}()
			}
			close(start)
			wg.Wait()
			winner := -1
			for i, err := range errs {
				switch {
				case err == nil && winner < 0:
					winner = i
				case err == nil:
					t.Fatalf("round %d: both transfers accepted", round)
				case !errors.Is(err, catalog.ErrTransferStale):
					t.Fatalf("round %d: %v", round, err)
				}
			}
			if winner < 0 {
				t.Fatalf("round %d: no transfer accepted: %v", round, errs)
			}
			got, err := e.Catalog.Get(ctx, takers[winner], d.ID)
			if err != nil || got.OwnerID != takers[winner].ID || got.OrgID != "" {
				t.Fatalf("round %d: owner %q org %q, want %s: %v", round, got.OwnerID, got.OrgID, takers[winner].FirstName, err)
			}
		}
	})
}

// TestTransfer_requesterLostTheRight: an admin asks to give a dataset away,
// then stops being an admin; the transfer no longer stands.
func TestTransfer_requesterLostTheRight(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		x := e.orgWithRoles(t, "Métropole")
		bob := e.user(t, "bob", false)
		tr, err := e.Catalog.RequestTransfer(ctx, x.admin, x.d.ID, "", bob.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.Orgs.SetRole(ctx, x.admin, x.o.ID, x.editor.ID, org.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Orgs.SetRole(ctx, x.editor, x.o.ID, x.admin.ID, org.RoleEditor); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Catalog.AnswerTransfer(ctx, bob, tr.ID, true); !errors.Is(err, catalog.ErrTransferStale) {
			t.Fatalf("accepting the transfer of a demoted admin: %v, want ErrTransferStale", err)
		}
	})
}

// TestTransfer_recipientGone: the receiving organization was deleted since
// the transfer was asked for; accepting it would move the dataset into a
// deleted organization.
func TestTransfer_recipientGone(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		x := e.orgWithRoles(t, "Métropole")
		bob := e.user(t, "bob", false)
		y, err := e.Orgs.Create(ctx, bob, org.Input{Name: "Région", Description: "d"}, true)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := e.Catalog.RequestTransfer(ctx, x.admin, x.d.ID, y.ID, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if err := e.Orgs.Delete(ctx, bob, y.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Catalog.AnswerTransfer(ctx, bob, tr.ID, true); !errors.Is(err, catalog.ErrTransferStale) {
			t.Fatalf("accepting a transfer to a deleted organization: %v, want ErrTransferStale", err)
		}
	})
}
