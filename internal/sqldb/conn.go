package sqldb

import (
	"context"
	"database/sql"
	"errors"

	"github.com/riverqueue/river"

	"github.com/socle-portal/socle/internal/mail"
)

// querier is what both *sql.DB and *sql.Tx offer.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Conn runs statements on a pool or in a transaction. The domain packages'
// store types hold one.
type Conn struct {
	db *DB
	x  querier
	tx *sql.Tx // nil outside a transaction
}

func (c Conn) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return c.x.ExecContext(ctx, query, args...)
}

func (c Conn) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return c.x.QueryContext(ctx, query, args...)
}

func (c Conn) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return c.x.QueryRowContext(ctx, query, args...)
}

// Exists runs a count query and says whether it counted any row: the
// stores' "is this slug taken" and "is there such a row" questions.
func (c Conn) Exists(ctx context.Context, query string, args ...any) (bool, error) {
	var n int
	err := c.x.QueryRowContext(ctx, query, args...).Scan(&n)
	return n > 0, err
}

// Backend is the engine c talks to.
func (c Conn) Backend() Backend { return c.db.Backend }

// ForUpdate is the clause that locks the rows a SELECT reads until the
// transaction ends. SQLite has none and needs none: its transactions take
// the database's write lock when they begin (_txlock=immediate), so they are
// serialized already.
func (c Conn) ForUpdate() string {
	if c.db.Backend == SQLite {
		return ""
	}
	return " FOR UPDATE"
}

// Enqueue inserts a mail job in the transaction: it is sent only if the
// transaction commits, and it survives restarts until delivered.
func (c Conn) Enqueue(ctx context.Context, m mail.Message) error {
	return c.Queue(ctx, mail.SendArgs{Message: m})
}

// Queue inserts a job in the transaction: it runs only if the transaction
// commits.
func (c Conn) Queue(ctx context.Context, job river.JobArgs) error {
	if c.db.queue == nil {
		return errors.New("sqldb: no job queue configured")
	}
	if c.tx == nil {
		return errors.New("sqldb: jobs are queued in a transaction")
	}
	_, err := c.db.queue.InsertTx(ctx, c.tx, job, nil)
	return err
}
