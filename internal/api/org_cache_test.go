package api_test

import (
	"bytes"
	"image"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/api"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/follow"
	"github.com/socle-portal/socle/internal/mydata"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
	"github.com/socle-portal/socle/internal/testenv"
)

// instance serves the API with services of its own on db: another socle
// process on the same database, with caches of its own.
type instance struct {
	srv *httptest.Server
	x   *testenv.Env
}

func newInstance(t *testing.T, db *sqldb.DB) instance {
	t.Helper()
	x := testenv.New(t, db)
	srv := httptest.NewServer(api.New(api.Deps{Accounts: x.Accounts, Orgs: x.Orgs, Catalog: x.Catalog,
		Directory: x.Directory, Export: mydata.New(db, nil), Follows: x.Follows}, testBase, slog.New(slog.DiscardHandler)).Handler())
	t.Cleanup(srv.Close)
	return instance{srv, x}
}

// get answers path as the holder of key sees it ("" for anyone).
func (in instance) get(t *testing.T, path, key string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", in.srv.URL+path, nil)
	if key != "" {
		req.Header.Set("X-API-KEY", key)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

// TestOrgObjectsNeverStale changes an organization in every way its object
// shows, on one instance, and checks after each change that another
// instance, whose caches hold the object from before, answers what an
// instance with no cache answers: its reads, its searches, for anyone, a
// member and another signed-in user.
func TestOrgObjectsNeverStale(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		writer, reader := newInstance(t, db), newInstance(t, db)
		x := writer.x
		admin, member, fan := x.User(t, "Ada"), x.User(t, "Max"), x.User(t, "Fan")
		o := x.Org(t, admin, "Communauté de communes du Val Cache")
		x.Member(t, admin, member, o, org.RoleEditor)
		keyOf := func(u account.User) string {
			_, key, err := x.Accounts.CreateAPIKey(ctx, u, "test", account.Meta{})
			if err != nil {
				t.Fatal(err)
			}
			return key
		}
		keys := map[string]string{"anyone": "", "member": keyOf(member), "other": keyOf(fan)}
		paths := []string{"/api/1/organizations/" + o.Slug + "/", "/api/1/organizations/" + o.ID + "/",
			"/api/1/organizations/?q=val+cache", "/api/1/organizations/?q=communaute&page_size=5"}
		check := func(after string) {
			t.Helper()
			fresh := newInstance(t, db)
			for _, p := range paths {
				for who, key := range keys {
					// Twice: the first read may fill the cache, the second answers from it.
					for range 2 {
						gotStatus, got := reader.get(t, p, key)
						wantStatus, want := fresh.get(t, p, key)
						if gotStatus != wantStatus || !bytes.Equal(got, want) {
							t.Fatalf("after %s, GET %s as %s: %d %s\nan instance without cache: %d %s",
								after, p, who, gotStatus, got, wantStatus, want)
						}
					}
				}
			}
		}
		check("nothing")
		must := func(what string, err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			check(what)
		}
		_, err := x.Orgs.Update(ctx, admin, o.ID, org.Input{Name: "Communauté de communes du Val Cache",
			Acronym: "CCVC", Description: "Nouvelle description", URL: "https://ccvc.example.org"})
		must("an update", err)
		_, err = x.Orgs.AddBadge(ctx, x.Sysadmin(t), o.ID, "certified")
		must("a badge", err)
		img := image.NewRGBA(image.Rect(0, 0, 200, 100))
		var logo bytes.Buffer
		png.Encode(&logo, img)
		_, err = x.Orgs.SetLogo(ctx, admin, o.ID, &logo)
		must("a logo", err)
		d, err := x.Catalog.Create(ctx, admin, catalog.Input{Title: "Horaires", Description: "d", License: "lov2", OrgID: o.ID})
		must("a public dataset", err)
		in := catalog.Input{Title: d.Title, Description: d.Description, License: d.License, Private: true}
		_, err = x.Catalog.Update(ctx, admin, d.ID, in)
		must("the dataset made private", err)
		_, _, err = x.Follows.Follow(ctx, fan, follow.Target{Kind: follow.Organization, ID: o.ID})
		must("a follow", err)
		_, err = x.Follows.Unfollow(ctx, fan, follow.Target{Kind: follow.Organization, ID: o.ID})
		must("an unfollow", err)
		_, err = x.Orgs.SetRole(ctx, admin, o.ID, member.ID, org.RoleAdmin)
		must("a role", err)
		_, err = x.Accounts.UpdateProfile(ctx, member, account.Profile{FirstName: "Maxime", LastName: "Test"}, account.Meta{})
		must("a member's new name", err)
		var avatar bytes.Buffer
		png.Encode(&avatar, img)
		_, err = x.Accounts.SetAvatar(ctx, member, &avatar, account.Meta{})
		must("a member's avatar", err)
		x.Member(t, admin, fan, o, org.RoleEditor)
		check("a new member")
		must("a member removed", x.Orgs.RemoveMember(ctx, admin, o.ID, fan.ID))
		gone := x.User(t, "Gone")
		_, _, err = x.Follows.Follow(ctx, gone, follow.Target{Kind: follow.Organization, ID: o.ID})
		must("a follow by a user about to leave", err)
		must("a follower's account deleted", x.Accounts.Delete(ctx, gone, account.Meta{}))
		must("the dataset deleted", x.Catalog.Delete(ctx, admin, d.ID))
		must("the organization deleted", x.Orgs.Delete(ctx, admin, o.ID))
	})
}

