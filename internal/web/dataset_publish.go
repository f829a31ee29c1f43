package web

import (
	"net/http"
)

// publishDataset publishes a draft from its page's "Publier" button.
func (s *Server) publishDataset(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadDataset(r)
	if err != nil {
		return err
	}
	if _, err := s.catalog.Publish(r.Context(), visitorOf(r).User, d.ID); err != nil {
		return err
	}
	http.Redirect(w, r, "/datasets/"+d.Slug+"?done=published", http.StatusSeeOther)
	return nil
}
