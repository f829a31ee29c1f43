// Package org owns organizations, their members and roles, badges and the
// membership workflow: asking to join, accepting, refusing, inviting, and
// the rule that an organization always keeps an admin. It knows nothing of
// HTTP.
package org

import (
	"slices"
	"time"

	"github.com/socle-portal/socle/internal/account"
)

// Organization publishes data under its name.
type Organization struct {
	ID             string
	Slug           string
	Name           string
	Acronym        string
	Description    string // markdown
	URL            string
	BusinessNumber string // SIRET (14 digits) or SIREN (9), or empty
	Badges         []string
	Logo           string // version of the current logo, empty when none
	CreatedAt      time.Time
	UpdatedAt      time.Time
	DeletedAt      time.Time
	Members        int // count, filled by reads
	// Datasets is the number of public datasets, kept by the database as
	// datasets change (migration 00024); filled by reads.
	Datasets int
	// Version is raised by the database with every change to what the
	// organization's public object shows (migration 00056): caches of the
	// organization are valid for one version. 0 when unknown.
	Version int64
}

// Deleted reports whether the organization was soft-deleted.
func (o Organization) Deleted() bool { return !o.DeletedAt.IsZero() }

// Member is a user's membership in an organization.
type Member struct {
	OrgID    string
	User     account.User
	Role     Role
	Function Function
	Since    time.Time
}

// Kinds of membership requests, as in udata.
const (
	KindRequest    = "request"
	KindInvitation = "invitation"
)

// RequestStatus is where a membership request or an invitation stands, as
// in udata. A request starts pending and is answered once: accepted,
// refused or canceled, and then never changes again (see CanBecome).
type RequestStatus string

// Statuses of membership requests and invitations.
const (
	StatusPending  RequestStatus = "pending"
	StatusAccepted RequestStatus = "accepted"
	StatusRefused  RequestStatus = "refused"
	StatusCanceled RequestStatus = "canceled"
)

// RequestStatuses lists every status of a request, the pending one first.
var RequestStatuses = []RequestStatus{StatusPending, StatusAccepted, StatusRefused, StatusCanceled}

// Valid reports whether s is a known status.
func (s RequestStatus) Valid() bool { return slices.Contains(RequestStatuses, s) }

// Final reports whether s is an answer, which nothing changes any more.
func (s RequestStatus) Final() bool { return s.Valid() && s != StatusPending }

// CanBecome reports whether a request in status s may move to next: only a
// pending request moves, and only to an answer.
func (s RequestStatus) CanBecome(next RequestStatus) bool { return s == StatusPending && next.Final() }

// Request is a membership request (a user asks to join) or an invitation
// (an admin asks a user or an address to join).
type Request struct {
	ID             string
	OrgID          string
	UserID         string // empty for an invitation to an address
	Email          string // invitations to an address
	Kind           string
	Status         RequestStatus
	Role           Role
	Comment        string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	HandledAt      time.Time
	HandledBy      string
	RefusalComment string
	ExpiresAt      time.Time // invitations
	Escalated      bool      // in the support queue
	EscalatedAt    time.Time
	EscalationWhy  string   // EscalateStale, EscalateNoAdmin or EscalateAsked
	CreatedBy      string   // the admin who sent an invitation
	Assignments    []string // a partial editor invitation's datasets, assigned on acceptance
}

// Pending reports whether the request still waits for an answer.
func (r Request) Pending() bool { return r.Status == StatusPending }

// Badge kinds, as in udata.
var Badges = map[string]string{
	"public-service":  "Public Service",
	"certified":       "Certified",
	"association":     "Association",
	"company":         "Company",
	"local-authority": "Local authority",
}

// Function is what a member does; the three first are the functions a
// transport data producer should have among its admins.
type Function string

const (
	FunctionAuthority Function = "authority" // local or transport authority
	FunctionGIS       Function = "gis"       // GIS / data
	FunctionOperator  Function = "operator"  // transport operator
	FunctionOther     Function = "other"
	FunctionUnset     Function = ""
)

// Functions lists the functions a member may state, in the order of the
// forms' options, "none" first.
var Functions = []Function{FunctionUnset, FunctionAuthority, FunctionGIS, FunctionOperator, FunctionOther}

// RecommendedFunctions are the functions an organization's admins should cover.
var RecommendedFunctions = []Function{FunctionAuthority, FunctionGIS, FunctionOperator}

// Valid reports whether f is a known function, or none.
func (f Function) Valid() bool {
	for _, x := range Functions {
		if x == f {
			return true
		}
	}
	return false
}

// Event is one line of an organization's activity history.
type Event struct {
	ID      int64
	OrgID   string
	At      time.Time
	Kind    string
	ActorID string
	UserID  string // the member or requester concerned
	Detail  string
	Support bool // done by support staff on the organization's behalf
}

// Notification is an in-app notice to a user.
type Notification struct {
	ID          string
	UserID      string
	Kind        string // NotifyRequest, NotifyAccepted, NotifyRefused, NotifyBadge
	OrgID       string
	OtherUserID string // the requester, for request notices
	RequestKind string
	Badge       string
	Comment     string // a refusal's reason
	CreatedAt   time.Time
	ReadAt      time.Time
	Digest      bool // waiting for the user's daily digest e-mail
}

// Category is the preference a notice falls under (account.NotifyCategories).
func (n Notification) Category() string {
	switch n.Kind {
	case NotifyRequest:
		if n.RequestKind == KindInvitation {
			return "invitations"
		}
		return "requests"
	case NotifyAccepted, NotifyRefused:
		return "answers"
	case NotifyBadge:
		return "badges"
	}
	return "support"
}

// Notification kinds, named after udata's details classes.
const (
	NotifyRequest  = "MembershipRequestNotificationDetails"
	NotifyAccepted = "MembershipAcceptedNotificationDetails"
	NotifyRefused  = "MembershipRefusedNotificationDetails"
	NotifyBadge    = "NewBadgeNotificationDetails"
	// NotifyEscalated tells a requester support took over (socle's own).
	NotifyEscalated = "MembershipEscalatedNotificationDetails"
)
