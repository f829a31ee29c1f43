package account

import (
	"fmt"
	"time"

	"github.com/socle-portal/socle/internal/errs"
	"github.com/socle-portal/socle/internal/sqldb"
)

// The account rules' errors: each is of a kind of internal/errs (which
// decides the status) and names its text in internal/i18n.
var (
	ErrNotFound           = errs.New(errs.ErrNotFound, "error.not_found", "not found")
	ErrInvalidCredentials = errs.New(errs.ErrUnauthenticated, "api.unauthenticated", "invalid e-mail or password")
	ErrInvalidLink        = errs.New(errs.ErrBadRequest, "error.link", "this link is invalid, expired or already used")
	ErrUnauthenticated    = errs.New(errs.ErrUnauthenticated, "api.unauthenticated", "not authenticated")
	ErrWrongPassword      = errs.New(errs.ErrBadRequest, "password.wrong", "the current password is wrong")
	ErrAlreadyRevoked     = errs.New(errs.ErrGone, "token.revoked", "already revoked")
	ErrAlreadyConfirmed   = errs.New(errs.ErrConflict, "api.conflict", "address already confirmed")
	ErrEmailTaken         = errs.New(errs.ErrConflict, "error.email_taken", "an account already uses this address")
	// ErrUnconfirmed refuses what only the proven owner of an address may
	// do: until then the account may belong to someone who typed another
	// person's address.
	ErrUnconfirmed = errs.New(errs.ErrForbidden, "account.unconfirmed", "confirm your e-mail address first")
	// ErrConflict is a write refused by a uniqueness constraint; the store
	// returns it so that rules can retry or explain.
	ErrConflict = sqldb.ErrUnique

	// API key failures; the API answers each with udata's own message.
	ErrInvalidToken = errs.New(errs.ErrUnauthenticated, "api.invalid_token", "invalid API token")
	ErrRevokedToken = errs.New(errs.ErrUnauthenticated, "api.revoked_token", "revoked API token")
	ErrExpiredToken = errs.New(errs.ErrUnauthenticated, "api.expired_token", "expired API token")
	ErrInactiveUser = errs.New(errs.ErrUnauthenticated, "api.inactive_user", "inactive user")
)

// RateLimitError says an action was refused because it was tried too often.
type RateLimitError struct {
	RetryAfter time.Duration
}

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("too many attempts, retry in %s", e.RetryAfter.Round(time.Second))
}

// Unwrap makes a refused attempt of kind errs.ErrRateLimited.
func (e *RateLimitError) Unwrap() error { return errs.ErrRateLimited }
