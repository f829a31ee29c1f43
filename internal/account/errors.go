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
	// ErrConflict is a write refused by a uniqueness constraint; the store
	// returns it so that rules can retry or explain.
	ErrConflict = errors.New("conflicting write")

	// API key failures, with udata's messages.
	ErrInvalidToken = errors.New("Invalid API token")
	ErrRevokedToken = errors.New("Revoked API token")
	ErrExpiredToken = errors.New("Expired API token")
	ErrInactiveUser = errors.New("Inactive user")
)

// RateLimitError says an action was refused because it was tried too often.
type RateLimitError struct {
	RetryAfter time.Duration
}

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("too many attempts, retry in %s", e.RetryAfter.Round(time.Second))
}
