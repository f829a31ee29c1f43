package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/validate"
)

type datasetFormData struct {
	Licenses      []catalog.License
	Frequencies   []string
	Granularities []string
	Orgs          []org.Membership
	Dataset       *catalog.Dataset
}

func (s *Server) datasetForm(r *http.Request, d *catalog.Dataset) (datasetFormData, error) {
	ms, err := s.orgs.Memberships(r.Context(), visitorOf(r).User)
	var can []org.Membership
	for _, m := range ms {
		if m.Role.EditsAll() {
			can = append(can, m)
		}
	}
	return datasetFormData{Licenses: catalog.Licenses, Frequencies: catalog.Frequencies, Granularities: catalog.Granularities, Orgs: can, Dataset: d}, err
}

func (s *Server) newDatasetForm(w http.ResponseWriter, r *http.Request) error {
	fd, err := s.datasetForm(r, nil)
	if err != nil {
		return err
	}
	form := url.Values{"organization": {r.URL.Query().Get("org")}, "license": {"lov2"}, "frequency": {"unknown"}, "draft": {"on"}}
	s.render(w, r, http.StatusOK, "datasetform", &page{Title: "datasetnew.title", Data: fd, Form: form})
	return nil
}

// datasetInput reads the dataset form; a date that is no date is a
// problem on its field.
func datasetInput(r *http.Request) (catalog.Input, error) {
	in := catalog.Input{Title: r.PostFormValue("title"), Acronym: r.PostFormValue("acronym"),
		Description: r.PostFormValue("description"), Tags: commaList(r.PostFormValue("tags")),
		License: r.PostFormValue("license"), Frequency: r.PostFormValue("frequency"),
		Private: r.PostFormValue("private") == "on", Draft: r.PostFormValue("draft") == "on",
		OrgID: r.PostFormValue("organization"), Zones: commaList(r.PostFormValue("zones")),
		Granularity: r.PostFormValue("granularity")}
	var v validate.Errors
	for field, dst := range map[string]*time.Time{"temporal_start": &in.TemporalStart, "temporal_end": &in.TemporalEnd} {
		if s := strings.TrimSpace(r.PostFormValue(field)); s != "" {
			t, err := time.Parse(time.DateOnly, s)
			if err != nil {
				v.Add(field, "date.invalid")
			}
			*dst = t
		}
	}
	return in, v.Err()
}

func commaList(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

// coverageForm is how a dataset's coverage shows in its form.
func coverageForm(form url.Values, d catalog.Dataset) {
	form.Set("zones", strings.Join(d.Zones, ", "))
	form.Set("granularity", d.Granularity)
	if !d.TemporalStart.IsZero() {
		form.Set("temporal_start", d.TemporalStart.Format(time.DateOnly))
	}
	if !d.TemporalEnd.IsZero() {
		form.Set("temporal_end", d.TemporalEnd.Format(time.DateOnly))
	}
}

func (s *Server) createDataset(w http.ResponseWriter, r *http.Request) error {
	in, err := datasetInput(r)
	var d catalog.Dataset
	if err == nil {
		d, err = s.catalog.Create(r.Context(), visitorOf(r).User, in)
	}
	if err != nil {
		fd, ferr := s.datasetForm(r, nil)
		if ferr != nil {
			err = errors.Join(err, ferr)
		}
		return s.form(w, r, "datasetform", &page{Title: "datasetnew.title", Data: fd}, err)
	}
	http.Redirect(w, r, "/datasets/"+d.Slug+"?done=created", http.StatusSeeOther)
	return nil
}

func (s *Server) editDatasetForm(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadDataset(r)
	if err != nil {
		return err
	}
	rights, err := s.catalog.Rights(r.Context(), visitorOf(r).User, d)
	if err == nil && !rights.Edit {
		err = catalog.ErrForbidden
	}
	if err != nil {
		return err
	}
	fd, err := s.datasetForm(r, &d)
	if err != nil {
		return err
	}
	form := url.Values{"title": {d.Title}, "acronym": {d.Acronym}, "description": {d.Description},
		"tags": {strings.Join(d.Tags, ", ")}, "license": {d.License}, "frequency": {d.Frequency}}
	if d.Private {
		form.Set("private", "on")
	}
	if d.Draft {
		form.Set("draft", "on")
	}
	coverageForm(form, d)
	s.render(w, r, http.StatusOK, "datasetform", &page{Title: "datasetedit.title", Data: fd, Form: form})
	return nil
}

func (s *Server) editDataset(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadDataset(r)
	if err != nil {
		return err
	}
	in, err := datasetInput(r)
	if err == nil {
		_, err = s.catalog.Update(r.Context(), visitorOf(r).User, d.ID, in)
	}
	if err != nil {
		fd, _ := s.datasetForm(r, &d)
		return s.form(w, r, "datasetform", &page{Title: "datasetedit.title", Data: fd}, err)
	}
	http.Redirect(w, r, "/datasets/"+d.Slug+"?done=updated", http.StatusSeeOther)
	return nil
}
