package web

import (
	"net/http"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/org"
)

type userData struct {
	User account.User
	Orgs []org.Membership
}

// userPage is a person's public page, where the API's "page" links lead:
// names, about, website and the organizations they publish under. The
// e-mail address is never shown.
func (s *Server) userPage(w http.ResponseWriter, r *http.Request) error {
	u, err := s.accounts.UserBySlug(r.Context(), r.PathValue("slug"))
	if err == nil && (u.Deleted() || !u.Active) {
		err = account.ErrNotFound
	}
	if err != nil {
		return err
	}
	ms, err := s.orgs.Memberships(r.Context(), u)
	if err != nil {
		return err
	}
	var live []org.Membership
	for _, m := range ms {
		if !m.Org.Deleted() {
			live = append(live, m)
		}
	}
	s.render(w, r, http.StatusOK, "user", &page{Title: "user.title", Data: userData{User: u, Orgs: live}})
	return nil
}
