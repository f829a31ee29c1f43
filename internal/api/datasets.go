package api

import (
	"net/http"
	"slices"
	"strings"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/i18n"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/validate"
)

func (a *API) writeDatasets(w http.ResponseWriter, r *http.Request, q catalog.Query) error {
	p, err := a.catalog.Search(r.Context(), callerOf(r).user, q)
	if err != nil {
		return err
	}
	items, err := a.datasetObjects(r, p.Items)
	if err != nil {
		return err
	}
	var next string
	if p.Next != nil {
		next = p.Next.String()
	}
	a.writePage(w, r, items, q.Page, q.PageSize, p.Total, next)
	return nil
}

func (a *API) listDatasets(w http.ResponseWriter, r *http.Request) error {
	page, size, err := paging(r, 20)
	if err != nil {
		return err
	}
	qs := r.URL.Query()
	q := catalog.Query{Q: qs.Get("q"), Tags: qs["tag"], License: qs.Get("license"), Format: qs.Get("format"), OrgID: qs.Get("organization"),
		OwnerID: qs.Get("owner"), Sort: qs.Get("sort"), Page: page, PageSize: size,
		WithHidden: callerOf(r).user.ID != ""} // the caller's own hidden ones too, as udata
	var v validate.Errors
	q.After = afterParam(r, &v)
	if q.OrgID != "" && !objectID.MatchString(q.OrgID) {
		v.Add("organization", "organization.id")
	}
	q.Geozone, q.Granularity = qs.Get("geozone"), qs.Get("granularity")
	if s := qs.Get("temporal_coverage"); s != "" {
		var ok bool
		if q.CoverageStart, q.CoverageEnd, ok = catalog.ParseCoverage(s); !ok {
			v.Add("temporal_coverage", "date.invalid")
		}
	}
	if !catalog.DatasetSortValid(q.Sort) {
		v.Add("sort", "sort.unknown")
	} else if !catalog.DatasetCursorValid(q) {
		v.Add("after", "page.cursor")
	}
	none, err := udataFilters(r, &q, &v)
	if err != nil {
		return err
	}
	if err := v.Err(); err != nil {
		return err
	}
	if none {
		a.writeJSON(w, r, http.StatusOK, a.keyedEnvelope(r, []any{}, q.Page, q.PageSize, 0, ""))
		return nil
	}
	return a.writeDatasets(w, r, q)
}

// accessTypes are udata's access types; every socle dataset is open.
var accessTypes = []string{"open", "open_with_account", "restricted"}

// udataFilters reads udata's other filters of /datasets/. Those on what
// socle does not model answer as for a catalog where no dataset is
// featured, restricted, archived, described by a table schema or in a
// topic: none is true when nothing can match. The private, archived and
// deleted filters are for signed-in callers (401 otherwise, as udata).
func udataFilters(r *http.Request, q *catalog.Query, v *validate.Errors) (none bool, err error) {
	qs := r.URL.Query()
	flag := func(name string) *bool {
		switch strings.ToLower(qs.Get(name)) {
		case "":
			return nil
		case "true", "1", "on":
			t := true
			return &t
		case "false", "0", "off":
			f := false
			return &f
		}
		v.Add(name, "bool.invalid")
		return nil
	}
	if q.OwnerID != "" && !objectID.MatchString(q.OwnerID) {
		v.Add("owner", "owner.id")
	}
	if t := qs.Get("topic"); t != "" && !objectID.MatchString(t) {
		v.Add("topic", "topic.id") // a well-formed one is no topic socle knows: ignored, as udata ignores an unknown one
	}
	if b := qs.Get("organization_badge"); b != "" {
		if _, ok := org.Badges[b]; !ok {
			v.Add("organization_badge", "badge.unknown")
		}
		q.OrgBadge = b
	}
	if at := qs.Get("access_type"); at != "" {
		if !slices.Contains(accessTypes, at) {
			v.Add("access_type", "access_type.unknown")
		}
		none = at != "open"
	}
	if f := flag("featured"); f != nil && *f {
		none = true
	}
	none = none || qs.Get("schema") != "" || qs.Get("schema_version") != ""
	private, archived, deleted := flag("private"), flag("archived"), flag("deleted")
	if (private != nil || archived != nil || deleted != nil) && callerOf(r).user.ID == "" {
		return false, account.ErrUnauthenticated
	}
	q.Private = private
	q.Deleted = deleted != nil && *deleted
	if archived != nil && *archived {
		none = true
	}
	return none, nil
}

// orgDatasets lists an organization's datasets; its members see private
// ones and drafts too.
func (a *API) orgDatasets(w http.ResponseWriter, r *http.Request) error {
	o, err := a.liveOrg(r)
	if err != nil {
		return err
	}
	page, size, err := paging(r, 20)
	if err != nil {
		return err
	}
	q := catalog.Query{OrgID: o.ID, WithHidden: true, Page: page, PageSize: size}
	var v validate.Errors
	if q.After = afterParam(r, &v); !catalog.DatasetCursorValid(q) {
		v.Add("after", "page.cursor")
	}
	if err := v.Err(); err != nil {
		return err
	}
	return a.writeDatasets(w, r, q)
}

