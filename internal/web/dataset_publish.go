package web

import (
	"net/http"

	"github.com/socle-portal/socle/internal/catalog"
)

// publishDataset publishes a draft from its page's "Publier" button; its
// other fields stay as they are.
func (s *Server) publishDataset(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadDataset(r)
	if err != nil {
		return err
	}
	in := catalog.Input{Title: d.Title, Acronym: d.Acronym, Description: d.Description,
		DescriptionShort: d.DescriptionShort, Tags: d.Tags, License: d.License, Frequency: d.Frequency,
		TemporalStart: d.TemporalStart, TemporalEnd: d.TemporalEnd, Zones: d.Zones, Granularity: d.Granularity,
		Private: d.Private, OrgID: d.OrgID}
	if _, err := s.catalog.Update(r.Context(), visitorOf(r).User, d.ID, in); err != nil {
		return err
	}
	http.Redirect(w, r, "/datasets/"+d.Slug+"?done=published", http.StatusSeeOther)
	return nil
}
