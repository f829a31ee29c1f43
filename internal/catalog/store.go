package catalog

import (
	"context"
	"time"

	"github.com/socle-portal/socle/internal/keyset"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/sqldb"
)

// Query selects datasets.
type Query struct {
	Q       string
	OrgID   string
	OwnerID string
	Tags    []string
	License string
	Format  string // datasets with a resource of this format
	// Geozone keeps datasets whose spatial zones include this zone id.
	Geozone string
	// Granularity keeps datasets of this spatial granularity.
	Granularity string
	// CoverageStart and CoverageEnd (both days, the end included, both set
	// or neither) keep datasets whose temporal coverage overlaps them; a
	// coverage missing one end is open on that side, one missing both never
	// matches.
	CoverageStart, CoverageEnd time.Time
	// OrgBadge keeps the datasets of organizations with this badge.
	OrgBadge string
	// Private, when set, keeps the private datasets only (true) or the
	// others only (false): among those the viewer may see.
	Private *bool
	// Deleted lists deleted datasets instead of live ones: those the
	// viewer could edit (udata's deleted=true).
	Deleted    bool
	WithHidden bool // ask for private and draft datasets too: Search grants it to those who may see them
	Sort       string
	Page       int
	PageSize   int
	// After, when set, starts the page after this row of the same
	// ordering instead of at Page: the cost no longer grows with depth.
	After *keyset.Cursor
	// hiddenOf, set by Search, lists besides the public datasets the
	// hidden ones of this user and of their organizations.
	hiddenOf string
}

// Store keeps datasets, resources and transfers in the database: Reader's
// queries on the read pool, and transactions.
type Store struct {
	Reader
	db *sqldb.DB
}

// NewStore is the catalog side of db.
func NewStore(db *sqldb.DB) Store { return Store{ReaderOn(db.Read()), db} }

// InTx runs fn in one transaction.
func (s Store) InTx(ctx context.Context, fn func(Tx) error) error {
	return sqldb.InTxOn(ctx, s.db, TxOn, fn)
}

// Reader holds the catalog queries, and the organization and account ones
// they need; on a pool or in a transaction.
type Reader struct {
	org.Reader
	x sqldb.Conn
}

// ReaderOn reads through c.
func ReaderOn(c sqldb.Conn) Reader { return Reader{org.ReaderOn(c), c} }

// Tx is a transaction.
type Tx struct{ Reader }

// TxOn is a transaction on c.
func TxOn(c sqldb.Conn) Tx { return Tx{ReaderOn(c)} }
