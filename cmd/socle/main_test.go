package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/app"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestBootstrapCommands runs the operator's commands as a script would:
// create a sysadmin from standard input, then print an API key that works.
func TestBootstrapCommands(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(string(b), func(t *testing.T) {
			ctx := context.Background()
			args := []string{"--data", t.TempDir()}
			if b == "postgres" {
				args = append(args, "--database-url", testdb.Schema(t))
			}
			var out, errs bytes.Buffer
			err := run(ctx, append([]string{"user", "create", "--email", "Admin@Example.org", "--first-name", "Ada",
				"--last-name", "Admin", "--password-stdin", "--sysadmin", "--confirmed"}, args...),
				strings.NewReader("Str0ngPassword\n"), &out, &errs)
			if err != nil {
				t.Fatalf("user create: %v\n%s", err, errs.String())
			}
			if id := strings.TrimSpace(out.String()); len(id) != 24 {
				t.Fatalf("user create printed %q, want the id", out.String())
			}
			out.Reset()
			if err := run(ctx, append([]string{"apikey", "create", "--email", "admin@example.org", "--name", "bootstrap"}, args...),
				nil, &out, &errs); err != nil {
				t.Fatalf("apikey create: %v", err)
			}
			key := out.String()
			if !strings.HasPrefix(key, "socle_") || strings.Count(key, "\n") != 1 {
				t.Fatalf("apikey create printed %q, want the key alone", key)
			}
			// The key works against the same database.
			cfg := app.Defaults()
			cfg.DataDir = args[1]
			if len(args) > 2 {
				cfg.DatabaseURL = args[3]
			}
			a, err := app.Open(ctx, cfg, newLogger(&errs))
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close(ctx)
			h, _ := a.Handler()
			req := httptest.NewRequest("GET", "/api/1/me/", nil)
			req.Header.Set("X-API-KEY", strings.TrimSpace(key))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `"roles":["admin"]`) {
				t.Fatalf("GET /me with the printed key: %d %s", rec.Code, rec.Body)
			}
		})
	}
}

func TestCommandErrors(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cases := []struct {
		args  []string
		stdin string
		want  string
	}{
		{nil, "", "no command"},
		{[]string{"frobnicate"}, "", "unknown command"},
		{[]string{"user", "create", "--data", dir, "--email", "a@example.org", "--first-name", "A", "--last-name", "B"}, "", "--password-stdin is required"},
		{[]string{"user", "create", "--data", dir, "--email", "a@example.org", "--first-name", "A", "--last-name", "B", "--password-stdin"}, "weak\n", "--password"},
		{[]string{"user", "create", "--data", dir, "--email", "nope", "--first-name", "A", "--last-name", "B", "--password-stdin"}, "Str0ngPassword\n", "--email"},
		{[]string{"apikey", "create", "--data", dir, "--email", "nobody@example.org", "--name", "x"}, "", "no user"},
		{[]string{"serve", "--data", dir, "--rate-login-ip", "lots"}, "", "N/duration"},
		{[]string{"serve", "--data", dir, "--database-url", "mysql://x"}, "", "database URL"},
		{[]string{"serve", "--data", dir, "--primary-color", "#ffff00"}, "", "contrast"},
		{[]string{"serve", "--data", dir, "--accessibility-status", "mostly"}, "", "none, partial or full"},
		{[]string{"serve", "--data", dir, "--trusted-proxies", "10.0.0.0/8, proxy.local"}, "", "trusted proxy"},
		{[]string{"serve", "--data", dir, "--site-logo", dir + "/missing.svg"}, "", "logo"},
	}
	for _, c := range cases {
		var out, errs bytes.Buffer
		err := run(ctx, c.args, strings.NewReader(c.stdin), &out, &errs)
		if err == nil || !strings.Contains(err.Error()+errs.String(), c.want) {
			t.Errorf("%v: %v (stderr %q), want an error containing %q", c.args, err, errs.String(), c.want)
		}
	}
}

func TestEnvironmentSetsFlags(t *testing.T) {
	t.Setenv("SOCLE_SITE_NAME", "Portail Transport")
	t.Setenv("SOCLE_RATE_LOGIN_IP", "7/1m")
	t.Setenv("SOCLE_S3_INSECURE", "true")
	cfg := app.Defaults()
	fs := newFlagSet(&cfg)
	if err := parse(fs, []string{"--site-name", "Given"}); err != nil {
		t.Fatal(err)
	}
	if cfg.SiteName != "Given" || cfg.Limits.LoginIP.N != 7 || !cfg.S3.Insecure {
		t.Fatalf("flag must win over the environment, which fills the rest: %+v", cfg)
	}
}
