package errs_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/socle-portal/socle/internal/errs"
)

func TestStatusAndKey(t *testing.T) {
	notMember := errs.New(errs.ErrNotFound, "member.unknown", "not a member")
	forbidden := errs.New(errs.ErrForbidden, "api.forbidden", "forbidden")
	own := errs.New(forbidden, "transfer.own", "own transfer") // a kind of a domain error
	tests := []struct {
		name    string
		err     error
		status  int
		wantKey string
	}{
		{"domain error", notMember, http.StatusNotFound, "member.unknown"},
		{"wrapped with context", fmt.Errorf("accept request r1: %w", notMember), http.StatusNotFound, "member.unknown"},
		{"error of an error: the first key", own, http.StatusForbidden, "transfer.own"},
		{"bare kind: its default text", errs.ErrConflict, http.StatusConflict, "api.conflict"},
		{"keyless domain error: its kind's text", errs.New(errs.ErrGone, "", "gone"), http.StatusGone, "api.gone"},
		{"too large", &http.MaxBytesError{Limit: 1}, http.StatusRequestEntityTooLarge, "error.too_large"},
		{"anything else is ours", errors.New("disk full"), http.StatusInternalServerError, "api.internal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errs.Status(tt.err); got != tt.status {
				t.Errorf("Status(%v) = %d, want %d", tt.err, got, tt.status)
			}
			if got := errs.Key(tt.err); got != tt.wantKey {
				t.Errorf("Key(%v) = %q, want %q", tt.err, got, tt.wantKey)
			}
		})
	}
	if !errors.Is(own, forbidden) || !errors.Is(own, errs.ErrForbidden) {
		t.Error("an error of a domain error must be that error and its kind")
	}
}
