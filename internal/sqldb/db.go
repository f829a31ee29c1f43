// Package sqldb is socle's database plumbing: the pools of one backend
// (SQLite or PostgreSQL), migrations, transactions, the job queue they
// enqueue on, driver-error classification and the few dialect differences.
// The SQL itself lives beside the rules, in each domain package's
// store_*.go files; it is portable (numbered parameters, RETURNING, ON
// CONFLICT), so one text serves both backends.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/riverqueue/river"

	"github.com/socle-portal/socle/internal/errs"
)

// Backend names a database engine.
type Backend string

const (
	SQLite   Backend = "sqlite"
	Postgres Backend = "postgres"
)

// ErrUnique is a write refused by a uniqueness constraint. Transactions
// wrap the driver's error with it, so that the rules see a conflict (409)
// whatever the engine.
var ErrUnique = errs.New(errs.ErrConflict, "api.conflict", "conflicting write")

// DB is an opened database. Writes go through writer; reads outside
// transactions go through reader, which for SQLite is a separate read-only
// pool so that reads never queue behind the single writer.
type DB struct {
	Backend Backend
	writer  *sql.DB
	reader  *sql.DB
	reads   querier // reader, through a statement cache on SQLite
	queue   *river.Client[*sql.Tx]
	unique  func(error) bool
}

// New wraps opened pools. isUnique recognizes the backend's unique
// constraint violation.
func New(b Backend, writer, reader *sql.DB, isUnique func(error) bool) *DB {
	db := &DB{Backend: b, writer: writer, reader: reader, reads: reader, unique: isUnique}
	if b == SQLite {
		db.reads = newStmtCache(reader)
	}
	return db
}

// Writer is the pool that writes; River uses it too.
func (db *DB) Writer() *sql.DB { return db.writer }

// SetQueue gives the database the job queue that transactions enqueue on.
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
	if _, err := db.writer.ExecContext(ctx, `PRAGMA optimize`); err != nil {
		return err
	}
	return db.dropSamples(ctx)
}

// Analyze gathers the planner's statistics over every table now (after a
// bulk load), keeping them as Optimize does.
func (db *DB) Analyze(ctx context.Context) error {
	if _, err := db.writer.ExecContext(ctx, `ANALYZE`); err != nil {
		return err
	}
	if db.Backend != SQLite {
		return nil
	}
	return db.dropSamples(ctx)
}

// dropSamples empties sqlite_stat4 and keeps sqlite_stat1's counts. The
// SQLite socle is built with (STAT4) re-plans a statement at every run
// once samples exist for an index it compares with a parameter, which
// throws away what the statement cache saves: a slug read cost 105 µs
// instead of 16, and dataset lists ran at half their rate under load
// (docs/benchmarks.md). The counts alone plan socle's queries as well.
func (db *DB) dropSamples(ctx context.Context) error {
	var n int
	err := db.writer.QueryRowContext(ctx,
		`SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_stat4'`).Scan(&n)
	if err != nil || n == 0 {
		return err
	}
	if _, err := db.writer.ExecContext(ctx, `DELETE FROM sqlite_stat4`); err != nil {
		return err
	}
	// the planner reads the statistics again
	_, err = db.writer.ExecContext(ctx, `ANALYZE sqlite_schema`)
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

// Read is a connection on the read pool, outside any transaction.
func (db *DB) Read() Conn { return Conn{db: db, x: db.reads} }

// Write is a connection on the write pool, outside any transaction: each
// statement commits at once (rate-limit counters, "last seen" stamps).
func (db *DB) Write() Conn { return Conn{db: db, x: db.writer} }

type txKey struct{ db *DB }

// InTxOn runs fn in a transaction as InTx does, handing it the domain's
// view of the connection (a store's TxOn): each domain store's InTx is this
// call, not a closure of its own.
func InTxOn[T any](ctx context.Context, db *DB, on func(Conn) T, fn func(T) error) error {
	return db.InTx(ctx, func(_ context.Context, c Conn) error { return fn(on(c)) })
}

// InTx runs fn in a transaction and commits it if fn returns nil. A call
// made with a context that InTx gave out joins that transaction instead of
// starting one: the outermost call commits or rolls back.
func (db *DB) InTx(ctx context.Context, fn func(context.Context, Conn) error) (err error) {
	if c, ok := ctx.Value(txKey{db}).(Conn); ok {
		return fn(ctx, c)
	}
	sqltx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqldb: begin: %w", err)
	}
	defer func() {
		if err != nil {
			_ = sqltx.Rollback() // the error that made us roll back is the one to report
		}
	}()
	c := Conn{db: db, x: sqltx, tx: sqltx}
	if err := fn(context.WithValue(ctx, txKey{db}, c), c); err != nil {
		return db.classify(err)
	}
	if err := sqltx.Commit(); err != nil {
		return db.classify(fmt.Errorf("sqldb: commit: %w", err))
	}
	return nil
}

// classify gives driver errors a kind the rules know.
func (db *DB) classify(err error) error {
	if err != nil && db.unique(err) && !errors.Is(err, ErrUnique) {
		return fmt.Errorf("%w: %w", ErrUnique, err)
	}
	return err
}
