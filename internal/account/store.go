package account

import (
	"context"

	"github.com/socle-portal/socle/internal/mail"
	"github.com/socle-portal/socle/internal/sqldb"
)

// Store keeps accounts in the database: Reader's queries on the read pool,
// transactions, and the few writes that commit on their own.
type Store struct {
	Reader
	db *sqldb.DB
}

// NewStore is the account side of db.
func NewStore(db *sqldb.DB) Store { return Store{ReaderOn(db.Read()), db} }

// Reader holds the account queries; on a pool or in a transaction.
type Reader struct{ x sqldb.Conn }

// ReaderOn reads through c: the other domains' stores embed it, so that
// their transactions read accounts in the same transaction.
func ReaderOn(c sqldb.Conn) Reader { return Reader{c} }

// Tx is a transaction: the writes, plus the reads that decide them.
type Tx struct{ Reader }

// TxOn is a transaction on c, for rules of another domain that run inside
// one of theirs (account deletion asks the organizations).
func TxOn(c sqldb.Conn) Tx { return Tx{Reader{c}} }

// Conn is the connection t runs on.
func (t Tx) Conn() sqldb.Conn { return t.x }

// InTx runs fn in one transaction: everything fn writes, mail and jobs
// included, is committed together or not at all.
func (s Store) InTx(ctx context.Context, fn func(Tx) error) error {
	return sqldb.InTxOn(ctx, s.db, TxOn, fn)
}

// Enqueue queues a message for delivery once the transaction commits.
func (t Tx) Enqueue(ctx context.Context, m mail.Message) error { return t.x.Enqueue(ctx, m) }

// Queue queues a job to run once the transaction commits.
func (t Tx) Queue(ctx context.Context, job Job) error { return t.x.Queue(ctx, job) }

// Job is work queued to run outside a request; its Kind names its worker.
type Job interface{ Kind() string }
