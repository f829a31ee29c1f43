package oauth

import (
	"context"
	"strings"

	"github.com/socle-portal/socle/internal/account"
)

// amrOr is amr, or a password alone when it says nothing (sessions and
// authorizations from before two-factor sign-in).
func amrOr(amr []string) []string {
	if len(amr) == 0 {
		return []string{account.AMRPassword}
	}
	return amr
}

func amrText(amr []string) string { return strings.Join(amrOr(amr), " ") }

// setRequestAMR records how the sign-in that approved request id was
// proven: its ID tokens, and those of the refresh tokens it leads to, say it.
func (q Tx) setRequestAMR(ctx context.Context, id string, amr []string) error {
	_, err := q.x.ExecContext(ctx, `UPDATE oauth_auth_requests SET amr = $2 WHERE id = $1`, id, amrText(amr))
	return err
}
