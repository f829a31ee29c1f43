package api

import (
	"net/http"

	"github.com/socle-portal/socle/internal/validate"
)

// exportMe streams everything socle holds about the caller, as one JSON
// document (docs/api.md, "Download my data"). The password comes again in
// the X-Socle-Password header, since a GET has no body: a key or session
// alone is not enough to take a person's whole record. Applications acting
// for the person (OAuth tokens) may not ask at all. An account with
// two-factor sign-in sends a code too, in X-Socle-OTP.
func (a *API) exportMe(w http.ResponseWriter, r *http.Request) error {
	c := callerOf(r)
	if c.delegated() {
		return errDelegated
	}
	password := r.Header.Get("X-Socle-Password")
	if password == "" {
		return validate.Field("X-Socle-Password", "required")
	}
	if err := a.accounts.AuthorizeExport(r.Context(), c.user, password, r.Header.Get("X-Socle-OTP"), metaOf(r)); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+a.export.FileName(c.user)+`"`)
	w.Header().Set("Cache-Control", "no-store")
	if err := a.export.Write(r.Context(), w, c.user); err != nil {
		// The status is sent; the document stays unfinished, which is how
		// its reader tells. Log it as the adapter would a 5xx.
		a.log.ErrorContext(r.Context(), "export failed mid-stream", "user", c.user.ID, "err", err)
	}
	return nil
}
