package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/app"
	"github.com/socle-portal/socle/internal/testdb"
)

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestShutdownDrains stops the server (as SIGTERM does) while a request
// is still sending its body: the listener closes at once, the request is
// answered in full, then Serve returns. Its log line carries the
// X-Request-ID the client sent, which the response returns.
func TestShutdownDrains(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(string(b), func(t *testing.T) {
			ln, err := net.Listen("tcp", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			cfg := testConfig(t, b)
			cfg.Addr = ln.Addr().String()
			var logs syncBuffer
			ctx, stop := context.WithCancel(context.Background())
			defer stop()
			a, err := app.Open(ctx, cfg, slog.New(slog.NewTextHandler(&logs, nil)))
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close(context.Background())
			u, err := a.Accounts.CreateUser(ctx, account.NewUser{Email: "ada@example.org", FirstName: "Ada",
				LastName: "Admin", Password: "Secret123", Confirmed: true})
			if err != nil {
				t.Fatal(err)
			}
			_, key, err := a.Accounts.CreateAPIKey(ctx, u, "drain", account.Meta{})
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- a.Serve(ctx, ln) }()

			body, w := io.Pipe()
			req, _ := http.NewRequest("POST", "http://"+cfg.Addr+"/api/1/organizations/", body)
			req.Header.Set("X-API-KEY", key)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Request-ID", "drain-test-1")
			// The body is sent once the handler reads it (100 Continue): when
			// the first write below returns, the request is in the handler.
			req.Header.Set("Expect", "100-continue")
			client := &http.Client{Transport: &http.Transport{ExpectContinueTimeout: time.Minute}}
			answered := make(chan *http.Response, 1)
			go func() {
				res, err := client.Do(req)
				if err != nil {
					t.Error(err)
				}
				answered <- res
			}()
			w.Write([]byte(`{"name": "Métropole `))
			stop() // what SIGTERM does to "socle serve"
			waitRefused(t, cfg.Addr)
			select {
			case err := <-done:
				t.Fatalf("Serve returned with a request in flight: %v", err)
			default:
			}
			w.Write([]byte(`de Drain", "description": "d"}`))
			w.Close()
			res := <-answered
			if res == nil {
				t.FailNow()
			}
			res.Body.Close()
			if res.StatusCode != http.StatusCreated || res.Header.Get("X-Request-ID") != "drain-test-1" {
				t.Fatalf("in-flight request: %d, X-Request-ID %q", res.StatusCode, res.Header.Get("X-Request-ID"))
			}
			if err := <-done; err != nil {
				t.Fatalf("Serve: %v", err)
			}
			if !strings.Contains(logs.String(), "request_id=drain-test-1") {
				t.Errorf("no request id in the log:\n%s", logs.String())
			}
		})
	}
}

// waitRefused waits until addr refuses connections: the listener is shut.
func waitRefused(t *testing.T, addr string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the listener still accepts connections after shutdown")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestRequestIDGenerated: without X-Request-ID, or with one that is not
// an id, socle makes one.
func TestRequestIDGenerated(t *testing.T) {
	_, base := start(t, testConfig(t, testdb.Backends()[0]))
	for _, sent := range []string{"", "bad id; with spaces", strings.Repeat("a", 65)} {
		req, _ := http.NewRequest("GET", base+"/healthz", nil)
		if sent != "" {
			req.Header["X-Request-Id"] = []string{sent}
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("X-Request-ID"); len(got) != 24 {
			t.Errorf("sent %q: got request id %q, want a new one", sent, got)
		}
	}
}
