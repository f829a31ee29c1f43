package catalog

import (
	"context"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/keyset"
	"github.com/socle-portal/socle/internal/org"
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
	WithHidden                 bool // ask for private and draft datasets too: Search grants it to those who may see them
	Sort                       string
	Page                       int
	PageSize                   int
	// After, when set, starts the page after this row of the same
	// ordering instead of at Page: the cost no longer grows with depth.
	After *keyset.Cursor
}

// Store is what the catalog rules need from persistence.
type Store interface {
	Reader
	InTx(ctx context.Context, fn func(Tx) error) error
	// TransfersFor lists pending transfers userID asked for or may answer,
	// except stale ones (their dataset changed owner or was deleted).
	TransfersFor(ctx context.Context, userID string) ([]Transfer, error)
	// EachDataset visits every public dataset (of orgID when not empty).
	EachDataset(ctx context.Context, orgID string, fn func(Dataset) error) error
}

// Reader holds the catalog's queries.
type Reader interface {
	DatasetByID(ctx context.Context, id string) (Dataset, error)
	DatasetBySlug(ctx context.Context, slug string) (Dataset, error)
	DatasetSlugTaken(ctx context.Context, slug string) (bool, error)
	SearchDatasets(ctx context.Context, q Query) ([]Dataset, int, error)
	Assigned(ctx context.Context, datasetID, userID string) (bool, error)
	Assignments(ctx context.Context, orgID string) (map[string][]string, error)
	OrgByID(ctx context.Context, id string) (org.Organization, error)
	Member(ctx context.Context, orgID, userID string) (org.Member, error)
	ResourceByID(ctx context.Context, id string) (Resource, error)
	Resources(ctx context.Context, datasetID string) ([]Resource, error)
	ResourceCount(ctx context.Context, datasetID string) (int, error)
	Versions(ctx context.Context, resourceID string) ([]Version, error)
	TransferByID(ctx context.Context, id string) (Transfer, error)
	UserByID(ctx context.Context, id string) (account.User, error)
}

// Tx is a transaction.
type Tx interface {
	Reader
	CreateDataset(ctx context.Context, d Dataset, searchText string) error
	UpdateDataset(ctx context.Context, d Dataset, searchText string) error
	// LockDataset reads a dataset and holds its row until the transaction
	// ends, so that concurrent changes of its owner queue.
	LockDataset(ctx context.Context, id string) (Dataset, error)
	SetAssignments(ctx context.Context, orgID, userID string, datasetIDs []string) error
	CreateResource(ctx context.Context, r Resource) error
	UpdateResource(ctx context.Context, r Resource) error
	DeleteResource(ctx context.Context, id string) error
	SetResourcePosition(ctx context.Context, id string, position int) error
	AddVersion(ctx context.Context, v Version) error
	CreateTransfer(ctx context.Context, t Transfer) error
	HandleTransfer(ctx context.Context, id string, status TransferStatus, by string, at time.Time) (bool, error)
	ClearAssignments(ctx context.Context, datasetID string) error
}
