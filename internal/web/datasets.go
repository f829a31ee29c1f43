package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/validate"
)

type resourceView struct {
	catalog.Resource
	URL      string
	Versions []catalog.Version
}

type datasetData struct {
	Types     []string // resource types
	Resources []resourceView
	Dataset   catalog.Dataset
	Org       *org.Organization
	Rights    catalog.Rights
	Done      string
}

// loadDataset resolves {slug} for a change: a deleted dataset is gone (410)
// to those catalog.Get shows it to.
func (s *Server) loadDataset(w http.ResponseWriter, r *http.Request) (catalog.Dataset, bool) {
	d, err := s.catalog.Get(r.Context(), visitorOf(r).User, r.PathValue("slug"))
	if err == nil && d.Deleted() {
		err = catalog.ErrDeleted
	}
	if err != nil {
		s.fail(w, r, err)
		return d, false
	}
	return d, true
}

// datasetPage shows a dataset; catalog.Get decides who sees a deleted one
// (with a notice, and no forms: its rights allow no change).
func (s *Server) datasetPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.catalog.Get(r.Context(), visitorOf(r).User, r.PathValue("slug"))
	if err != nil {
		return err
	}
	s.renderDataset(w, r, d, http.StatusOK, &page{Title: "dataset.title"})
	return nil
}

