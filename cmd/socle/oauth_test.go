package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/testdb"
)

// TestOAuthClientTokenTTL registers a transport-like client from the
// command line, as README says, and lists it with its lifetime; an
// unbounded lifetime is refused.
func TestOAuthClientTokenTTL(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(string(b), func(t *testing.T) {
			ctx := context.Background()
			args := []string{"--data", t.TempDir()}
			if b == "postgres" {
				args = append(args, "--database-url", testdb.Schema(t))
			}
			var out, errs bytes.Buffer
			create := []string{"oauth", "client", "create", "--name", "transport.data.gouv.fr",
				"--redirect-uri", "https://transport.data.gouv.fr/login/callback", "--scopes", "default"}
			if err := run(ctx, append(append(create, "--token-ttl", "720h"), args...), nil, &out, &errs); err != nil {
				t.Fatalf("create: %v\n%s", err, errs.String())
			}
			if !strings.HasPrefix(out.String(), "client_id ") || !strings.Contains(out.String(), "\nclient_secret socle_cs_") {
				t.Fatalf("create printed %q", out.String())
			}
			if err := run(ctx, append(append(create, "--token-ttl", "9000h"), args...), nil, &out, &errs); err == nil {
				t.Fatal("a lifetime over 365 days was accepted")
			}
			out.Reset()
			if err := run(ctx, append([]string{"oauth", "client", "list"}, args...), nil, &out, &errs); err != nil {
				t.Fatal(err)
			}
			if lines := strings.Split(strings.TrimSpace(out.String()), "\n"); len(lines) != 1 ||
				!strings.HasSuffix(lines[0], "\t720h0m0s") || !strings.Contains(lines[0], "\tconfidential\tdefault\t") {
				t.Fatalf("list printed %q", out.String())
			}
		})
	}
}
