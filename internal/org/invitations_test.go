package org_test

import (
	"errors"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

func TestInvitationExpires(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		now := time.Now()
		e := newEnv(t, db, func() time.Time { return now })
		alice, bob := e.user(t, "alice"), e.user(t, "bob")
		o := e.org(t, alice, "Grenoble-Alpes Métropole")
		r, err := e.Orgs.Invite(ctx, alice, o.ID, org.Invite{Email: bob.Email, Role: org.RoleAdmin})
		if err != nil || r.UserID != bob.ID {
			t.Fatalf("inviting an account's address invites the account: %+v %v", r, err)
		}
		now = now.Add(org.DefaultInvitationTTL + time.Minute)
		if list, _ := e.Orgs.Invitations(ctx, bob); len(list) != 0 {
			t.Fatalf("expired invitation listed")
		}
		if _, err := e.Orgs.AnswerInvitation(ctx, bob, r.ID, true); !errors.Is(err, org.ErrExpired) {
			t.Fatalf("accepting an expired invitation: %v", err)
		}
		if _, err := e.Orgs.Invite(ctx, bob, o.ID, org.Invite{Email: "x@example.org"}); !errors.Is(err, org.ErrForbidden) {
			t.Fatalf("a non-admin invites: %v", err)
		}
	})
}

func TestInvitationAnswersAreTold(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice, bob := e.user(t, "alice"), e.user(t, "bob")
		o := e.org(t, alice, "Lille Métropole")
		r, _ := e.Orgs.Invite(ctx, alice, o.ID, org.Invite{UserID: bob.ID})
		before := mailsTo(t, db, alice.Email)
		if _, err := e.Orgs.AnswerInvitation(ctx, bob, r.ID, true); err != nil {
			t.Fatal(err)
		}
		if mailsTo(t, db, alice.Email) != before+1 {
			t.Fatal("the inviter was not told")
		}
		r2, _ := e.Orgs.Invite(ctx, alice, o.ID, org.Invite{Email: "someone@example.org"})
		if err := e.Orgs.CancelInvitation(ctx, alice, o.ID, r2.ID); err != nil {
			t.Fatal(err)
		}
		if mailsTo(t, db, "someone@example.org") != 2 { // the invitation, then its cancellation
			t.Fatal("the invitee was not told of the cancellation")
		}
	})
}

// TestOneInvitationPerPerson: one pending invitation per person, whether
// it names an address (in any case) or the account that address has since
// opened; a member is never invited.
func TestOneInvitationPerPerson(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice, bob := e.user(t, "alice"), e.user(t, "bob")
		o := e.org(t, alice, "Grenoble-Alpes Métropole")
		e.member(t, alice, bob, o, org.RoleEditor)
		if _, err := e.Orgs.Invite(ctx, alice, o.ID, org.Invite{Email: "lea@example.org"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Orgs.Invite(ctx, alice, o.ID, org.Invite{Email: "Lea@Example.org"}); err == nil {
			t.Fatal("a second invitation of one address")
		} else {
			fieldErr(t, err, "email", "invite.pending")
		}
		lea, err := e.Accounts.CreateUser(ctx, account.NewUser{Email: "lea@example.org", FirstName: "Léa", LastName: "Test",
			Password: "Secret123", Confirmed: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.Orgs.Invite(ctx, alice, o.ID, org.Invite{UserID: lea.ID}); err == nil {
			t.Fatal("the account of an invited address is invited again")
		} else {
			fieldErr(t, err, "user", "invite.pending")
		}
		if _, err := e.Orgs.Invite(ctx, alice, o.ID, org.Invite{UserID: bob.ID}); err == nil {
			t.Fatal("a member is invited")
		} else {
			fieldErr(t, err, "user", "invite.member")
		}
	})
}
