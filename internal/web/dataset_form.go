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
	Publish       []string // the two answers to "publish now?"
}

// The answers to the form's required question: publish now, or keep a
// draft only its editors see.
const (
	publishNow   = "now"
	publishDraft = "draft"
)

// OrgOptions are the publishers the visitor may choose: their
// organizations, then themselves (the option myself, "").
func (d datasetFormData) OrgOptions(myself string) []option {
	var out []option
	for _, m := range d.Orgs {
		out = append(out, option{Value: m.Org.ID, Label: m.Org.Name})
	}
	return append(out, option{Value: "", Label: myself})
}

func (s *Server) datasetForm(r *http.Request, d *catalog.Dataset) (datasetFormData, error) {
	ms, err := s.orgs.Memberships(r.Context(), visitorOf(r).User)
	var can []org.Membership
	for _, m := range ms {
		if m.Role.EditsAll() {
			can = append(can, m)
		}
	}
	return datasetFormData{Licenses: catalog.Licenses, Frequencies: catalog.Frequencies, Granularities: catalog.Granularities,
		Orgs: can, Dataset: d, Publish: []string{publishNow, publishDraft}}, err
}

func (s *Server) newDatasetForm(w http.ResponseWriter, r *http.Request) error {
	fd, err := s.datasetForm(r, nil)
	if err != nil {
		return err
	}
	// No answer to "publish now?" is chosen for the producer: a draft the
	// public cannot see must be a decision, not a default.
	form := url.Values{"organization": {r.URL.Query().Get("org")}, "license": {"lov2"}, "frequency": {"unknown"}}
	if form.Get("organization") == "" && len(fd.Orgs) > 0 {
		form.Set("organization", fd.Orgs[0].Org.ID)
	}
	s.render(w, r, http.StatusOK, "datasetform", &page{Title: "datasetnew.title", Data: fd, Form: form})
	return nil
}

// datasetInput reads the dataset form; a date that is no date, or no
// answer to "publish now?", is a problem on its field, shown with every
// other problem of the form.
func (s *Server) datasetInput(r *http.Request) (catalog.Input, error) {
	in := catalog.Input{Title: r.PostFormValue("title"), Acronym: r.PostFormValue("acronym"),
		Description: r.PostFormValue("description"), Tags: commaList(r.PostFormValue("tags")),
		License: r.PostFormValue("license"), Frequency: r.PostFormValue("frequency"),
		Private: r.PostFormValue("private") == "on", Draft: r.PostFormValue("publish") == publishDraft,
		OrgID: r.PostFormValue("organization"), Zones: commaList(r.PostFormValue("zones")),
		Granularity: r.PostFormValue("granularity")}
	var v validate.Errors
	if p := r.PostFormValue("publish"); p != publishNow && p != publishDraft {
		v.Add("publish", "dataset.publish_required")
	}
	for field, dst := range map[string]*time.Time{"temporal_start": &in.TemporalStart, "temporal_end": &in.TemporalEnd} {
		if text := strings.TrimSpace(r.PostFormValue(field)); text != "" {
			t, err := time.Parse(time.DateOnly, text)
			if err != nil {
				v.Add(field, "date.invalid")
			}
			*dst = t
		}
	}
	// All the form's problems at once: the catalog's own checks too, which
	// Create and Update would report one kind at a time.
	var more *validate.Errors
	if errors.As(s.catalog.Check(in), &more) {
		for f, keys := range more.Fields {
			for _, k := range keys {
				v.Add(f, k)
			}
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
	in, err := s.datasetInput(r)
	var d catalog.Dataset
	if err == nil {
		d, err = s.catalog.Create(r.Context(), visitorOf(r).User, in)
	}
	if errors.Is(err, catalog.ErrForbidden) && in.OrgID != "" {
		// Not a dead end: the form again, the problem on the publisher.
		err = validate.Field("organization", "dataset.org_forbidden")
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
	d, err := s.editableDataset(r)
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
	form.Set("publish", publishNow)
	if d.Draft {
		form.Set("publish", publishDraft)
	}
	coverageForm(form, d)
	s.render(w, r, http.StatusOK, "datasetform", &page{Title: "datasetedit.title", Data: fd, Form: form})
	return nil
}

func (s *Server) editDataset(w http.ResponseWriter, r *http.Request) error {
	// Only those who may edit see the form again with its problems; the
	// update checks the right again, in its transaction.
	d, err := s.editableDataset(r)
	if err != nil {
		return err
	}
	in, err := s.datasetInput(r)
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

// editableDataset is the dataset of the request, for those who may edit it.
func (s *Server) editableDataset(r *http.Request) (catalog.Dataset, error) {
	d, err := s.loadDataset(r)
	if err != nil {
		return d, err
	}
	rights, err := s.catalog.Rights(r.Context(), visitorOf(r).User, d)
	if err == nil && !rights.Edit {
		err = catalog.ErrForbidden
	}
	return d, err
}
