package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/follow"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestFollowButtons: an organization's and a dataset's pages show how
// many follow them; a signed-in visitor follows and unfollows with a form
// (CSRF-checked, twice is harmless), a visitor is offered to sign in, and
// a hidden dataset cannot be followed.
func TestFollowButtons(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice, bob := e.signedIn("alice@example.org"), e.signedIn("bob@example.org")
		alice.post("/organizations/new", url.Values{"name": {"Métropole du Grand Paris"}, "description": {"d"}})
		au, _ := account.NewStore(db).UserByEmail(ctx, "alice@example.org")
		bu, _ := account.NewStore(db).UserByEmail(ctx, "bob@example.org")
		o, err := e.Orgs.Get(ctx, "metropole-du-grand-paris")
		if err != nil {
			t.Fatal(err)
		}
		d, err := e.Catalog.Create(ctx, au, catalog.Input{Title: "Horaires", Description: "d", License: "lov2", OrgID: o.ID})
		if err != nil {
			t.Fatal(err)
		}
		draft, err := e.Catalog.Create(ctx, au, catalog.Input{Title: "Brouillon", Description: "d", License: "lov2", OrgID: o.ID, Draft: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			page string
			kind follow.Kind
			id   string
		}{{"/organizations/" + o.Slug, follow.Organization, o.ID}, {"/datasets/" + d.Slug, follow.Dataset, d.ID}} {
			if r := e.browser().get(c.page); !strings.Contains(r.body, "0 abonné") || !strings.Contains(r.body, "Se connecter pour suivre") ||
				strings.Contains(r.body, `id="follow-button"`) {
				t.Errorf("%s to a visitor: no count or sign-in link", c.page)
			}
			if r := e.browser().post(c.page+"/follow", url.Values{}); r.status != 403 {
				t.Errorf("%s: a visitor follows: %d", c.page, r.status)
			}
			if r := bob.do("POST", c.page+"/follow", url.Values{}); r.status != 403 {
				t.Errorf("%s: a follow without the CSRF token: %d", c.page, r.status)
			}
			if r := bob.get(c.page); !strings.Contains(r.body, `action="`+c.page+`/follow"`) || !strings.Contains(r.body, `aria-describedby="followers"`) {
				t.Fatalf("%s: no follow form for a signed-in visitor", c.page)
			}
			for range 2 {
				if r := bob.post(c.page+"/follow", url.Values{}); r.status != 303 || r.header.Get("Location") != c.page+"?done=followed#follow" {
					t.Fatalf("%s follow: %d %s", c.page, r.status, r.header.Get("Location"))
				}
			}
			r := bob.get(c.page + "?done=followed")
			if !strings.Contains(r.body, "1 abonné") || !strings.Contains(r.body, `action="`+c.page+`/unfollow"`) || !strings.Contains(r.body, `id="done"`) {
				t.Errorf("%s once followed: no count, unfollow form or notice", c.page)
			}
			if n, on, _ := e.Follows.State(ctx, bu.ID, follow.Target{Kind: c.kind, ID: c.id}); n != 1 || !on {
				t.Errorf("%s: %d followers, following %v", c.page, n, on)
			}
			if r := alice.get(c.page); !strings.Contains(r.body, "1 abonné") || !strings.Contains(r.body, `action="`+c.page+`/follow"`) {
				t.Errorf("%s: another member sees bob's follow as theirs", c.page)
			}
			for range 2 {
				if r := bob.post(c.page+"/unfollow", url.Values{}); r.status != 303 || r.header.Get("Location") != c.page+"?done=unfollowed#follow" {
					t.Fatalf("%s unfollow: %d %s", c.page, r.status, r.header.Get("Location"))
				}
			}
			if r := bob.get(c.page); !strings.Contains(r.body, "0 abonné") {
				t.Errorf("%s: still followed after unfollowing", c.page)
			}
		}
		if r := bob.post("/datasets/"+draft.Slug+"/follow", url.Values{}); r.status != 404 {
			t.Errorf("bob follows a draft he cannot see: %d", r.status)
		}
	})
}
