package web

import (
	"net/http"
)

// exportForm asks for the password before "download my data".
func (s *Server) exportForm(w http.ResponseWriter, r *http.Request) error {
	twoFactor, _, err := s.accounts.TwoFactor(r.Context(), visitorOf(r).User)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "export", &page{Title: "export.title", Data: twoFactor})
	return nil
}

// exportData checks the password again (account.AuthorizeExport) and
// streams the document as a download; a wrong password or the limit
// shows the form again with the error next to the field.
func (s *Server) exportData(w http.ResponseWriter, r *http.Request) error {
	u := visitorOf(r).User
	if err := s.accounts.AuthorizeExport(r.Context(), u, r.PostFormValue("current_password"), r.PostFormValue("code"), metaOf(r)); err != nil {
		twoFactor, _, _ := s.accounts.TwoFactor(r.Context(), u) // false on error: the form shows the password alone
		return s.form(w, r, "export", &page{Title: "export.title", Form: map[string][]string{}, Data: twoFactor}, err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+s.export.FileName(u)+`"`)
	w.Header().Set("Cache-Control", "no-store")
	if err := s.export.Write(r.Context(), w, u); err != nil {
		s.log.ErrorContext(r.Context(), "export failed mid-stream", "user", u.ID, "err", err)
	}
	return nil
}
