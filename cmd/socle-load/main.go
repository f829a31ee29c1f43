// Command socle-load is socle's reproducible load test (issue 14): it loads
// the 36,359 local authorities of the directory as organizations and N
// datasets, serves socle and a bare net/http handler that writes a
// constant, runs wrk over each scenario (a mix of real queries) and prints
// each figure as a share of the bare handler. See docs/benchmarks.md.
//
//	go run ./cmd/socle-load -data /tmp/socle-load -datasets 1000000
//	go run ./cmd/socle-load -data /tmp/socle-load-pg -database-url postgres://postgres@127.0.0.1:5432/socle_load?sslmode=disable
//
// Loading happens once per data folder (or database): a later run finds the
// rows and only measures. It runs in a child process so that the measured
// process's memory is socle's, not the loader's.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

type options struct {
	data, databaseURL string
	datasets          int
	duration, warmup  time.Duration
	threads, conns    int
	only              string
	profileDir        string
	memProfileDir     string
	loadOnly          bool
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "socle-load:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, out io.Writer) error {
	var o options
	fs := flag.NewFlagSet("socle-load", flag.ContinueOnError)
	fs.StringVar(&o.data, "data", filepath.Join(os.TempDir(), "socle-load"), "data folder (kept: a later run reuses what it loaded)")
	fs.StringVar(&o.databaseURL, "database-url", "", "postgres://... to measure PostgreSQL (default: SQLite in the data folder)")
	fs.IntVar(&o.datasets, "datasets", 1_000_000, "datasets to load, spread over the organizations")
	fs.DurationVar(&o.duration, "d", 10*time.Second, "duration of each wrk run")
	fs.DurationVar(&o.warmup, "warmup", 3*time.Second, "unmeasured wrk run before each scenario (0: none)")
	fs.IntVar(&o.threads, "t", 2, "wrk threads")
	fs.IntVar(&o.conns, "c", 32, "wrk connections")
	fs.StringVar(&o.only, "only", "", "comma-separated scenarios to run (default: all)")
	fs.StringVar(&o.profileDir, "cpuprofile", "", "folder where a CPU profile of socle is written per scenario")
	fs.StringVar(&o.memProfileDir, "memprofile", "", "folder where heap profiles are written: idle, and after each scenario")
	fs.BoolVar(&o.loadOnly, "load-only", false, "load the data and exit (used by the command itself)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if _, err := exec.LookPath("wrk"); err != nil && !o.loadOnly {
		return errors.New("wrk not found: apt-get install wrk")
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	if o.loadOnly {
		return load(ctx, o, log)
	}
	if err := loadInChild(ctx, args); err != nil {
		return fmt.Errorf("load: %w", err)
	}
	return measure(ctx, o, out)
}

// loadInChild runs this command with -load-only, so that the memory the
// loading took is not counted as socle's.
func loadInChild(ctx context.Context, args []string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, self, append([]string{"-load-only"}, args...)...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	return cmd.Run()
}

// wanted reports whether scenario name is to run.
func (o options) wanted(name string) bool {
	if o.only == "" || name == "bare" {
		return true
	}
	for _, s := range strings.Split(o.only, ",") {
		if strings.TrimSpace(s) == name {
			return true
		}
	}
	return false
}