// renderDataset shows a dataset's page; p carries the problems and values
// of one of its forms that came back invalid.
func (s *Server) renderDataset(w http.ResponseWriter, r *http.Request, d catalog.Dataset, status int, p *page) {
	data := datasetData{Dataset: d, Done: r.URL.Query().Get("done"), Types: catalog.ResourceTypes}
	var err error
	if data.Rights, err = s.catalog.Rights(r.Context(), visitorOf(r).User, d); err != nil {
		s.fail(w, r, err)
		return
	}
	if d.OrgID != "" {
		if o, err := s.orgs.Get(r.Context(), d.OrgID); err == nil {
			data.Org = &o
		}
	}
	list, err := s.catalog.Resources(r.Context(), d.ID)
	for _, res := range list {
		if err != nil {
			break
		}
		v := resourceView{Resource: res, URL: s.catalog.FileURL(res)}
		v.Versions, err = s.catalog.Versions(r.Context(), res.ID)
		data.Resources = append(data.Resources, v)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Data = data
	s.render(w, r, status, "dataset", p)
}

// addLink adds a remote resource: a link to a file or an API kept elsewhere.
func (s *Server) addLink(w http.ResponseWriter, r *http.Request) error {
	d, ok := s.loadDataset(w, r)
	if !ok {
		return nil
	}
	in := catalog.ResourceInput{Title: r.PostFormValue("title"), URL: strings.TrimSpace(r.PostFormValue("url")),
		Type: r.PostFormValue("type"), Format: r.PostFormValue("format"), Description: r.PostFormValue("description")}
	_, err := s.catalog.AddRemote(r.Context(), visitorOf(r).User, d.ID, in)
	if fields := fieldErrors(err); fields != nil {
		form := r.PostForm
		form.Set("form", "link")
		s.renderDataset(w, r, d, http.StatusUnprocessableEntity, &page{Title: "dataset.title", Errors: fields, Form: form})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/datasets/"+d.Slug+"?done=linked", http.StatusSeeOther)
	return nil
}

type datasetsData struct {
	Q          string
	Filters    url.Values // tag, license, format, organization, as asked
	Licenses   []catalog.License
	Datasets   []catalog.Dataset
	Total      int
	Prev, Next string
}

// searchDatasets is the dataset search, with the API's filters: tag,
// license, format of a resource, and organization (by slug or id).
func (s *Server) searchDatasets(w http.ResponseWriter, r *http.Request) error {
	qs := r.URL.Query()
	n, _ := strconv.Atoi(qs.Get("page"))
	n = min(max(n, 1), validate.MaxPage)
	d := datasetsData{Q: qs.Get("q"), Licenses: catalog.Licenses, Filters: url.Values{}}
	query := catalog.Query{Q: d.Q, License: qs.Get("license"), Format: strings.TrimSpace(qs.Get("format")),
		Page: n, PageSize: orgsPerPage}
	if tag := strings.TrimSpace(qs.Get("tag")); tag != "" {
		query.Tags = []string{tag}
	}
	var errs map[string][]string
	if slug := strings.TrimSpace(qs.Get("organization")); slug != "" {
		o, err := s.orgs.Get(r.Context(), slug)
		switch {
		case errors.Is(err, org.ErrNotFound) || (err == nil && o.Deleted()):
			errs = map[string][]string{"organization": {"organization.unknown"}}
		case err != nil:
			return err
		}
		query.OrgID = o.ID
	}
	for _, f := range []string{"tag", "license", "format", "organization"} {
		if v := strings.TrimSpace(qs.Get(f)); v != "" {
			d.Filters.Set(f, v)
		}
	}
	if errs == nil {
		list, total, err := s.catalog.Search(r.Context(), query)
		if fields := fieldErrors(err); fields != nil {
			errs = fields
		} else if err != nil {
			return err
		}
		d.Datasets, d.Total = list, total
	}
	link := func(p int) string {
		v := url.Values{"q": {d.Q}, "page": {strconv.Itoa(p)}}
		for k, vs := range d.Filters {
			v[k] = vs
		}
		return "/datasets?" + v.Encode()
	}
	if n > 1 {
		d.Prev = link(n - 1)
	}
	if n*orgsPerPage < d.Total {
		d.Next = link(n + 1)
	}
	status := http.StatusOK
	if errs != nil {
		status = http.StatusBadRequest
	}
	s.render(w, r, status, "datasets", &page{Title: "datasets.title", Data: d, Form: d.Filters, Errors: errs})
	return nil
}

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
	d, ok := s.loadDataset(w, r)
	if !ok {
		return nil
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
	d, ok := s.loadDataset(w, r)
	if !ok {
		return nil
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

// producerOrg is one organization of the producer space, with its datasets.
type producerDataset struct {
	catalog.Dataset
	Resources []catalog.Resource
	Warnings  int // resources whose GTFS check found errors
}

type producerOrg struct {
	org.Membership
	Datasets []producerDataset
	Total    int
	Pending  int // requests waiting for this user, when admin
}

type producerData struct {
	Transfers   []transferView
	Orgs        []producerOrg
	Own         []catalog.Dataset
	Requests    []pendingView
	Invitations []org.Invitation
}

type pendingView struct {
	org.Request
	Org org.Organization
}

// producer is the producer space: everything the signed-in user publishes
// or may publish, in one page.
func (s *Server) producer(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), visitorOf(r).User
	ms, err := s.orgs.Memberships(ctx, u)
	if err != nil {
		return err
	}
	var d producerData
	for _, m := range ms {
		po := producerOrg{Membership: m}
		var list []catalog.Dataset
		if list, po.Total, err = s.catalog.Search(ctx, catalog.Query{OrgID: m.Org.ID, WithHidden: true, Page: 1, PageSize: 50}); err != nil {
			return err
		}
		for _, ds := range list {
			pd := producerDataset{Dataset: ds}
			if pd.Resources, err = s.catalog.Resources(ctx, ds.ID); err != nil {
				return err
			}
			for _, res := range pd.Resources {
				if res.Report != nil && !res.Report.Valid {
					pd.Warnings++
				}
			}
			po.Datasets = append(po.Datasets, pd)
		}
		if m.Role == org.RoleAdmin {
			reqs, err := s.orgs.Requests(ctx, u, m.Org.ID, org.StatusPending, "")
			if err != nil {
				return err
			}
			po.Pending = len(reqs)
		}
		d.Orgs = append(d.Orgs, po)
	}
	if d.Own, _, err = s.catalog.Search(ctx, catalog.Query{OwnerID: u.ID, WithHidden: true, Page: 1, PageSize: 50}); err == nil {
		d.Invitations, err = s.orgs.Invitations(ctx, u)
	}
	if err == nil {
		d.Requests, err = s.myPendingRequests(r)
	}
	if err == nil {
		d.Transfers, err = s.transferViews(r)
	}
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "producer", &page{Title: "producer.title", Data: d})
	return nil
}

func (s *Server) myPendingRequests(r *http.Request) ([]pendingView, error) {
	reqs, err := s.orgs.MyRequests(r.Context(), visitorOf(r).User)
	if err != nil {
		return nil, err
	}
	out := make([]pendingView, 0, len(reqs))
	for _, rq := range reqs {
		o, err := s.orgs.Get(r.Context(), rq.OrgID)
		if err != nil {
			return nil, err
		}
		out = append(out, pendingView{Request: rq, Org: o})
	}
	return out, nil
}

// licenseTitle names a license by its id, as the spec lists them.
func licenseTitle(id string) string {
	for _, l := range catalog.Licenses {
		if l.ID == id {
			return l.Title
		}
	}
	return id
}
