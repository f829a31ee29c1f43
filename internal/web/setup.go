package web

import (
	"net/http"
	"net/url"

	"github.com/socle-portal/socle/internal/account"
)

// setupForm is the first-run page: with the link socle printed at start,
// it creates the first sysadmin. Without a valid link it says that the
// portal is set up already, and nothing else (the secret is the only way
// in).
func (s *Server) setupForm(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("token")
	ok, err := s.accounts.SetupValid(r.Context(), token)
	if err != nil {
		return err
	}
	if !ok {
		return account.ErrSetupDone
	}
	s.render(w, r, http.StatusOK, "setup", &page{Title: "setup.title", Form: url.Values{"token": {token}}})
	return nil
}

func (s *Server) setup(w http.ResponseWriter, r *http.Request) error {
	_, err := s.accounts.CreateFirstSysadmin(r.Context(), r.PostFormValue("token"), account.NewUser{
		Email: r.PostFormValue("email"), FirstName: r.PostFormValue("first_name"), LastName: r.PostFormValue("last_name"),
		Password: r.PostFormValue("password")}, metaOf(r))
	if err != nil {
		form := r.PostForm
		form.Del("password")
		return s.form(w, r, "setup", &page{Title: "setup.title", Form: form}, err)
	}
	s.render(w, r, http.StatusOK, "message", &page{Title: "setup.created.title", Message: "setup.created"})
	return nil
}
