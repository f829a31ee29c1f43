// Package testdb gives tests a fresh, migrated database on each backend:
// a temporary SQLite file, or a schema of its own in the test PostgreSQL so
// that concurrent runs never collide. An unreachable PostgreSQL fails the
// test; it is never skipped.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/riverqueue/river"

	"github.com/socle-portal/socle/internal/mail"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/sqldb/postgres"
	"github.com/socle-portal/socle/internal/sqldb/sqlite"
)

// DefaultPostgresURL is the test server of DEVELOPERS.md; SOCLE_TEST_POSTGRES
// overrides it.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// Backends are the backends tests run on: SOCLE_TEST_BACKENDS
// (comma-separated) or both.
func Backends() []sqldb.Backend {
	v := os.Getenv("SOCLE_TEST_BACKENDS")
	if v == "" {
		return []sqldb.Backend{sqldb.SQLite, sqldb.Postgres}
	}
	var out []sqldb.Backend
	for _, b := range strings.Split(v, ",") {
		out = append(out, sqldb.Backend(strings.TrimSpace(b)))
	}
	return out
}

// ForEach runs fn as a subtest on a fresh database of every backend.
func ForEach(t *testing.T, fn func(t *testing.T, db *sqldb.DB)) {
	t.Helper()
	for _, b := range Backends() {
		t.Run(string(b), func(t *testing.T) { fn(t, Open(t, b)) })
	}
}

// Open returns a migrated database with an insert-only job queue, closed
// and removed when the test ends.
func Open(t testing.TB, b sqldb.Backend) *sqldb.DB {
	t.Helper()
	ctx := context.Background()
	var db *sqldb.DB
	var err error
	switch b {
	case sqldb.SQLite:
		db, err = sqlite.Open(filepath.Join(t.TempDir(), "socle.db"))
	case sqldb.Postgres:
		db, err = postgres.Open(Schema(t), 10)
	default:
		t.Fatalf("testdb: unknown backend %q", b)
	}
	if err != nil {
		t.Fatalf("testdb: open %s: %v", b, err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatalf("testdb: migrate %s: %v", b, err)
	}
	q, err := river.NewClient(db.RiverDriver(), &river.Config{})
	if err != nil {
		t.Fatalf("testdb: queue: %v", err)
	}
	db.SetQueue(q)
	return db
}

// Schema creates a PostgreSQL schema for this test and returns a URL whose
// connections use it; the schema is dropped when the test ends.
func Schema(t testing.TB) string {
	t.Helper()
	base := os.Getenv("SOCLE_TEST_POSTGRES")
	if base == "" {
		base = DefaultPostgresURL
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("testdb: PostgreSQL at %s is required (start it with pg_ctlcluster): %v", base, err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer admin.Close()
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("testdb: %v", err)
	}
	qs := u.Query()
	qs.Set("search_path", schema)
	u.RawQuery = qs.Encode()
	return u.String()
}

// Mails returns the messages queued so far, oldest first.
func Mails(t testing.TB, db *sqldb.DB) []mail.Message {
	t.Helper()
	col := "args"
	if db.Backend == sqldb.SQLite {
		col = "json(args)" // River keeps SQLite JSONB, a binary form
	}
	rows, err := db.Writer().Query(`SELECT ` + col + ` FROM river_job WHERE kind = 'mail.send' ORDER BY id`)
	if err != nil {
		t.Fatalf("testdb: mails: %v", err)
	}
	defer rows.Close()
	var out []mail.Message
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			t.Fatalf("testdb: mails: %v", err)
		}
		var a mail.SendArgs
		if err := json.Unmarshal(raw, &a); err != nil {
			t.Fatalf("testdb: mails: %v", err)
		}
		out = append(out, a.Message)
	}
	return out
}

// TakeJobs returns the arguments of the jobs of kind queued so far, oldest
// first, and removes them from the queue: a test runs them itself, once.
func TakeJobs[T any](t testing.TB, db *sqldb.DB, kind string) []T {
	t.Helper()
	col := "args"
	if db.Backend == sqldb.SQLite {
		col = "json(args)"
	}
	rows, err := db.Writer().Query(`SELECT `+col+` FROM river_job WHERE kind = $1 ORDER BY id`, kind)
	if err != nil {
		t.Fatalf("testdb: jobs: %v", err)
	}
	var out []T
	for rows.Next() {
		var raw []byte
		var a T
		if err := rows.Scan(&raw); err != nil {
			t.Fatalf("testdb: jobs: %v", err)
		}
		if err := json.Unmarshal(raw, &a); err != nil {
			t.Fatalf("testdb: jobs: %v", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("testdb: jobs: %v", err)
	}
	rows.Close()
	if _, err := db.Writer().Exec(`DELETE FROM river_job WHERE kind = $1`, kind); err != nil {
		t.Fatalf("testdb: jobs: %v", err)
	}
	return out
}
