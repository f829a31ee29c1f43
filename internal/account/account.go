// Package account owns users, sessions, passwords, e-mail confirmation and API
// keys: every rule about who an account is and how it proves it. It knows
// nothing of HTTP; the web and api packages translate requests into calls here.
package account

import (
	"strings"
	"time"
)

// User is a person with an account. Email is stored lower-cased so that
// uniqueness and look-ups ignore case.
type User struct {
	ID           string
	Slug         string
	Email        string
	FirstName    string
	LastName     string
	PasswordHash string
	About        string
	Website      string
	Lang         string
	Avatar       string // version of the current avatar in the file store, empty when none
	Sysadmin     bool
	Active       bool
	Notify       map[string]string // category → NotifyImmediate, NotifyDigest or NotifyNone
	CreatedAt    time.Time
	ConfirmedAt  time.Time // zero until the address is confirmed
	LastLoginAt  time.Time
	DeletedAt    time.Time
}

// How a user wants e-mail for a category of notices; in the app, always.
const (
	NotifyImmediate = "immediate" // the default
	NotifyDigest    = "digest"    // once a day
	NotifyNone      = "none"
)

// NotifyCategories are the kinds of notices a user chooses e-mail for.
var NotifyCategories = []string{"requests", "answers", "invitations", "badges", "support"}

// NotifyMode is how u wants e-mail for category.
func (u User) NotifyMode(category string) string {
	if m := u.Notify[category]; m == NotifyDigest || m == NotifyNone {
		return m
	}
	return NotifyImmediate
}

// Confirmed reports whether the user proved they own their address. Later
// features (organizations) refuse unconfirmed users.
func (u User) Confirmed() bool { return !u.ConfirmedAt.IsZero() }

// Deleted reports whether the account was deleted.
func (u User) Deleted() bool { return !u.DeletedAt.IsZero() }

// FullName is how the user is shown to others.
func (u User) FullName() string { return strings.TrimSpace(u.FirstName + " " + u.LastName) }

// Session is a signed-in browser. The cookie carries a random token; only its
// hash is stored, so a leaked database does not leak live sessions.
type Session struct {
	ID         string // public id, used to revoke it from the sessions page
	TokenHash  string
	UserID     string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	UserAgent  string
	IP         string
	// AMR says how the sign-in was proven, in OpenID Connect's words
	// (RFC 8176): AMRPassword, then AMROTP after a second step.
	AMR []string
}

// The amr values of a session.
const (
	AMRPassword = "pwd"
	AMROTP      = "otp"
)

// APIKey authenticates API calls through the X-API-KEY header.
type APIKey struct {
	ID         string
	UserID     string
	Name       string
	TokenHash  string
	Prefix     string
	Scopes     []string
	CreatedAt  time.Time
	LastUsedAt time.Time
	ExpiresAt  time.Time
	RevokedAt  time.Time
}

// Revoked reports whether the key was revoked.
func (k APIKey) Revoked() bool { return !k.RevokedAt.IsZero() }

// TokenKind says what a single-use e-mailed token proves.
type TokenKind string

const (
	TokenConfirm     TokenKind = "confirm"      // the sign-up address
	TokenReset       TokenKind = "reset"        // password reset
	TokenEmailChange TokenKind = "email_change" // a new address, carried in Token.Email
)

// Token is a single-use secret sent by e-mail; only its hash is stored.
type Token struct {
	Hash      string
	Kind      TokenKind
	UserID    string
	Email     string
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    time.Time
}

// Event is one line of the account audit log.
type Event struct {
	ID      int64
	At      time.Time
	Kind    EventKind
	ActorID string // who acted; empty for anonymous attempts
	UserID  string // whose account it concerns
	IP      string
	Detail  string
}

// EventKind names an audited account event.
type EventKind string

const (
	EventSignup          EventKind = "signup"
	EventSignupExisting  EventKind = "signup.existing"
	EventConfirmed       EventKind = "email.confirmed"
	EventLogin           EventKind = "login"
	EventLoginFailed     EventKind = "login.failed"
	EventLogout          EventKind = "logout"
	EventSessionRevoked  EventKind = "session.revoked"
	EventPasswordChanged EventKind = "password.changed"
	EventPasswordReset   EventKind = "password.reset"
	EventResetRequested  EventKind = "password.reset_requested"
	EventEmailChangeAsk  EventKind = "email.change_requested"
	EventEmailChanged    EventKind = "email.changed"
	EventProfileUpdated  EventKind = "profile.updated"
	EventKeyCreated      EventKind = "apikey.created"
	EventKeyRevoked      EventKind = "apikey.revoked"
	EventAccountDeleted  EventKind = "account.deleted"
	EventUserCreated     EventKind = "user.created" // by an operator
	EventDataExported    EventKind = "account.exported"
	EventTwoFactorOn     EventKind = "twofactor.on"
	EventTwoFactorOff    EventKind = "twofactor.off"
	EventSecondStepFail  EventKind = "login.second_step_failed"
)

// Meta describes where a request came from, for rate limits and the audit log.
type Meta struct {
	IP        string
	UserAgent string
	Lang      string
}
