package account

import (
	"errors"
	"fmt"
	"time"
)

var (
	ErrNotFound           = errors.New("not found")
	ErrInvalidCredentials = errors.New("invalid e-mail or password")
	ErrInvalidLink        = errors.New("this link is invalid, expired or already used")
	ErrUnauthenticated    = errors.New("not authenticated")
	ErrWrongPassword      = errors.New("the current password is wrong")
	ErrAlreadyRevoked     = errors.New("already revoked")
	ErrAlreadyConfirmed   = errors.New("address already confirmed")
	ErrEmailTaken         = errors.New("an account already uses this address")
	// ErrUnconfirmed refuses what only the proven owner of an address may
	// do: until then the account may belong to someone who typed another
	// person's address.
	ErrUnconfirmed = errors.New("confirm your e-mail address first")
	// ErrConflict is a write refused by a uniqueness constraint; the store
	// returns it so that rules can retry or explain.
	ErrConflict = errors.New("conflicting write")

	// API key failures; the API answers each with udata's own message.
	ErrInvalidToken = errors.New("invalid API token")
	ErrRevokedToken = errors.New("revoked API token")
	ErrExpiredToken = errors.New("expired API token")
	ErrInactiveUser = errors.New("inactive user")
)

// RateLimitError says an action was refused because it was tried too often.
type RateLimitError struct {
	RetryAfter time.Duration
}

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("too many attempts, retry in %s", e.RetryAfter.Round(time.Second))
}
