package org

import (
	"context"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/keyset"
	"github.com/socle-portal/socle/internal/mail"
	"github.com/socle-portal/socle/internal/sqldb"
)

// Store keeps organizations, members, requests and notifications in the
// database: Reader's queries on the read pool, and transactions.
type Store struct {
	Reader
	db *sqldb.DB
}

// NewStore is the organization side of db.
func NewStore(db *sqldb.DB) Store { return Store{ReaderOn(db.Read()), db} }

// InTx runs fn in one transaction.
func (s Store) InTx(ctx context.Context, fn func(Tx) error) error {
	return sqldb.InTxOn(ctx, s.db, TxOn, fn)
}

// Reader holds the organization queries, and the account ones they need;
// on a pool or in a transaction.
type Reader struct {
	account.Reader
	x sqldb.Conn
}

// ReaderOn reads through c.
func ReaderOn(c sqldb.Conn) Reader { return Reader{account.ReaderOn(c), c} }

// Tx is a transaction.
type Tx struct{ Reader }

// TxOn is a transaction on c.
func TxOn(c sqldb.Conn) Tx { return Tx{ReaderOn(c)} }

// Enqueue queues a message for delivery once the transaction commits.
func (t Tx) Enqueue(ctx context.Context, m mail.Message) error { return t.x.Enqueue(ctx, m) }

// Query selects organizations.
type Query struct {
	Q              string // free text: name, acronym, SIREN
	Badge          string
	Name           string // exact, case-insensitive
	BusinessNumber string // exact
	Sort           string // name, created, last_modified, datasets, followers, reuses, views; "-" for descending
	Page, PageSize int
	// After, when set, starts the page after this row of the same
	// ordering instead of at Page: the cost no longer grows with depth.
	After *keyset.Cursor
}

// Membership is one organization a user belongs to, with their role.
type Membership struct {
	Org  Organization
	Role Role
}
