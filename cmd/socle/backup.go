package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // the backup opens the database file itself

	"github.com/socle-portal/socle/internal/app"
	"github.com/socle-portal/socle/internal/backup"
)

// errPostgres explains what to do instead on PostgreSQL.
var errPostgres = errors.New("the database is PostgreSQL: back it up with pg_dump and restore it with pg_restore " +
	"(README, \"Deploying\"); files in an S3 store are backed up by the store")

// storagePaths are the SQLite file and the local file store of cfg; ok is
// false on PostgreSQL. files is "" when files live in S3.
func storagePaths(cfg app.Config) (db, files string, ok bool) {
	switch u := cfg.DatabaseURL; {
	case u == "":
		db = filepath.Join(cfg.DataDir, "socle.db")
	case strings.HasPrefix(u, "sqlite:"):
		db = strings.TrimPrefix(strings.TrimPrefix(u, "sqlite:"), "//")
	default:
		return "", "", false
	}
	if cfg.S3.Endpoint == "" {
		files = filepath.Join(cfg.DataDir, "files")
	}
	return db, files, true
}

// parseStorage reads the settings and one more flag (name) into *value.
func parseStorage(cmd, name, usage string, value *string, args []string, stderr io.Writer) (app.Config, error) {
	cfg := app.Defaults()
	fs := newFlagSet(&cfg)
	fs.Init("socle "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(value, name, "", usage)
	if err := parse(fs, args); err != nil {
		return cfg, err
	}
	if *value == "" {
		return cfg, fmt.Errorf("--%s is required", name)
	}
	return cfg, nil
}

// backupCmd writes a consistent copy of the database and the local files
// while socle serves.
func backupCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var output string
	cfg, err := parseStorage("backup", "output", "archive to write (.tar.gz)", &output, args, stderr)
	if err != nil {
		return err
	}
	dbPath, files, ok := storagePaths(cfg)
	if !ok {
		return errPostgres
	}
	if _, err := os.Stat(dbPath); err != nil {
		return fmt.Errorf("database: %w", err)
	}
	db, err := sql.Open("sqlite", "file:"+(&url.URL{Path: dbPath}).EscapedPath()+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	tmp := output + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := backup.Write(ctx, db, dbPath, files, f); err != nil {
		f.Close()
		return err
	}
	if err := errors.Join(f.Sync(), f.Close()); err != nil {
		return err
	}
	if err := os.Rename(tmp, output); err != nil {
		return err
	}
	if files == "" {
		fmt.Fprintln(stderr, "socle: files are in S3: back the bucket up with the store's tools")
	}
	fmt.Fprintln(stdout, output)
	return nil
}

// restoreCmd brings a backup back into the configured data folder; socle
// must not be running on it.
func restoreCmd(ctx context.Context, args []string, stderr io.Writer) error {
	var input string
	cfg, err := parseStorage("restore", "input", "archive written by socle backup", &input, args, stderr)
	if err != nil {
		return err
	}
	dbPath, files, ok := storagePaths(cfg)
	if !ok {
		return errPostgres
	}
	if files == "" {
		files = filepath.Join(cfg.DataDir, "files") // kept aside: S3 is restored by its own tools
	}
	f, err := os.Open(input)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := os.MkdirAll(filepath.Dir(dbPath), 0o750); err != nil {
		return err
	}
	return backup.Restore(f, dbPath, files)
}
