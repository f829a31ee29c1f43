package app_test

import (
	"bytes"
	"context"
	"image"
	pngenc "image/png"
	"mime/multipart"
	"net/url"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestDatasetPageAddsLinks: an editor adds a remote resource from the
// dataset page; a link without an address comes back with the problem and
// what was typed.
func TestDatasetPageAddsLinks(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(string(b), func(t *testing.T) {
			a, base := start(t, testConfig(t, b))
			ctx := context.Background()
			u, _ := a.Accounts.CreateUser(ctx, account.NewUser{Email: "olga@example.org", FirstName: "Olga",
				Password: "Secret123", LastName: "P", Confirmed: true})
			d, err := a.Catalog.Create(ctx, u, catalogInput("Réseau de bus"))
			if err != nil {
				t.Fatal(err)
			}
			br := newHTTPBrowser(t)
			br.login(base, "olga@example.org")
			_, page := br.get(base + "/datasets/" + d.Slug)
			res, body := br.post(base+"/datasets/"+d.Slug+"/resources", url.Values{"title": {"Temps réel"},
				"url": {""}, "type": {"api"}, "format": {"gtfs-rt"}}, page)
			if res.StatusCode != 422 || !strings.Contains(body, `value="Temps réel"`) || !strings.Contains(body, `aria-invalid="true" aria-describedby="link-url-err"`) {
				t.Fatalf("link without an address: %d", res.StatusCode)
			}
			res, _ = br.post(base+"/datasets/"+d.Slug+"/resources", url.Values{"title": {"Temps réel"},
				"url": {"https://transport.example.org/gtfs-rt"}, "type": {"api"}, "format": {"gtfs-rt"}}, page)
			list, _ := a.Catalog.Resources(ctx, d.ID)
			if res.StatusCode != 200 || len(list) != 1 || list[0].URL != "https://transport.example.org/gtfs-rt" ||
				list[0].Type != "api" || list[0].Format != "gtfs-rt" {
				t.Fatalf("link: %d %+v", res.StatusCode, list)
			}
		})
	}
}

// TestAssignFromMembersPage: an admin gives a partial editor one dataset
// from the members page; the editor may edit that one, not the other.
func TestAssignFromMembersPage(t *testing.T) {
	a, base := start(t, testConfig(t, testdb.Backends()[0]))
	ctx := context.Background()
	alice, _ := a.Accounts.CreateUser(ctx, account.NewUser{Email: "olga@example.org", FirstName: "Olga", LastName: "A",
		Password: "Secret123", Confirmed: true})
	bob, _ := a.Accounts.CreateUser(ctx, account.NewUser{Email: "bob@example.org", FirstName: "Bob", LastName: "B",
		Password: "Secret123", Confirmed: true})
	o, err := a.Orgs.Create(ctx, alice, org.Input{Name: "Régie des transports", Description: "d"}, true)
	if err != nil {
		t.Fatal(err)
	}
	rq, _, err := a.Orgs.Ask(ctx, bob, o.ID, "SIG")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Orgs.Accept(ctx, alice, o.ID, rq.ID, org.RolePartialEditor); err != nil {
		t.Fatal(err)
	}
	in := catalogInput("Horaires")
	in.OrgID = o.ID
	d1, _ := a.Catalog.Create(ctx, alice, in)
	in.Title = "Arrêts"
	d2, _ := a.Catalog.Create(ctx, alice, in)

	br := newHTTPBrowser(t)
	br.login(base, "olga@example.org")
	_, page := br.get(base + "/organizations/" + o.Slug + "/members")
	if !strings.Contains(page, `name="datasets" value="`+d1.ID+`"`) {
		t.Fatal("the members page offers no assignment for the partial editor")
	}
	res, _ := br.post(base+"/organizations/"+o.Slug+"/members/"+bob.ID+"/assignments", url.Values{"datasets": {d1.ID}}, page)
	if res.StatusCode != 200 || !strings.Contains(res.Request.URL.RawQuery, "done=assigned") {
		t.Fatalf("assigning: %d %s", res.StatusCode, res.Request.URL)
	}
	r1, _ := a.Catalog.Rights(ctx, bob, d1)
	r2, _ := a.Catalog.Rights(ctx, bob, d2)
	if !r1.Edit || r2.Edit {
		t.Fatalf("partial editor's rights: assigned %v, other %v", r1.Edit, r2.Edit)
	}
}

