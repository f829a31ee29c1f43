// Package errs holds the kinds of error that socle's rules answer with, and
// the one place where an error becomes an HTTP status.
//
// Domain packages declare their errors as *Error: a kind, which decides the
// status, and a message key, which names the text in internal/i18n. Front
// ends never decide a status themselves: they ask Status, and write the
// text of Key in the reader's language.
package errs

import (
	"errors"
	"net/http"
)

// The kinds. Which one a rule uses follows udata where udata has an answer
// (an already answered request is a 400 there, not a 409).
var (
	ErrBadRequest      = errors.New("bad request")
	ErrUnauthenticated = errors.New("authentication required")
	ErrForbidden       = errors.New("forbidden")
	ErrNotFound        = errors.New("not found")
	ErrConflict        = errors.New("conflict")
	ErrGone            = errors.New("gone")
	ErrRateLimited     = errors.New("too many attempts")
)

// Error is a domain error: it unwraps to its Kind, and Key names its text
// in the message catalog.
type Error struct {
	Kind error
	Key  string
	msg  string // for logs and tests, in English
}

// New returns a domain error of kind whose text is key; msg says it in
// logs.
func New(kind error, key, msg string) *Error { return &Error{Kind: kind, Key: key, msg: msg} }

func (e *Error) Error() string {
	if e.msg != "" {
		return e.msg
	}
	return e.Key
}

// Unwrap returns the kind, so that errors.Is(err, errs.ErrNotFound) holds.
func (e *Error) Unwrap() error { return e.Kind }

// Status is the only place where an error becomes an HTTP status.
func Status(err error) int {
	switch {
	case err == nil:
		return http.StatusOK
	case errors.Is(err, ErrBadRequest):
		return http.StatusBadRequest
	case errors.Is(err, ErrUnauthenticated):
		return http.StatusUnauthorized
	case errors.Is(err, ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, ErrConflict):
		return http.StatusConflict
	case errors.Is(err, ErrGone):
		return http.StatusGone
	case errors.Is(err, ErrRateLimited):
		return http.StatusTooManyRequests
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusInternalServerError
}

// defaultKeys are the texts of errors that carry no key of their own.
var defaultKeys = []struct {
	kind error
	key  string
}{
	{ErrBadRequest, "error.bad_request"},
	{ErrUnauthenticated, "api.unauthenticated"},
	{ErrForbidden, "api.forbidden"},
	{ErrNotFound, "error.not_found"},
	{ErrConflict, "api.conflict"},
	{ErrGone, "api.gone"},
	{ErrRateLimited, "error.rate_limited"},
}

// Key returns the message key of err: the first *Error's in its chain,
// else its kind's, else that of an internal error.
func Key(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Key != "" {
		return e.Key
	}
	for _, d := range defaultKeys {
		if errors.Is(err, d.kind) {
			return d.key
		}
	}
	if Status(err) == http.StatusRequestEntityTooLarge {
		return "error.too_large"
	}
	return "api.internal"
}
