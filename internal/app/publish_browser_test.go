package app_test

import (
	"archive/zip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/app"
	"github.com/socle-portal/socle/internal/files"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// writeFeed zips the gtfs package's fixture network into dir.
func writeFeed(t *testing.T, dir string) string {
	t.Helper()
	p := filepath.Join(dir, "star-gtfs.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	paths, _ := filepath.Glob("../gtfs/testdata/network/*.txt")
	for _, src := range paths {
		b, _ := os.ReadFile(src)
		w, _ := zw.Create(filepath.Base(src))
		w.Write(b)
	}
	zw.Close()
	f.Close()
	return p
}

// TestBrowserPublishing: an editor of "Métropole du Grand Paris" opens the
// producer space, creates a dataset, uploads a GTFS zip, reads the report,
// publishes, and the dataset shows on the organization page.
func TestBrowserPublishing(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(string(b), func(t *testing.T) {
			a, base := start(t, testConfig(t, b))
			ctx := context.Background()
			admin, _ := a.Accounts.CreateUser(ctx, account.NewUser{Email: "admin@example.org", FirstName: "Ada",
				LastName: "Admin", Password: "Secret123", Confirmed: true})
			editor, _ := a.Accounts.CreateUser(ctx, account.NewUser{Email: "editor@example.org", FirstName: "Eddy",
				LastName: "Editor", Password: "Secret123", Confirmed: true})
			o, err := a.Orgs.Create(ctx, admin, org.Input{Name: "Métropole du Grand Paris", Description: "d", BusinessNumber: "200054781"}, true)
			if err != nil {
				t.Fatal(err)
			}
			r, _, _ := a.Orgs.Ask(ctx, editor, o.ID, "SIG")
			if _, err := a.Orgs.Accept(ctx, admin, o.ID, r.ID, org.RoleEditor); err != nil {
				t.Fatal(err)
			}
			feed := writeFeed(t, t.TempDir())
			br := newBrowser(t)
			login(t, br, base, "editor@example.org")
			err = chromedp.Do(br,
				chromedp.Navigate(base+"/producer"),
				chromedp.WaitVisible(css(".producer-org a.button")),
			)
			if err != nil {
				t.Fatal(err)
			}
			checkPage(t, br, "publish-0-producer")
			// The form asks "publish now or keep a draft?" and answers for
			// no one: sent without an answer, it says so on the question.
			err = chromedp.Do(br,
				chromedp.Click(css(".producer-org a.button")),
				chromedp.WaitVisible(id("title")),
				chromedp.SendKeys(id("title"), "Horaires théoriques du réseau de bus"),
				chromedp.SendKeys(id("description"), "Le GTFS du réseau, mis à jour chaque semaine."),
				chromedp.SendKeys(id("tags"), "transport, gtfs"),
				// Zones are picked from the directory by name.
				chromedp.SendKeys(id("zones-search"), "Rennes"),
				chromedp.WaitVisible(css("#zone-picker .suggestions button")),
				chromedp.Click(css("#zone-picker .suggestions button")),
				chromedp.WaitVisible(css(".zone-chips li")),
				chromedp.Click(id("dataset-submit")),
				chromedp.WaitVisible(id("error-summary")),
			)
			if err != nil {
				t.Fatalf("create without answering: %v", err)
			}
			if got := text(t, br, css(".zone-chips")); !strings.Contains(got, "Rennes (commune, 35)") {
				t.Fatalf("the form came back with zones %q", got)
			}
			checkPage(t, br, "publish-1-form-errors")
			err = chromedp.Do(br,
				chromedp.Click(id("publish-draft")),
				chromedp.Click(id("dataset-submit")),
				chromedp.WaitVisible(id("upload-form")),
			)
			if err != nil {
				t.Fatalf("create a draft: %v", err)
			}
			// An upload with no file: the page again, the problem on the field.
			err = chromedp.Do(br,
				chromedp.SendKeys(id("res-title"), "GTFS"),
				chromedp.Evaluate[chromedp.Void](`document.getElementById("res-file").removeAttribute("required")`),
				chromedp.Click(id("upload-submit")),
				chromedp.WaitVisible(id("error-summary")),
			)
			if err != nil {
				t.Fatalf("upload with no file: %v", err)
			}
			checkPage(t, br, "publish-2-upload-error")
			err = chromedp.Do(br,
				chromedp.SetUploadFiles(css("#res-file"), []string{feed}),
				chromedp.Click(id("upload-submit")),
				chromedp.WaitVisible(css(".report")),
			)
			if err != nil {
				t.Fatalf("upload: %v", err)
			}
			checkPage(t, br, "publish-3-report")
			if got := text(t, br, css(".report")); !strings.Contains(got, "GTFS valide") {
				t.Fatalf("report: %q", got)
			}
			// The draft's page says loudly that the public does not see it,
			// and offers to publish.
			if got := text(t, br, css("main")); !strings.Contains(got, "Rennes (commune, 35)") {
				t.Fatalf("the dataset's page does not name its zone: %q", got)
			}
			if got := text(t, br, css("#visibility")); !strings.Contains(got, "le public ne voit pas") {
				t.Fatalf("the draft's page says %q", got)
			}
			if res, err := http.Get(base + "/datasets/horaires-theoriques-du-reseau-de-bus"); err != nil || res.StatusCode != 404 {
				t.Fatalf("the public sees a draft: %v %v", err, res)
			}
			err = chromedp.Do(br,
				chromedp.Click(id("publish-dataset")),
				// The draft's page has a #done already (the upload's): wait
				// for the published page, or leaving aborts the form's post.
				chromedp.WaitNotPresent(id("publish-dataset")),
				chromedp.WaitVisible(id("done")),
				chromedp.Navigate(base+"/organizations/metropole-du-grand-paris/datasets"),
				chromedp.WaitVisible(css("ul.datasets a")),
			)
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			if got := text(t, br, css("ul.datasets")); !strings.Contains(got, "Horaires théoriques") || strings.Contains(got, "brouillon") {
				t.Fatalf("organization page lists %q", got)
			}
			if res, err := http.Get(base + "/datasets/horaires-theoriques-du-reseau-de-bus"); err != nil || res.StatusCode != 200 {
				t.Fatalf("the public does not see the published dataset: %v %v", err, res)
			}

			// A partial editor cannot edit a dataset not assigned to them.
			partial, _ := a.Accounts.CreateUser(ctx, account.NewUser{Email: "partial@example.org", FirstName: "Pia",
				LastName: "Partial", Password: "Secret123", Confirmed: true})
			r, _, _ = a.Orgs.Ask(ctx, partial, o.ID, "Exploitant")
			if _, err := a.Orgs.Accept(ctx, admin, o.ID, r.ID, org.RolePartialEditor); err != nil {
				t.Fatal(err)
			}
			pb := newBrowser(t)
			login(t, pb, base, "partial@example.org")
			err = chromedp.Do(pb,
				chromedp.Navigate(base+"/datasets/horaires-theoriques-du-reseau-de-bus"),
				chromedp.WaitVisible(css("main h1")),
			)
			if err != nil {
				t.Fatal(err)
			}
			hasEdit, _ := chromedp.Run(pb, chromedp.Evaluate[bool](`document.getElementById("edit-dataset") !== null`))
			if hasEdit {
				t.Fatal("a partial editor sees the edit button of an unassigned dataset")
			}
			if err := chromedp.Do(pb, chromedp.Navigate(base+"/datasets/horaires-theoriques-du-reseau-de-bus/edit"), chromedp.WaitVisible(id("error-title"))); err != nil {
				t.Fatalf("the edit form as a partial editor: %v", err)
			}
			if h := heading(t, pb); h != "Accès refusé" {
				t.Fatalf("partial editor saving: %q", h)
			}
		})
	}
}

// TestFilesAreServedProperly: type, length, ETag and ranges, with files
// in the data folder and in an S3 store (a real-protocol server in the test).
func TestFilesAreServedProperly(t *testing.T) {
	t.Run("local", func(t *testing.T) { filesServed(t, testConfig(t, sqldb.SQLite)) })
	t.Run("s3", func(t *testing.T) {
		fake := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
		t.Cleanup(fake.Close)
		cfg := testConfig(t, sqldb.SQLite)
		cfg.S3 = files.S3Config{Endpoint: strings.TrimPrefix(fake.URL, "http://"), Bucket: "socle", Region: "us-east-1",
			AccessKey: "k", SecretKey: "s", Insecure: true}
		filesServed(t, cfg)
		if entries, _ := os.ReadDir(filepath.Join(cfg.DataDir, "files")); len(entries) != 0 {
			t.Fatal("with S3 configured, files went to the data folder")
		}
	})
}

func filesServed(t *testing.T, cfg app.Config) {
	a, base := start(t, cfg)
	ctx := context.Background()
	u, _ := a.Accounts.CreateUser(ctx, account.NewUser{Email: "u@example.org", FirstName: "U", LastName: "T",
		Password: "Secret123", Confirmed: true})
	feed := writeFeed(t, t.TempDir())
	d, err := a.Catalog.Create(ctx, u, catalogInput("Réseau"))
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(feed)
	defer f.Close()
	res, err := a.Catalog.UploadResource(ctx, u, d.ID, resourceInput("GTFS"), upload("star.zip", f))
	if err != nil {
		t.Fatal(err)
	}
	latest, err := http.Get(base + "/api/1/datasets/r/" + res.ID)
	if err != nil || latest.StatusCode != 200 {
		t.Fatalf("latest: %v %v", err, latest)
	}
	whole, _ := io.ReadAll(latest.Body)
	latest.Body.Close()
	if latest.Header.Get("Content-Type") != "application/zip" || latest.Header.Get("ETag") == "" ||
		latest.ContentLength != res.Size || int64(len(whole)) != res.Size {
		t.Fatalf("headers: %v, %d bytes", latest.Header, len(whole))
	}
	req, _ := http.NewRequest("GET", a.Catalog.FileURL(res), nil)
	req.Header.Set("Range", "bytes=10-19")
	part, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(part.Body)
	part.Body.Close()
	if part.StatusCode != http.StatusPartialContent || string(got) != string(whole[10:20]) {
		t.Fatalf("range: %d %q", part.StatusCode, got)
	}
	req, _ = http.NewRequest("GET", a.Catalog.FileURL(res), nil)
	req.Header.Set("If-None-Match", latest.Header.Get("ETag"))
	cached, err := http.DefaultClient.Do(req)
	if err != nil || cached.StatusCode != http.StatusNotModified {
		t.Fatalf("conditional request: %v %v", err, cached)
	}
	cached.Body.Close()
}
