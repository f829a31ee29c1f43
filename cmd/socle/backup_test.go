package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/app"
	"github.com/socle-portal/socle/internal/backup"
	"github.com/socle-portal/socle/internal/org"
)

// TestBackupWhileWriting backs a SQLite socle up while organizations are
// being created, restores the archive into an empty folder, and finds there
// every organization whose creation was acknowledged before the backup
// began, and the files.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cfg := app.Defaults()
	cfg.DataDir = dir
	cfg.Argon2 = account.Argon2Params{Memory: 64, Time: 1, Threads: 1}
	a, err := app.Open(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close(ctx)
	admin, err := a.Accounts.CreateUser(ctx, account.NewUser{Email: "ada@example.org", FirstName: "Ada",
		LastName: "Admin", Password: "Secret123", Confirmed: true})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Files.Put(ctx, "logos/kept.txt", strings.NewReader("a logo")); err != nil {
		t.Fatal(err)
	}
	var started, stop atomic.Bool
	var mu sync.Mutex
	var before []string // acknowledged before the backup began
	var wg sync.WaitGroup
	ready := make(chan struct{}) // 21 writes acknowledged
	var once sync.Once
	wg.Go(func() {
		defer once.Do(func() { close(ready) })
		for i := 0; !stop.Load(); i++ {
			name := fmt.Sprintf("Syndicat des transports %d", i)
			_, err := a.Orgs.Create(ctx, admin, org.Input{Name: name, Description: "d"}, true)
			if err != nil {
				t.Errorf("create %s: %v", name, err)
				return
			}
			if !started.Load() {
				mu.Lock()
				before = append(before, name)
				mu.Unlock()
			}
			if i == 20 {
				once.Do(func() { close(ready) })
			}
		}
	})
	<-ready
	started.Store(true)
	if t.Failed() {
		t.FailNow()
	}
	out := filepath.Join(t.TempDir(), "socle.tar.gz")
	var stdout, stderr bytes.Buffer
	err = run(ctx, []string{"backup", "--data", dir, "--output", out}, nil, &stdout, &stderr)
	stop.Store(true)
	wg.Wait()
	if err != nil {
		t.Fatalf("backup: %v\n%s", err, stderr.String())
	}

	restored := t.TempDir()
	if err := run(ctx, []string{"restore", "--data", restored, "--input", out}, nil, &stdout, &stderr); err != nil {
		t.Fatalf("restore: %v", err)
	}
	err = run(ctx, []string{"restore", "--data", restored, "--input", out}, nil, &stdout, &stderr)
	if !errors.Is(err, backup.ErrExists) {
		t.Errorf("restoring over a database: %v, want ErrExists", err)
	}
	cfg.DataDir = restored
	b, err := app.Open(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close(ctx)
	names := map[string]bool{}
	rows, err := b.DB.Writer().QueryContext(ctx, `SELECT name FROM organizations`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		names[n] = true
	}
	rows.Close()
	for _, n := range before {
		if !names[n] {
			t.Errorf("%q was acknowledged before the backup and is not in it", n)
		}
	}
	if len(before) < 21 {
		t.Fatalf("only %d writes before the backup", len(before))
	}
	rc, err := b.Files.Open(ctx, "logos/kept.txt")
	if err != nil {
		t.Fatalf("file not restored: %v", err)
	}
	got, _ := io.ReadAll(rc)
	rc.Close()
	if string(got) != "a logo" {
		t.Errorf("restored file: %q", got)
	}
	if _, err := os.Stat(filepath.Join(restored, "socle.db.restore-tmp")); err == nil {
		t.Error("restore left its temporary file")
	}
}

// TestBackupPostgresSaysPgDump: on PostgreSQL, backup and restore point to
// pg_dump instead of doing half a job.
func TestBackupPostgresSaysPgDump(t *testing.T) {
	for _, cmd := range [][]string{{"backup", "--output", "x.tar.gz"}, {"restore", "--input", "x.tar.gz"}} {
		args := append(cmd, "--data", t.TempDir(), "--database-url", "postgres://postgres@127.0.0.1:5432/x")
		err := run(context.Background(), args, nil, io.Discard, io.Discard)
		if !errors.Is(err, errPostgres) {
			t.Errorf("%v: %v, want the pg_dump advice", cmd, err)
		}
	}
}
