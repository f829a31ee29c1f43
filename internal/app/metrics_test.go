package app_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/smtptest"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestMetrics checks that the private listener reports requests by route
// pattern, login failures, rate-limit refusals, e-mails, jobs, the queue
// and the database pool, and that the public listener does not serve them.
func TestMetrics(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(string(b), func(t *testing.T) {
			smtpd := smtptest.Start(t)
			cfg := testConfig(t, b)
			cfg.SMTP.Host, cfg.SMTP.Port, cfg.SMTP.TLS = smtpd.Host, smtpd.Port, "none"
			cfg.Limits.LoginIP = account.Rate{N: 1, Per: time.Hour}
			a, base := start(t, cfg)
			metricsURL := serveMetrics(t, a)

			for _, p := range []string{"/api/1/organizations/?q=paris", "/api/1/organizations/some-org/", "/organizations?q=x"} {
				res, err := http.Get(base + p)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
			}
			br := newHTTPBrowser(t)
			_, page := br.get(base + "/login")
			for range 2 { // the second is over the limit of one failure per IP
				res, body := br.post(base+"/login", url.Values{"email": {"nobody@example.org"}, "password": {"wrong"}}, page)
				if res.StatusCode != http.StatusUnauthorized && res.StatusCode != http.StatusTooManyRequests {
					t.Fatalf("failed login: %d", res.StatusCode)
				}
				page = body
			}
			err := a.Accounts.SignUp(context.Background(), account.SignUp{FirstName: "Élise", LastName: "Durand",
				Email: "elise@example.org", Password: "Secret123", AcceptTerms: true}, account.Meta{IP: "192.0.2.1"})
			if err != nil {
				t.Fatal(err)
			}
			smtpd.Wait(t, 1, 20*time.Second)

			want := []string{
				`socle_http_requests_total{method="GET",route="GET /api/1/organizations/{$}",status="200"} 1`,
				`socle_http_requests_total{method="GET",route="GET /api/1/organizations/{org}/{$}",status="404"} 1`,
				`socle_http_requests_total{method="GET",route="GET /organizations",status="200"} 1`,
				`socle_http_request_duration_seconds_bucket{route="GET /api/1/organizations/{$}",le="+Inf"} 1`,
				`socle_login_failures_total 1`,
				`socle_rate_limited_total{route="POST /login"} 1`,
				`socle_mails_total{result="sent"} 1`,
				`socle_mails_total{result="failed"} 0`,
				`socle_jobs_total{kind="mail.send",result="done"} 1`,
				`socle_jobs_queued{state="available"}`,
				`go_sql_max_open_connections{db_name="writer"}`,
				`go_sql_open_connections{db_name=`,
			}
			waitMetrics(t, metricsURL, want)

			res, err := http.Get(base + "/metrics")
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if strings.Contains(string(body), "socle_http_requests_total") {
				t.Error("the public listener serves the metrics")
			}
		})
	}
}

// serveMetrics serves a's metrics on a loopback port until the test ends.
func serveMetrics(t *testing.T, a interface {
	ServeMetrics(context.Context, net.Listener) error
}) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.ServeMetrics(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("metrics: %v", err)
		}
	})
	return "http://" + ln.Addr().String() + "/metrics"
}

// waitMetrics scrapes until every line of want is there (the mail job runs
// on its own time), or fails after a deadline naming those missing.
func waitMetrics(t *testing.T, u string, want []string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		res, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		var missing []string
		for _, w := range want {
			if !strings.Contains(string(body), w) {
				missing = append(missing, w)
			}
		}
		if len(missing) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("metrics lack %q:\n%s", missing, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