// TestDatasetObjectsNeverStale changes a dataset in every way its object
// shows, its organization and its owner, on one instance, and checks after
// each change that another instance, whose cache holds the object from
// before, answers what an instance with no cache answers.
func TestDatasetObjectsNeverStale(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		writer, reader := newInstance(t, db), newInstance(t, db)
		x := writer.x
		admin, owner, fan := x.User(t, "Ada"), x.User(t, "Olga"), x.User(t, "Fan")
		o := x.Org(t, admin, "Syndicat des transports")
		d, err := x.Catalog.Create(ctx, admin, catalog.Input{Title: "Horaires", Description: "d", License: "lov2", OrgID: o.ID})
		if err != nil {
			t.Fatal(err)
		}
		mine, err := x.Catalog.Create(ctx, owner, catalog.Input{Title: "Mes arrêts", Description: "d", License: "lov2"})
		if err != nil {
			t.Fatal(err)
		}
		// The lists splice the objects the reads keep, and keep some: they
		// come first, so that a read does not refresh what a list checks.
		paths := []string{"/api/1/datasets/", "/api/1/datasets/?q=horaires", "/api/1/datasets/?organization=" + o.ID,
			"/api/1/datasets/?page_size=1&page=2"}
		for _, ds := range []catalog.Dataset{d, mine} {
			paths = append(paths, "/api/1/datasets/"+ds.Slug+"/", "/api/1/datasets/"+ds.ID+"/")
		}
		check := func(after string) {
			t.Helper()
			fresh := newInstance(t, db)
			for _, p := range paths {
				for range 2 { // the first read may fill the cache, the second answers from it
					gotStatus, got := reader.get(t, p, "")
					wantStatus, want := fresh.get(t, p, "")
					if gotStatus != wantStatus || !bytes.Equal(got, want) {
						t.Fatalf("after %s, GET %s: %d %s\nan instance without cache: %d %s",
							after, p, gotStatus, got, wantStatus, want)
					}
				}
			}
		}
		must := func(what string, err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			check(what)
		}
		check("nothing")
		in := catalog.Input{Title: "Horaires des bus", Description: "d", License: "lov2", Tags: []string{"bus"}}
		_, err = x.Catalog.Update(ctx, admin, d.ID, in)
		must("an update", err)
		res, err := x.Catalog.AddRemote(ctx, admin, d.ID, catalog.ResourceInput{Title: "GTFS", URL: "https://example.org/gtfs.zip", Type: "main"})
		must("a resource", err)
		_, err = x.Catalog.UpdateResource(ctx, admin, d.ID, res.ID, catalog.ResourceInput{Title: "GTFS 2026",
			URL: "https://example.org/gtfs.zip", Type: "main", Filetype: "remote"})
		must("a resource changed", err)
		must("a resource deleted", x.Catalog.DeleteResource(ctx, admin, d.ID, res.ID))
		_, _, err = x.Follows.Follow(ctx, fan, follow.Target{Kind: follow.Dataset, ID: d.ID})
		must("a follow", err)
		_, err = x.Follows.Unfollow(ctx, fan, follow.Target{Kind: follow.Dataset, ID: d.ID})
		must("an unfollow", err)
		gone := x.User(t, "Gone")
		_, _, err = x.Follows.Follow(ctx, gone, follow.Target{Kind: follow.Dataset, ID: d.ID})
		must("a follow by a user about to leave", err)
		must("a follower's account deleted", x.Accounts.Delete(ctx, gone, account.Meta{}))
		_, err = x.Orgs.Update(ctx, admin, o.ID, org.Input{Name: "Syndicat des mobilités", Acronym: "SM", Description: "d"})
		must("its organization renamed", err)
		_, err = x.Orgs.AddBadge(ctx, x.Sysadmin(t), o.ID, "certified")
		must("a badge of its organization", err)
		_, err = x.Accounts.UpdateProfile(ctx, owner, account.Profile{FirstName: "Olga", LastName: "Renommée"}, account.Meta{})
		must("its owner renamed", err)
		in.Private = true
		_, err = x.Catalog.Update(ctx, admin, d.ID, in)
		must("made private", err)
		must("deleted", x.Catalog.Delete(ctx, owner, mine.ID))
	})
}
