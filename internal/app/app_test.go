package app_test

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/app"
	"github.com/socle-portal/socle/internal/smtptest"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// testConfig returns settings for an app on backend b, with cheap hashing.
func testConfig(t testing.TB, b sqldb.Backend) app.Config {
	cfg := app.Defaults()
	cfg.DataDir = t.TempDir()
	cfg.Argon2 = account.Argon2Params{Memory: 64, Time: 1, Threads: 1}
	if b == sqldb.Postgres {
		cfg.DatabaseURL = testdb.Schema(t)
	}
	return cfg
}

// start opens and runs an app on a loopback port until the test ends.
func start(t testing.TB, cfg app.Config) (*app.App, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg.Addr = ln.Addr().String()
	cfg.BaseURL = "http://" + cfg.Addr
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.Open(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
		sctx, c := context.WithTimeout(context.Background(), 10*time.Second)
		defer c()
		a.Close(sctx)
	})
	return a, cfg.BaseURL
}

var linkRE = regexp.MustCompile(`https?://\S+\?token=[A-Za-z0-9_-]+`)

// TestMailGoesThroughSMTP signs up and checks that the queue delivers the
// confirmation over a real SMTP conversation, with the right recipient,
// subject and a link that works.
func TestMailGoesThroughSMTP(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(string(b), func(t *testing.T) {
			smtpd := smtptest.Start(t)
			cfg := testConfig(t, b)
			cfg.SMTP.Host, cfg.SMTP.Port, cfg.SMTP.TLS = smtpd.Host, smtpd.Port, "none"
			cfg.MailFrom = "Portail <no-reply@portail.example>"
			a, _ := start(t, cfg)
			err := a.Accounts.SignUp(context.Background(), account.SignUp{FirstName: "Élise", LastName: "Durand",
				Email: "elise@example.org", Password: "Secret123", AcceptTerms: true}, account.Meta{IP: "192.0.2.1"})
			if err != nil {
				t.Fatal(err)
			}
			msgs := smtpd.Wait(t, 1, 20*time.Second)
			m := msgs[0]
			if len(m.To) != 1 || m.To[0] != "elise@example.org" || m.From != "no-reply@portail.example" {
				t.Fatalf("envelope: from %q to %v", m.From, m.To)
			}
			p, err := smtptest.Parse(m.Data)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(p.Subject, "Confirm") && !strings.Contains(p.Subject, "onfirm") {
				t.Errorf("subject %q does not speak of confirmation", p.Subject)
			}
			if !strings.Contains(p.Header.Get("To"), "elise@example.org") {
				t.Errorf("To header: %q", p.Header.Get("To"))
			}
			link := linkRE.FindString(p.Text)
			if link == "" || !strings.HasPrefix(link, a.Config().BaseURL+"/confirm?token=") {
				t.Fatalf("no confirmation link in %s", p.Text)
			}
			if _, err := a.Accounts.ConfirmSignup(context.Background(), strings.SplitN(link, "token=", 2)[1], account.Meta{}); err != nil {
				t.Fatalf("the mailed link does not confirm: %v", err)
			}
		})
	}
}

// TestOutboxByDefault checks that without SMTP, mail lands as .eml files.
func TestOutboxByDefault(t *testing.T) {
	cfg := testConfig(t, sqldb.SQLite)
	a, _ := start(t, cfg)
	err := a.Accounts.SignUp(context.Background(), account.SignUp{FirstName: "Bob", LastName: "Leroy",
		Email: "bob@example.org", Password: "Secret123", AcceptTerms: true}, account.Meta{IP: "192.0.2.1"})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(cfg.DataDir, "outbox")
	deadline := time.Now().Add(20 * time.Second)
	for {
		files, _ := filepath.Glob(filepath.Join(dir, "*.eml"))
		if len(files) == 1 {
			raw, _ := os.ReadFile(files[0])
			p, err := smtptest.Parse(raw)
			if err != nil || !strings.Contains(p.Header.Get("To"), "bob@example.org") || !linkRE.MatchString(p.Text) {
				t.Fatalf("outbox file: %v %s", err, raw)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no .eml in %s after 20s (%d files)", dir, len(files))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func TestHealthAndReadiness(t *testing.T) {
	a, base := start(t, testConfig(t, sqldb.SQLite))
	for _, path := range []string{"/healthz", "/readyz"} {
		res, err := http.Get(base + path)
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("%s: %v %v", path, err, res)
		}
		res.Body.Close()
	}
	a.DB.Close()
	res, err := http.Get(base + "/readyz")
	if err != nil || res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("readyz with the database closed: %v %v", err, res)
	}
	res.Body.Close()
}

// TestAPIWithSessionNeedsCSRF: the pages' session cookie authenticates API
// calls, but writes need the CSRF token too.
func TestAPIWithSessionNeedsCSRF(t *testing.T) {
	a, base := start(t, testConfig(t, sqldb.SQLite))
	ctx := context.Background()
	if _, err := a.Accounts.CreateUser(ctx, account.NewUser{Email: "alice@example.org", FirstName: "Alice",
		LastName: "Test", Password: "Secret123", Confirmed: true}); err != nil {
		t.Fatal(err)
	}
	_, token, err := a.Accounts.Login(ctx, "alice@example.org", "Secret123", "", account.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	post := func(csrf string) int {
		req, _ := http.NewRequest("POST", base+"/api/1/organizations/", strings.NewReader(`{"name": "X", "description": "d"}`))
		req.Header.Set("Content-Type", "application/json")
		req.AddCookie(&http.Cookie{Name: "socle_session", Value: token})
		req.AddCookie(&http.Cookie{Name: "socle_csrf", Value: strings.Repeat("c", 43)})
		if csrf != "" {
			req.Header.Set("X-CSRF-Token", csrf)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	if s := post(""); s != http.StatusForbidden {
		t.Fatalf("cookie without CSRF token: %d", s)
	}
	if s := post(strings.Repeat("x", 43)); s != http.StatusForbidden {
		t.Fatalf("cookie with a wrong token: %d", s)
	}
	if s := post(strings.Repeat("c", 43)); s != http.StatusCreated {
		t.Fatalf("cookie with the token: %d", s)
	}
}

// TestStrictTransportOverHTTPS: a portal whose public URL is https tells
// browsers to stay on https; a local http one does not.
func TestStrictTransportOverHTTPS(t *testing.T) {
	for _, base := range []string{"https://portal.example.org", ""} {
		cfg := testConfig(t, sqldb.SQLite)
		cfg.BaseURL = base
		a, err := app.Open(context.Background(), cfg, slog.New(slog.DiscardHandler))
		if err != nil {
			t.Fatal(err)
		}
		h, err := a.Handler()
		if err != nil {
			t.Fatal(err)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
		a.Close(context.Background())
		if got := rec.Header().Get("Strict-Transport-Security"); (got != "") != (base != "") {
			t.Errorf("base %q: Strict-Transport-Security %q", base, got)
		}
	}
}
