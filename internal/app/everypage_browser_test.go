package app_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/follow"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestBrowserEveryPage opens every page of the portal, as a visitor, as a
// requester and as an organization's admin who is also the portal's
// support, and checks each at 1280 and 390 px (checkPage): no axe-core
// violation, no sideways scrolling, no raw message key.
func TestBrowserEveryPage(t *testing.T) {
	b := testdb.Backends()[0] // pages do not depend on the backend; the journeys run on each
	a, base := start(t, testConfig(t, b))
	ctx := context.Background()
	mk := func(email, first string, sysadmin bool) account.User {
		u, err := a.Accounts.CreateUser(ctx, account.NewUser{Email: email, FirstName: first, LastName: "Martin",
			Password: "Secret123", Confirmed: true, Sysadmin: sysadmin})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	admin, bob := mk("admin@example.org", "Ada", true), mk("bob@example.org", "Bruno", false)
	partial := mk("partial@example.org", "Pia", false)
	o, err := a.Orgs.Create(ctx, admin, org.Input{Name: "Métropole du Grand Paris", Description: "Mobilité du Grand Paris.",
		BusinessNumber: "200054781", URL: "https://www.metropolegrandparis.fr"}, true)
	if err != nil {
		t.Fatal(err)
	}
	r, _, _ := a.Orgs.Ask(ctx, partial, o.ID, "Exploitant")
	if _, err := a.Orgs.Accept(ctx, admin, o.ID, r.ID, org.RolePartialEditor); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Orgs.Ask(ctx, bob, o.ID, "Je suis responsable SIG à la métropole."); err != nil {
		t.Fatal(err)
	}
	var bus catalog.Dataset
	for _, in := range []catalog.Input{
		{Title: "Horaires théoriques du réseau de bus", Description: "Le GTFS du réseau.", License: "lov2", Tags: []string{"gtfs"}, OrgID: o.ID},
		{Title: "Comptages vélo", Description: "Brouillon.", License: "odc-odbl", OrgID: o.ID, Draft: true},
	} {
		d, err := a.Catalog.Create(ctx, admin, in)
		if err != nil {
			t.Fatal(err)
		}
		if bus.ID == "" {
			bus = d
		}
	}
	// bob follows the organization and the bus timetable: their pages show
	// the unfollow button to him, the follow one to others.
	for _, tg := range []follow.Target{{Kind: follow.Organization, ID: o.ID}, {Kind: follow.Dataset, ID: bus.ID}} {
		if _, _, err := a.Follows.Follow(ctx, bob, tg); err != nil {
			t.Fatal(err)
		}
	}
	// An organization created through the API although it looks like the
	// metropolis: the support queue shows the pair.
	if _, err := a.Orgs.Create(ctx, partial, org.Input{Name: "Metropole Grand-Paris", Description: "Doublon ?"}, true); err != nil {
		t.Fatal(err)
	}

	visit := func(br context.Context, name, path string) {
		t.Helper()
		if err := chromedp.Do(br, chromedp.Navigate(base+path), chromedp.WaitVisible(css("main h1"))); err != nil {
			t.Fatalf("%s (%s): %v", name, path, err)
		}
		checkPage(t, br, "every-"+name)
	}
	anon := newBrowser(t)
	for _, p := range []struct{ name, path string }{
		{"home", "/"}, {"datasets", "/datasets"}, {"datasets-search", "/datasets?q=bus&license=lov2"},
		{"orgs", "/organizations"}, {"org-anon", "/organizations/" + o.Slug},
		{"org-datasets-anon", "/organizations/" + o.Slug + "/datasets"},
		{"dataset-anon", "/datasets/horaires-theoriques-du-reseau-de-bus"}, {"user", "/users/" + admin.Slug + "/"},
		{"login", "/login"}, {"signup", "/signup?email=lea%40example.org"}, {"forgot", "/password/forgot"},
		{"resend", "/confirm/resend"}, {"terms", "/terms"}, {"contact", "/contact"}, {"notfound", "/nope"},
		{"setup-done", "/setup?token=used"},
		{"accessibility", "/accessibilite"}, {"legal", "/mentions-legales"}, {"personal-data", "/donnees-personnelles"},
		{"sitemap-anon", "/plan-du-site"},
	} {
		visit(anon, p.name, p.path)
	}
	requester := newBrowser(t)
	login(t, requester, base, "bob@example.org")
	visit(requester, "org-pending", "/organizations/"+o.Slug)
	visit(requester, "notifications-requester", "/notifications")
	visit(requester, "dataset-following", "/datasets/"+bus.Slug)

	br := newBrowser(t)
	login(t, br, base, "admin@example.org")
	for _, p := range []struct{ name, path string }{
		{"org-admin", "/organizations/" + o.Slug}, {"members", "/organizations/" + o.Slug + "/members"},
		{"org-datasets", "/organizations/" + o.Slug + "/datasets"},
		{"org-edit", "/organizations/" + o.Slug + "/edit"}, {"org-new", "/organizations/new"},
		{"dataset-new", "/datasets/new"}, {"dataset-draft", "/datasets/comptages-velo"},
		{"dataset-edit", "/datasets/horaires-theoriques-du-reseau-de-bus/edit"},
		{"producer", "/producer"}, {"notifications", "/notifications"}, {"support", "/support"},
		{"account", "/account"}, {"email", "/account/email"}, {"password", "/account/password"},
		{"sessions", "/account/sessions"}, {"apikeys", "/account/apikeys"}, {"apps", "/account/apps"},
		{"prefs", "/account/notifications"}, {"delete", "/account/delete"}, {"export", "/account/export"},
		{"clients", "/admin/oauth"}, {"sitemap", "/plan-du-site"},
	} {
		visit(br, p.name, p.path)
	}
}
