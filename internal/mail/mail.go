// Package mail renders socle's e-mails from embedded templates and delivers
// them: as .eml files in the outbox folder (the default, for local use), or
// through SMTP. Delivery runs from the River job queue, never in a request.
package mail

import (
	"context"
	"fmt"
	"time"
)

// Message is a rendered e-mail, stored as JSON in the job queue.
type Message struct {
	To      string `json:"to"`
	Subject string `json:"subject"`
	Text    string `json:"text"`
	HTML    string `json:"html"`
}

// Kind names a template.
type Kind string

const (
	ConfirmSignup      Kind = "confirm_signup"
	AlreadyRegistered  Kind = "already_registered"
	ResetPassword      Kind = "reset_password"
	ConfirmEmailChange Kind = "confirm_email_change"
	EmailChanged       Kind = "email_changed"
	PasswordChanged    Kind = "password_changed"
	PasswordReset      Kind = "password_reset"
	AccountDeleted     Kind = "account_deleted"

	MembershipRequested Kind = "membership_requested" // to each admin: someone asks to join
	MembershipAccepted  Kind = "membership_accepted"  // to the requester
	MembershipRefused   Kind = "membership_refused"   // to the requester, with the reason
	BadgeAdded          Kind = "badge_added"          // to every member
	InvitationExisting  Kind = "invitation_existing"  // to a user invited to join
	InvitationNew       Kind = "invitation_new"       // to an address without account
	RequestEscalated    Kind = "request_escalated"    // to a requester: support took over
	Digest              Kind = "digest"               // the day's notices, for those who chose it
	InvitationAccepted  Kind = "invitation_accepted"  // to the inviter
	InvitationDeclined  Kind = "invitation_declined"  // to the inviter
	InvitationCanceled  Kind = "invitation_canceled"  // to the invitee
	EscalatedToAdmins   Kind = "escalated_to_admins"  // to each admin: a request went to support
	SupportQueued       Kind = "support_queued"       // to the support address: a request waits in the queue
	SupportLookalike    Kind = "support_lookalike"    // to the support address: an organization looks like another
)

var kinds = []Kind{ConfirmSignup, AlreadyRegistered, ResetPassword, ConfirmEmailChange, EmailChanged,
	PasswordChanged, PasswordReset, AccountDeleted, MembershipRequested, MembershipAccepted, MembershipRefused, BadgeAdded,
	InvitationExisting, InvitationNew, RequestEscalated, Digest, InvitationAccepted, InvitationDeclined,
	InvitationCanceled, EscalatedToAdmins, SupportQueued, SupportLookalike}

// Data is what every template may use.
type Data struct {
	Name      string        // the recipient's first name, may be empty
	Link      string        // the main action link (absolute URL)
	OtherLink string        // a second link, where a kind needs one
	Email     string        // an address the text mentions
	Expires   time.Duration // how long Link stays valid
	Org       string        // an organization's name
	Other     string        // another person's name (a requester)
	Comment   string        // a message: a request's comment, a refusal's reason
	Lines     []string      // the items of a digest
	Ended     Ended         // what a password reset ended
}

// Ended counts the credentials a password reset ended.
type Ended struct {
	Sessions, Keys, Apps int
}

func (e Ended) String() string {
	return fmt.Sprintf("sessions=%d keys=%d apps=%d", e.Sessions, e.Keys, e.Apps)
}

// Sender delivers one message.
type Sender interface {
	Send(ctx context.Context, m Message) error
}
