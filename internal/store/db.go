// Package store keeps socle's data in SQLite or PostgreSQL. The SQL is
// portable (numbered parameters, RETURNING, ON CONFLICT), so one
// implementation serves both; the sqlite and postgres packages open the
// connections, tune them and apply their own migrations.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/mail"
)

// Backend names a database engine.
type Backend string

const (
	SQLite   Backend = "sqlite"
	Postgres Backend = "postgres"
)

// DB is the store. Writes go through writer; reads outside transactions go
// through reader, which for SQLite is a separate read-only pool so that
// reads never queue behind the single writer.
type DB struct {
	Backend Backend
	writer  *sql.DB
	reader  *sql.DB
	queue   *river.Client[*sql.Tx]
	unique  func(error) bool
}

// New wraps opened pools. isUnique recognizes the backend's unique
// constraint violation.
func New(b Backend, writer, reader *sql.DB, isUnique func(error) bool) *DB {
	return &DB{Backend: b, writer: writer, reader: reader, unique: isUnique}
}

// Writer is the pool that writes; River uses it too.
func (db *DB) Writer() *sql.DB { return db.writer }

// SetQueue gives the store the job queue that transactions enqueue mail on.
func (db *DB) SetQueue(q *river.Client[*sql.Tx]) { db.queue = q }

// Close closes both pools.
func (db *DB) Close() error {
	err := db.writer.Close()
	if db.reader != db.writer {
		err = errors.Join(err, db.reader.Close())
	}
	return err
}

// Optimize refreshes the query planner's statistics where the engine does
// not do it by itself (SQLite; PostgreSQL's autovacuum analyzes).
func (db *DB) Optimize(ctx context.Context) error {
	if db.Backend != SQLite {
		return nil
	}
	_, err := db.writer.ExecContext(ctx, `PRAGMA optimize`)
	return err
}

// Ping checks that the database answers, for /readyz.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.writer.PingContext(ctx); err != nil {
		return err
	}
	var one int
	return db.reader.QueryRowContext(ctx, `SELECT 1`).Scan(&one)
}

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// q runs queries on a pool or a transaction.
type q struct {
	db *DB
	x  querier
}

// Tx is a transaction of the store.
type Tx struct {
	q
	tx *sql.Tx
}

// InTx runs fn in a transaction and commits it if fn returns nil.
func (db *DB) InTx(ctx context.Context, fn func(account.Tx) error) error {
	return db.inTx(ctx, func(tx *Tx) error { return fn(tx) })
}

func (db *DB) inTx(ctx context.Context, fn func(*Tx) error) (err error) {
	sqltx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer func() {
		if err != nil {
			_ = sqltx.Rollback() // the error that made us roll back is the one to report
		}
	}()
	if err := fn(&Tx{q: q{db: db, x: sqltx}, tx: sqltx}); err != nil {
		return db.mapErr(err)
	}
	if err := sqltx.Commit(); err != nil {
		return db.mapErr(fmt.Errorf("store: commit: %w", err))
	}
	return nil
}

func (db *DB) mapErr(err error) error {
	if err != nil && db.unique(err) {
		return fmt.Errorf("%w: %w", account.ErrConflict, err)
	}
	return err
}

func (db *DB) read() q { return q{db: db, x: db.reader} }

// Enqueue inserts a mail job in the transaction: it is sent only if the
// transaction commits, and it survives restarts until delivered.
func (tx *Tx) Enqueue(ctx context.Context, m mail.Message) error {
	if tx.db.queue == nil {
		return errors.New("store: no job queue configured")
	}
	_, err := tx.db.queue.InsertTx(ctx, tx.tx, mail.SendArgs{Message: m}, nil)
	return err
}

// Queue inserts a job in the transaction: it runs only if the transaction
// commits.
func (tx *Tx) Queue(ctx context.Context, job account.Job) error {
	if tx.db.queue == nil {
		return errors.New("store: no job queue configured")
	}
	_, err := tx.db.queue.InsertTx(ctx, tx.tx, job, nil)
	return err
}

// ts formats times for the database. SQLite compares timestamps as text, so
// every stored time has the same width and zone: UTC with microseconds.
// PostgreSQL parses the same text into timestamptz.
func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format("2006-01-02 15:04:05.000000+00:00")
}

// nullTime scans a nullable timestamp into a time that is zero when NULL.
type nullTime struct{ t *time.Time }

func (n nullTime) Scan(v any) error {
	var nt sql.NullTime
	if err := nt.Scan(v); err != nil {
		if s, ok := v.(string); ok {
			t, perr := parseTime(s)
			*n.t = t
			return perr
		}
		return err
	}
	if nt.Valid {
		*n.t = nt.Time.UTC()
	} else {
		*n.t = time.Time{}
	}
	return nil
}

func parseTime(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("store: unreadable time %q", s)
}

func tm(t *time.Time) nullTime { return nullTime{t} }

func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return account.ErrNotFound
	}
	return err
}
