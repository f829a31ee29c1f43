package org

import (
	"context"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/keyset"
	"github.com/socle-portal/socle/internal/mail"
)

// Store is what the organization rules need from persistence; internal/store
// implements it on SQLite and PostgreSQL.
type Store interface {
	Reader
	InTx(ctx context.Context, fn func(Tx) error) error
	EachLiveOrg(ctx context.Context, fn func(Organization) error) error
}

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

// Reader holds the queries the rules and the front ends make.
type Reader interface {
	UserByID(ctx context.Context, id string) (account.User, error)
	UserByEmail(ctx context.Context, email string) (account.User, error)
	OrgByID(ctx context.Context, id string) (Organization, error)
	OrgBySlug(ctx context.Context, slug string) (Organization, error)
	OrgSlugTaken(ctx context.Context, slug string) (bool, error)
	SearchOrgs(ctx context.Context, q Query) ([]Organization, int, error)
	// DuplicateCandidates returns live organizations with this SIREN or this
	// name key.
	DuplicateCandidates(ctx context.Context, siren, nameKey string) ([]Organization, error)
	Members(ctx context.Context, orgID string) ([]Member, error)
	Member(ctx context.Context, orgID, userID string) (Member, error)
	UserMemberships(ctx context.Context, userID string) ([]Membership, error)
	Requests(ctx context.Context, orgID string, status RequestStatus, userID string) ([]Request, error)
	RequestByID(ctx context.Context, id string) (Request, error)
	PendingRequest(ctx context.Context, orgID, userID string) (Request, error)
	// InvitationsFor returns pending invitations not expired at now, to
	// userID or to email (when not empty).
	InvitationsFor(ctx context.Context, userID, email string, now time.Time) ([]Request, error)
	SupportQueue(ctx context.Context) ([]Request, error)
	PendingRequestsOf(ctx context.Context, userID string) ([]Request, error)
	Notifications(ctx context.Context, userID string, filter ReadFilter, limit, offset int) ([]Notification, int, error)
	OrgEvents(ctx context.Context, orgID string, limit int) ([]Event, error)
}

// Tx is a transaction.
type Tx interface {
	Reader
	// LockOrg serializes membership changes of one organization, so that
	// two admins demoting each other cannot both succeed.
	LockOrg(ctx context.Context, id string) error
	CreateOrg(ctx context.Context, o Organization, nameKey string) error
	UpdateOrg(ctx context.Context, o Organization, nameKey string) error
	AddMember(ctx context.Context, orgID, userID string, role Role, since time.Time) error
	SetMemberRole(ctx context.Context, orgID, userID string, role Role) error
	SetMemberFunction(ctx context.Context, orgID, userID string, f Function) error
	RemoveMember(ctx context.Context, orgID, userID string) error
	CountAdmins(ctx context.Context, orgID string) (int, error)
	// LockMemberOrgs takes the lock of LockOrg on every organization userID
	// is a member of, whatever the role (a member may be made admin
	// meanwhile), in one order for every caller, so that no deadlock comes
	// of two of them.
	LockMemberOrgs(ctx context.Context, userID string) error
	OrgsWhereOnlyAdmin(ctx context.Context, userID string) ([]Organization, error)
	// LeaveAll removes userID from every organization and cancels their
	// pending requests.
	LeaveAll(ctx context.Context, userID string) error
	CreateRequest(ctx context.Context, r Request) error
	UpdateRequestComment(ctx context.Context, id, comment string, at time.Time) error
	// HandleRequest moves a pending request to status; false when it was no
	// longer pending, so of two concurrent answers only one wins.
	HandleRequest(ctx context.Context, id string, status RequestStatus, by, refusal string, at time.Time) (bool, error)
	// ResolveRequestNotices marks read the admins' notices of a requester's
	// request to the organization: once handled, it waits for nobody.
	ResolveRequestNotices(ctx context.Context, orgID, requesterID string, at time.Time) error
	EscalationCandidates(ctx context.Context, staleBefore, activeSince time.Time) ([]Request, error)
	Escalate(ctx context.Context, id, why string, at time.Time) (bool, error)
	CreateNotification(ctx context.Context, n Notification) error
	DigestPending(ctx context.Context) ([]Notification, error)
	DigestSent(ctx context.Context, userID string, upTo time.Time) error
	MarkRead(ctx context.Context, userID, id string, at time.Time) (Notification, error)
	LogOrg(ctx context.Context, e Event) error
	Enqueue(ctx context.Context, m mail.Message) error
}