// TestDatasetFormCoverage: the dataset form takes the temporal and spatial
// coverage, and names a bad date or an unknown zone on its field.
func TestDatasetFormCoverage(t *testing.T) {
	a, base := start(t, testConfig(t, testdb.Backends()[0]))
	ctx := context.Background()
	if _, err := a.Accounts.CreateUser(ctx, account.NewUser{Email: "olga@example.org", FirstName: "Olga", LastName: "A",
		Password: "Secret123", Confirmed: true}); err != nil {
		t.Fatal(err)
	}
	br := newHTTPBrowser(t)
	br.login(base, "olga@example.org")
	_, page := br.get(base + "/datasets/new")
	form := func(start, zones string) url.Values {
		return url.Values{"organization": {""}, "title": {"Horaires"}, "description": {"GTFS"}, "license": {"lov2"},
			"frequency": {"weekly"}, "temporal_start": {start}, "temporal_end": {"2026-12-31"}, "zones": {zones},
			"granularity": {"fr:epci"}, "publish": {"now"}}
	}
	res, body := br.post(base+"/datasets/new", form("31/01/2026", "fr:epci:200054781"), page)
	if res.StatusCode != 422 || !strings.Contains(body, `aria-invalid="true" aria-describedby="temporal_start-err"`) {
		t.Fatalf("bad date: %d", res.StatusCode)
	}
	res, body = br.post(base+"/datasets/new", form("2026-01-01", "fr:epci:999"), page)
	if res.StatusCode != 422 || !strings.Contains(body, `aria-invalid="true" aria-describedby="zones-err"`) {
		t.Fatalf("unknown zone: %d", res.StatusCode)
	}
	res, body = br.post(base+"/datasets/new", form("2026-01-01", "fr:epci:200054781, fr:commune:75056"), page)
	if res.StatusCode != 200 || !strings.Contains(body, "Paris (commune, 75)") || !strings.Contains(body, "01/01/2026") {
		t.Fatalf("dataset with coverage: %d", res.StatusCode)
	}
}

// TestAvatarFromProfile: a user sets a picture from the profile page; it
// shows on their public page; a file that is no image is refused.
func TestAvatarFromProfile(t *testing.T) {
	a, base := start(t, testConfig(t, testdb.Backends()[0]))
	if _, err := a.Accounts.CreateUser(context.Background(), account.NewUser{Email: "olga@example.org", FirstName: "Olga",
		LastName: "Avatar", Password: "Secret123", Confirmed: true}); err != nil {
		t.Fatal(err)
	}
	br := newHTTPBrowser(t)
	br.login(base, "olga@example.org")
	send := func(content []byte) int {
		_, page := br.get(base + "/account")
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("csrf_token", csrfRE.FindStringSubmatch(page)[1])
		fw, _ := mw.CreateFormFile("file", "me.png")
		fw.Write(content)
		mw.Close()
		res, err := br.c.Post(base+"/account/avatar", mw.FormDataContentType(), &body)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if st := send([]byte("not an image")); st != 422 {
		t.Fatalf("a text file as avatar: %d, want 422", st)
	}
	var png bytes.Buffer
	img := image.NewRGBA(image.Rect(0, 0, 40, 40))
	if err := pngenc.Encode(&png, img); err != nil {
		t.Fatal(err)
	}
	if st := send(png.Bytes()); st != 200 {
		t.Fatalf("avatar upload: %d", st)
	}
	_, page := br.get(base + "/users/olga-avatar/")
	if !strings.Contains(page, `class="avatar" src="`) {
		t.Fatal("the public page shows no avatar")
	}
}