// myDatasets answers a plain array, as udata's /me/datasets/ does: no
// envelope. page and page_size walk through more than one page of them.
func (a *API) myDatasets(w http.ResponseWriter, r *http.Request) error {
	page, size, err := paging(r, maxPageSize)
	if err != nil {
		return err
	}
	p, err := a.catalog.Search(r.Context(), callerOf(r).user, catalog.Query{OwnerID: callerOf(r).user.ID, WithHidden: true,
		Page: page, PageSize: size})
	if err != nil {
		return err
	}
	return a.writeDatasetArray(w, r, p.Items)
}

// myOrgDatasets answers, as a plain array like udata's /me/org_datasets/,
// the datasets of the caller's organizations and the caller's own, most
// recently modified first; q filters them. Each owner's list is read by
// key up to the page asked, so the cost is bounded by the datasets the
// caller can reach, whatever page number is given.
func (a *API) myOrgDatasets(w http.ResponseWriter, r *http.Request) error {
	page, size, err := paging(r, maxPageSize)
	if err != nil {
		return err
	}
	ctx, u := r.Context(), callerOf(r).user
	ms, err := a.orgs.Memberships(ctx, u)
	if err != nil {
		return err
	}
	base := catalog.Query{Q: r.URL.Query().Get("q"), WithHidden: true, Sort: "-last_modified", Page: 1, PageSize: maxPageSize}
	owners := []catalog.Query{base}
	owners[0].OwnerID = u.ID
	for _, m := range ms {
		if !m.Org.Deleted() {
			q := base
			q.OrgID = m.Org.ID
			owners = append(owners, q)
		}
	}
	want := page * size
	var all []catalog.Dataset
	for _, q := range owners {
		for n := 0; n < want; {
			p, err := a.catalog.Search(ctx, callerOf(r).user, q)
			if err != nil {
				return err
			}
			all = append(all, p.Items...)
			n += len(p.Items)
			if len(p.Items) < q.PageSize {
				break
			}
			if p.Next == nil {
				q.Page++
				continue
			}
			q.After = p.Next
		}
	}
	slices.SortStableFunc(all, func(x, y catalog.Dataset) int {
		if c := y.UpdatedAt.Compare(x.UpdatedAt); c != 0 {
			return c
		}
		return strings.Compare(y.ID, x.ID)
	})
	from := min((page-1)*size, len(all))
	return a.writeDatasetArray(w, r, all[from:min(from+size, len(all))])
}

func (a *API) writeDatasetArray(w http.ResponseWriter, r *http.Request, list []catalog.Dataset) error {
	out, err := a.datasetsJSON(r, list)
	if err != nil {
		return err
	}
	a.writeJSON(w, r, http.StatusOK, out)
	return nil
}

func (a *API) licenses(w http.ResponseWriter, r *http.Request) error {
	out := []licenseJSON{}
	for _, l := range catalog.Licenses {
		out = append(out, licenseJSON{ID: l.ID, Title: l.Title, URL: optional(l.URL), AlternateURLs: []string{},
			Flags: []string{}, Maintainer: optional(l.Maintainer)})
	}
	a.writeJSON(w, r, http.StatusOK, out)
	return nil
}

func (a *API) frequencies(w http.ResponseWriter, r *http.Request) error {
	out := []idLabel{}
	for _, f := range catalog.Frequencies {
		out = append(out, idLabel{f, f})
	}
	a.writeJSON(w, r, http.StatusOK, out)
	return nil
}

// resourceTypes is udata's /datasets/resource_types/: the resource types
// with their labels.
func (a *API) resourceTypes(w http.ResponseWriter, r *http.Request) error {
	out := []idLabel{}
	for _, t := range catalog.ResourceTypes {
		out = append(out, idLabel{t, i18n.Text(langOf(r), "rtype."+t)})
	}
	a.writeJSON(w, r, http.StatusOK, out)
	return nil
}

func (a *API) suggestDatasets(w http.ResponseWriter, r *http.Request) error {
	size, err := sizeParam(r)
	if err != nil {
		return err
	}
	p, err := a.catalog.Search(r.Context(), callerOf(r).user, catalog.Query{Q: r.URL.Query().Get("q"), Page: 1, PageSize: size})
	if err != nil {
		return err
	}
	out := []datasetSuggestion{}
	for _, d := range p.Items {
		out = append(out, datasetSuggestion{ID: d.ID, Title: d.Title, Acronym: optional(d.Acronym), Slug: d.Slug,
			Page: a.baseURL + "/datasets/" + d.Slug})
	}
	a.writeJSON(w, r, http.StatusOK, out)
	return nil
}

// licenseJSON is an item of udata's /datasets/licenses/.
type licenseJSON struct {
	ID            string   `json:"id"`
	Title         string   `json:"title"`
	URL           optional `json:"url"`
	AlternateURLs []string `json:"alternate_urls"`
	Flags         []string `json:"flags"`
	Maintainer    optional `json:"maintainer"`
}

// idLabel is an item of udata's lists of frequencies and resource types.
type idLabel struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// datasetSuggestion is an item of udata's /datasets/suggest/; socle has no
// dataset images.
type datasetSuggestion struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Acronym  optional `json:"acronym"`
	Slug     string   `json:"slug"`
	ImageURL *string  `json:"image_url"`
	Page     string   `json:"page"`
}
