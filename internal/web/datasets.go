package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/follow"
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
	Follow    *followView
}

// loadDataset resolves {slug} for a change: a deleted dataset is gone (410)
// to those catalog.Get shows it to.
func (s *Server) loadDataset(r *http.Request) (catalog.Dataset, error) {
	d, err := s.catalog.Get(r.Context(), visitorOf(r).User, r.PathValue("slug"))
	if err == nil && d.Deleted() {
		err = catalog.ErrDeleted
	}
	return d, err
}

// datasetPage shows a dataset; catalog.Get decides who sees a deleted one
// (with a notice, and no forms: its rights allow no change).
func (s *Server) datasetPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.catalog.Get(r.Context(), visitorOf(r).User, r.PathValue("slug"))
	if err != nil {
		return err
	}
	return s.renderDataset(w, r, d, http.StatusOK, &page{Title: "dataset.title"})
}

// renderDataset shows a dataset's page; p carries the problems and values
// of one of its forms that came back invalid.
func (s *Server) renderDataset(w http.ResponseWriter, r *http.Request, d catalog.Dataset, status int, p *page) error {
	data := datasetData{Dataset: d, Done: r.URL.Query().Get("done"), Types: catalog.ResourceTypes}
	var err error
	if data.Rights, err = s.catalog.Rights(r.Context(), visitorOf(r).User, d); err != nil {
		return err
	}
	if d.OrgID != "" {
		if o, err := s.orgs.Get(r.Context(), d.OrgID); err == nil {
			data.Org = &o
		}
	}
	if !d.Deleted() {
		if data.Follow, err = s.followState(r, follow.Target{Kind: follow.Dataset, ID: d.ID}, "/datasets/"+d.Slug); err != nil {
			return err
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
		return err
	}
	p.Data = data
	s.render(w, r, status, "dataset", p)
	return nil
}

// addLink adds a remote resource: a link to a file or an API kept elsewhere.
func (s *Server) addLink(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadDataset(r)
	if err != nil {
		return err
	}
	in := catalog.ResourceInput{Title: r.PostFormValue("title"), URL: strings.TrimSpace(r.PostFormValue("url")),
		Type: r.PostFormValue("type"), Format: r.PostFormValue("format"), Description: r.PostFormValue("description")}
	_, err = s.catalog.AddRemote(r.Context(), visitorOf(r).User, d.ID, in)
	if fields := fieldErrors(err); fields != nil {
		form := r.PostForm
		form.Set("form", "link")
		return s.renderDataset(w, r, d, http.StatusUnprocessableEntity, &page{Title: "dataset.title", Errors: fields, Form: form})
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
	Datasets   []datasetCard
	Total      int
	Prev, Next string
}

// datasetCard is a dataset of the search page, its texts made in Go: the
// template's calls of T, Date and License for each of 20 cards were a
// sixth of the page's cost.
type datasetCard struct {
	Slug, Title string
	Tags        []string
	Updated     string // "Mis à jour le 3 mars 2026 · Licence Ouverte"
}

func datasetCards(p *page, list []catalog.Dataset) []datasetCard {
	out := make([]datasetCard, len(list))
	updated := p.T("dataset.updated")
	for i, d := range list {
		out[i] = datasetCard{Slug: d.Slug, Title: d.Title, Tags: d.Tags,
			Updated: updated + " " + p.Date(d.UpdatedAt) + " · " + p.License(d.License)}
	}
	return out
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
		found, err := s.catalog.Search(r.Context(), visitorOf(r).User, query)
		if fields := fieldErrors(err); fields != nil {
			errs = fields
		} else if err != nil {
			return err
		}
		d.Datasets, d.Total = datasetCards(&page{v: visitorOf(r), site: s.cfg}, found.Items), found.Total
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
