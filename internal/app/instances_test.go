package app_test

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/files"
	"github.com/socle-portal/socle/internal/oauth"
	"github.com/socle-portal/socle/internal/smtptest"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestTwoInstances runs two socles on one PostgreSQL and one S3 store (a
// real-protocol server), as a portal behind a load balancer: a session made
// on one works on the other, a file uploaded through one downloads through
// the other, an OAuth token issued by one is accepted by the other, rate
// limits count across both, and a queued e-mail is sent once.
func TestTwoInstances(t *testing.T) {
	if !slices.Contains(testdb.Backends(), sqldb.Postgres) {
		t.Skip("several instances need PostgreSQL")
	}
	fake := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	t.Cleanup(fake.Close)
	smtpd := smtptest.Start(t)
	cfg := testConfig(t, sqldb.Postgres)
	cfg.S3 = files.S3Config{Endpoint: strings.TrimPrefix(fake.URL, "http://"), Bucket: "socle", Region: "us-east-1",
		AccessKey: "k", SecretKey: "s", Insecure: true}
	cfg.SMTP.Host, cfg.SMTP.Port, cfg.SMTP.TLS = smtpd.Host, smtpd.Port, "none"
	cfg.Limits.LoginIP = account.Rate{N: 2, Per: time.Hour}
	p := newPortal(t, cfg, oauth.NewClient{}, false) // instance A
	second := cfg
	second.DataDir = t.TempDir()
	b, baseB := start(t, second) // instance B
	ctx := context.Background()

	br := newHTTPBrowser(t)
	br.login(p.base, "olga@example.org") // the cookie jar ignores ports: B gets the cookie
	if res, _ := br.get(baseB + "/account"); res.Request.URL.Path != "/account" || res.StatusCode != 200 {
		t.Fatalf("session of A on B: ended on %s (%d)", res.Request.URL, res.StatusCode)
	}

	token := p.token(t, br, "read")
	req, _ := http.NewRequest("GET", baseB+"/api/1/me/", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	if res := do(t, req); res.StatusCode != 200 {
		t.Fatalf("token of A on B: %d", res.StatusCode)
	}

	d, err := p.app.Catalog.Create(ctx, p.user, catalogInput("Réseau partagé"))
	if err != nil {
		t.Fatal(err)
	}
	f, _ := os.Open(writeFeed(t, t.TempDir()))
	defer f.Close()
	res, err := p.app.Catalog.UploadResource(ctx, p.user, d.ID, resourceInput("GTFS"), upload("feed.zip", f))
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(p.app.Catalog.FileURL(res))
	req, _ = http.NewRequest("GET", baseB+u.Path, nil)
	if got := do(t, req); got.StatusCode != 200 || got.ContentLength <= 0 {
		t.Fatalf("file uploaded through A, downloaded through B: %d, %d bytes", got.StatusCode, got.ContentLength)
	}

	anon := newHTTPBrowser(t)
	for i, base := range []string{p.base, baseB, p.base} {
		_, page := anon.get(base + "/login")
		r, _ := anon.post(base+"/login", url.Values{"email": {"olga@example.org"}, "password": {"wrong"}}, page)
		if want := []int{401, 401, 429}[i]; r.StatusCode != want {
			t.Fatalf("failed login %d (on %s): %d, want %d: the limit counts across instances", i+1, base, r.StatusCode, want)
		}
	}

	err = b.Accounts.SignUp(ctx, account.SignUp{FirstName: "Élise", LastName: "Durand", Email: "elise@example.org",
		Password: "Secret123", AcceptTerms: true}, account.Meta{IP: "192.0.2.9"})
	if err != nil {
		t.Fatal(err)
	}
	smtpd.Wait(t, 1, 20*time.Second)
	waitJobsDone(t, p.app.DB.Writer())
	if n := len(smtpd.Messages()); n != 1 {
		t.Fatalf("the confirmation was sent %d times by two instances, want once", n)
	}
}

func do(t *testing.T, req *http.Request) *http.Response {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}

// waitJobsDone waits until no mail job is waiting or running in the
// shared queue.
func waitJobsDone(t *testing.T, db *sql.DB) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		var n int
		err := db.QueryRow(`SELECT count(*) FROM river_job WHERE kind = 'mail.send'
			AND state NOT IN ('completed', 'discarded', 'cancelled')`).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d mail jobs still queued", n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
