// Package follow is udata's following: a user follows a dataset or an
// organization to hear of it, and each object lists its followers. The
// caller resolves the object first (its visibility is the catalog's and the
// organizations' rule); this package keeps who follows what.
package follow

import (
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/errs"
)

// Kind is what may be followed.
type Kind string

// Kinds of followed objects.
const (
	Dataset      Kind = "dataset"
	Organization Kind = "organization"
)

// Target is a followed object.
type Target struct {
	Kind Kind
	ID   string
}

// Follower is one user following a target, since a date.
type Follower struct {
	ID    string
	User  account.User
	Since time.Time
}

// Follow is one object a user follows, since a date.
type Follow struct {
	Target Target
	Since  time.Time
}

// Query pages through a target's followers; UserID keeps only that user
// (udata's way to ask whether someone follows).
type Query struct {
	UserID         string
	Page, PageSize int
}

// ErrNotFollowing is an unfollow by someone who does not follow: udata's 404.
var ErrNotFollowing = errs.New(errs.ErrNotFound, "", "follow: not following")
