package catalog_test

import (
	"testing"

	"github.com/socle-portal/socle/internal/catalog"
)

// TestTransferStatusTransitions: a transfer is answered once, accepted or
// refused, and never again.
func TestTransferStatusTransitions(t *testing.T) {
	for _, c := range []struct {
		name     string
		from, to catalog.TransferStatus
		want     bool
	}{
		{"pending to accepted", catalog.TransferPending, catalog.TransferAccepted, true},
		{"pending to refused", catalog.TransferPending, catalog.TransferRefused, true},
		{"pending stays pending", catalog.TransferPending, catalog.TransferPending, false},
		{"pending to unknown", catalog.TransferPending, "canceled", false},
		{"pending to empty", catalog.TransferPending, "", false},
		{"accepted to refused", catalog.TransferAccepted, catalog.TransferRefused, false},
		{"accepted to pending", catalog.TransferAccepted, catalog.TransferPending, false},
		{"refused to accepted", catalog.TransferRefused, catalog.TransferAccepted, false},
		{"refused to pending", catalog.TransferRefused, catalog.TransferPending, false},
		{"unknown to accepted", "canceled", catalog.TransferAccepted, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.from.CanBecome(c.to); got != c.want {
				t.Errorf("%q.CanBecome(%q) = %v, want %v", c.from, c.to, got, c.want)
			}
		})
	}
}
