package org_test

import (
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestNoticePreferences: in the app always; by e-mail at once, in a daily
// digest, or not at all, as each user chose per kind.
func TestNoticePreferences(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice, bob, carol := e.user(t, "alice"), e.user(t, "bob"), e.user(t, "carol")
		o := e.org(t, alice, "Préférences")
		if err := e.Accounts.SetNotify(ctx, alice, map[string]string{"requests": "digest"}); err != nil {
			t.Fatal(err)
		}
		if err := e.Accounts.SetNotify(ctx, bob, map[string]string{"answers": "none"}); err != nil {
			t.Fatal(err)
		}
		if err := e.Accounts.SetNotify(ctx, bob, map[string]string{"answers": "sometimes"}); err == nil {
			t.Fatal("unknown mode accepted")
		}
		if err := e.Accounts.SetNotify(ctx, bob, map[string]string{"weather": "none"}); err == nil {
			t.Fatal("unknown category accepted")
		}
		before := mailsTo(t, db, alice.Email)
		rb, _, _ := e.Orgs.Ask(ctx, bob, o.ID, "bonjour")
		e.Orgs.Ask(ctx, carol, o.ID, "salut")
		if mailsTo(t, db, alice.Email) != before {
			t.Fatal("a digest reader got an immediate mail")
		}
		if n, _ := e.Orgs.UnreadCount(ctx, alice); n != 2 {
			t.Fatalf("in-app notices: %d, want 2", n)
		}
		bobBefore := mailsTo(t, db, bob.Email)
		e.Orgs.Accept(ctx, alice, o.ID, rb.ID, "")
		if mailsTo(t, db, bob.Email) != bobBefore {
			t.Fatal("mail sent although the user chose none")
		}
		if n, _ := e.Orgs.UnreadCount(ctx, bob); n != 1 {
			t.Fatal("in-app notice missing for a 'none' user")
		}
		sent, err := e.Orgs.SendDigests(ctx)
		if err != nil || sent != 1 {
			t.Fatalf("digests: %d %v", sent, err)
		}
		ms := testdb.Mails(t, db)
		last := ms[len(ms)-1]
		if last.To != alice.Email || !strings.Contains(last.Text, "bob") || !strings.Contains(last.Text, "carol") {
			t.Fatalf("digest: to %s: %s", last.To, last.Text)
		}
		if sent, _ := e.Orgs.SendDigests(ctx); sent != 0 {
			t.Fatal("digest sent twice")
		}
		u, _ := account.NewStore(db).UserByID(ctx, alice.ID)
		if u.NotifyMode("requests") != account.NotifyDigest || u.NotifyMode("badges") != account.NotifyImmediate {
			t.Fatalf("stored preferences: %v", u.Notify)
		}
	})
}
