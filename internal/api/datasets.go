package api

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/store"
	"github.com/socle-portal/socle/internal/validate"
)

// objectID is the shape of udata ids.
var objectID = regexp.MustCompile(`^[0-9a-f]{24}$`)

func isoDate(t interface{ IsZero() bool }, s string) any {
	if t.IsZero() {
		return nil
	}
	return s
}

func (a *API) datasetJSON(r *http.Request, d catalog.Dataset) (map[string]any, error) {
	ctx, u := r.Context(), callerOf(r).user
	rights, err := a.catalog.Rights(ctx, u, d)
	if err != nil {
		return nil, err
	}
	var organization, owner any
	if d.OrgID != "" {
		if o, err := a.orgs.Get(ctx, d.OrgID); err == nil {
			organization = a.orgRef(o)
		}
	}
	if d.OwnerID != "" {
		if o, err := a.accounts.User(ctx, d.OwnerID); err == nil {
			owner = a.userRef(o, false)
		}
	}
	var temporal any
	if !d.TemporalStart.IsZero() || !d.TemporalEnd.IsZero() {
		temporal = map[string]any{"start": isoDate(d.TemporalStart, d.TemporalStart.Format("2006-01-02")),
			"end": isoDate(d.TemporalEnd, d.TemporalEnd.Format("2006-01-02"))}
	}
	zones := d.Zones
	if zones == nil {
		zones = []string{}
	}
	list, err := a.catalog.Resources(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	resources := make([]any, len(list))
	for i, x := range list {
		resources[i] = a.resourceJSON(x)
	}
	return map[string]any{
		"id": d.ID, "slug": d.Slug, "title": d.Title, "acronym": orNull(d.Acronym), "description": d.Description,
		"description_short": orNull(d.DescriptionShort), "created_at": isoTime(d.CreatedAt),
		"last_modified": isoTime(d.UpdatedAt), "last_update": isoTime(d.UpdatedAt), "deleted": isoTime(d.DeletedAt),
		"archived": nil, "private": d.Private, "draft": d.Draft, "featured": false, "tags": d.Tags, "badges": []any{},
		"resources": resources, "frequency": d.Frequency, "frequency_date": nil, "temporal_coverage": temporal,
		"spatial": map[string]any{"zones": zones, "granularity": d.Granularity, "geom": nil},
		"license": d.License, "organization": organization, "owner": owner, "extras": map[string]any{},
		"metrics": map[string]int{"discussions": 0, "followers": 0, "reuses": 0, "views": 0, "resources_downloads": 0},
		"uri":     a.baseURL + "/api/1/datasets/" + d.ID + "/", "page": a.baseURL + "/datasets/" + d.Slug,
		"permissions": map[string]bool{"edit": rights.Edit, "delete": rights.Delete, "edit_resources": rights.Edit},
	}, nil
}

func (a *API) writeDatasets(w http.ResponseWriter, r *http.Request, q catalog.Query) error {
	list, total, err := a.catalog.Search(r.Context(), q)
	if err != nil {
		return err
	}
	data, err := objects(r, list, a.datasetJSON)
	if err != nil {
		return err
	}
	var next string
	if len(list) == q.PageSize {
		if c, ok := store.DatasetCursor(q, list[len(list)-1]); ok {
			next = c.String()
		}
	}
	a.writeJSON(w, r, http.StatusOK, a.keyedEnvelope(r, data, q.Page, q.PageSize, total, next))
	return nil
}

func (a *API) listDatasets(w http.ResponseWriter, r *http.Request) error {
	page, size, err := paging(r, 20)
	if err != nil {
		return err
	}
	qs := r.URL.Query()
	q := catalog.Query{Q: qs.Get("q"), Tags: qs["tag"], License: qs.Get("license"), Format: qs.Get("format"), OrgID: qs.Get("organization"),
		OwnerID: qs.Get("owner"), Sort: qs.Get("sort"), Page: page, PageSize: size}
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
	if !store.DatasetSortValid(q.Sort) {
		v.Add("sort", "sort.unknown")
	} else if !store.DatasetCursorValid(q) {
		v.Add("after", "page.cursor")
	}
	if err := v.Err(); err != nil {
		return err
	}
	return a.writeDatasets(w, r, q)
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
	acc, err := a.orgs.Access(r.Context(), callerOf(r).user, o.ID)
	if err != nil {
		return err
	}
	q := catalog.Query{OrgID: o.ID, WithHidden: acc.Member || acc.CanAdmin(), Page: page, PageSize: size}
	var v validate.Errors
	if q.After = afterParam(r, &v); !store.DatasetCursorValid(q) {
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
	list, _, err := a.catalog.Search(r.Context(), catalog.Query{OwnerID: callerOf(r).user.ID, WithHidden: true,
		Page: page, PageSize: size})
	if err != nil {
		return err
	}
	return a.writeDatasetArray(w, r, list)
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
			list, _, err := a.catalog.Search(ctx, q)
			if err != nil {
				return err
			}
			all = append(all, list...)
			n += len(list)
			if len(list) < q.PageSize {
				break
			}
			c, ok := store.DatasetCursor(q, list[len(list)-1])
			if !ok {
				q.Page++
				continue
			}
			q.After = &c
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
	out := make([]any, 0, len(list))
	for _, d := range list {
		j, err := a.datasetJSON(r, d)
		if err != nil {
			return err
		}
		out = append(out, j)
	}
	a.writeJSON(w, r, http.StatusOK, out)
	return nil
}

// datasetReadOnly are dataset fields a client may send back; ignored.
var datasetReadOnly = []string{"id", "slug", "created_at", "last_modified", "last_update", "deleted", "archived",
	"featured", "badges", "resources", "metrics", "uri", "page", "permissions", "owner", "extras", "frequency_date",
	"quality", "harvest", "internal", "contact_points", "schema"}

type coverageJSON struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

type spatialJSON struct {
	Zones       []string `json:"zones"`
	Granularity string   `json:"granularity"`
}

// datasetInput reads a dataset body over in (which holds current values).
func (a *API) datasetInput(w http.ResponseWriter, r *http.Request, in *catalog.Input) error {
	obj, err := decodeObject(w, r)
	if err != nil {
		return err
	}
	var orgRaw json.RawMessage
	var temporal coverageJSON
	spatial := spatialJSON{Zones: in.Zones, Granularity: in.Granularity}
	err = fields(langOf(r), obj, map[string]any{"title": &in.Title, "acronym": &in.Acronym,
		"description": &in.Description, "description_short": &in.DescriptionShort, "tags": &in.Tags,
		"license": &in.License, "frequency": &in.Frequency, "private": &in.Private, "draft": &in.Draft,
		"temporal_coverage": &temporal, "spatial": &spatial, "organization": &orgRaw}, datasetReadOnly...)
	if err != nil {
		return err
	}
	var v validate.Errors
	if len(orgRaw) > 0 {
		in.OrgID = orgID(orgRaw)
		if in.OrgID == "" {
			v.Add("organization", "organization.id")
		}
	}
	if temporal.Start != "" {
		if in.TemporalStart, err = parseDate(temporal.Start); err != nil {
			v.Add("temporal_coverage", "date.invalid")
		}
	}
	if temporal.End != "" {
		if in.TemporalEnd, err = parseDate(temporal.End); err != nil {
			v.Add("temporal_coverage", "date.invalid")
		}
	}
	in.Zones, in.Granularity = spatial.Zones, spatial.Granularity
	return v.Err()
}

// orgID reads "organization" given as an id or as {"id": ...}.
func orgID(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil && objectID.MatchString(s) {
		return s
	}
	var ref struct{ ID string }
	if json.Unmarshal(raw, &ref) == nil && objectID.MatchString(ref.ID) {
		return ref.ID
	}
	return ""
}

func (a *API) createDataset(w http.ResponseWriter, r *http.Request) error {
	var in catalog.Input
	if err := a.datasetInput(w, r, &in); err != nil {
		return err
	}
	d, err := a.catalog.Create(r.Context(), callerOf(r).user, in)
	if err != nil {
		return err
	}
	return a.writeDataset(w, r, http.StatusCreated, d)
}

func (a *API) writeDataset(w http.ResponseWriter, r *http.Request, status int, d catalog.Dataset) error {
	j, err := a.datasetJSON(r, d)
	if err != nil {
		return err
	}
	a.writeJSON(w, r, status, j)
	return nil
}

// liveDataset resolves {dataset} to change it: 404 unknown or hidden, 410
// deleted (to those who see it deleted, see catalog.Get).
func (a *API) liveDataset(r *http.Request) (catalog.Dataset, error) {
	d, err := a.catalog.Get(r.Context(), callerOf(r).user, r.PathValue("dataset"))
	if err == nil && d.Deleted() {
		return d, errGone{"Dataset"}
	}
	return d, err
}

// getDataset answers a deleted dataset, "deleted" set, to those who could
// edit it; catalog.Get decides.
func (a *API) getDataset(w http.ResponseWriter, r *http.Request) error {
	d, err := a.catalog.Get(r.Context(), callerOf(r).user, r.PathValue("dataset"))
	if err != nil {
		return err
	}
	return a.writeDataset(w, r, http.StatusOK, d)
}

func (a *API) putDataset(w http.ResponseWriter, r *http.Request) error {
	d, err := a.liveDataset(r)
	if err != nil {
		return err
	}
	in := catalog.Input{Title: d.Title, Acronym: d.Acronym, Description: d.Description, DescriptionShort: d.DescriptionShort,
		Tags: d.Tags, License: d.License, Frequency: d.Frequency, TemporalStart: d.TemporalStart, TemporalEnd: d.TemporalEnd,
		Zones: d.Zones, Granularity: d.Granularity, Private: d.Private, Draft: d.Draft}
	if err := a.datasetInput(w, r, &in); err != nil {
		return err
	}
	if d, err = a.catalog.Update(r.Context(), callerOf(r).user, d.ID, in); err != nil {
		return err
	}
	return a.writeDataset(w, r, http.StatusOK, d)
}

func (a *API) deleteDataset(w http.ResponseWriter, r *http.Request) error {
	d, err := a.liveDataset(r)
	if err == nil {
		err = a.catalog.Delete(r.Context(), callerOf(r).user, d.ID)
	}
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) licenses(w http.ResponseWriter, r *http.Request) error {
	out := []any{}
	for _, l := range catalog.Licenses {
		out = append(out, map[string]any{"id": l.ID, "title": l.Title, "url": orNull(l.URL), "alternate_urls": []string{},
			"flags": []string{}, "maintainer": orNull(l.Maintainer)})
	}
	a.writeJSON(w, r, http.StatusOK, out)
	return nil
}

func (a *API) frequencies(w http.ResponseWriter, r *http.Request) error {
	out := []any{}
	for _, f := range catalog.Frequencies {
		out = append(out, map[string]string{"id": f, "label": f})
	}
	a.writeJSON(w, r, http.StatusOK, out)
	return nil
}

func (a *API) suggestDatasets(w http.ResponseWriter, r *http.Request) error {
	size, err := sizeParam(r)
	if err != nil {
		return err
	}
	list, _, err := a.catalog.Search(r.Context(), catalog.Query{Q: r.URL.Query().Get("q"), Page: 1, PageSize: size})
	if err != nil {
		return err
	}
	out := []any{}
	for _, d := range list {
		out = append(out, map[string]any{"id": d.ID, "title": d.Title, "acronym": orNull(d.Acronym), "slug": d.Slug,
			"image_url": nil, "page": a.baseURL + "/datasets/" + d.Slug})
	}
	a.writeJSON(w, r, http.StatusOK, out)
	return nil
}

func (a *API) listAssignments(w http.ResponseWriter, r *http.Request) error {
	o, err := a.liveOrg(r)
	if err != nil {
		return err
	}
	m, err := a.catalog.Assignments(r.Context(), callerOf(r).user, o.ID)
	if err != nil {
		return err
	}
	out := []any{}
	for user, ids := range m {
		out = append(out, map[string]any{"user": user, "datasets": ids})
	}
	a.writeJSON(w, r, http.StatusOK, out)
	return nil
}

func (a *API) setAssignments(w http.ResponseWriter, r *http.Request) error {
	o, err := a.liveOrg(r)
	if err != nil {
		return err
	}
	var ids []string
	obj, err := decodeObject(w, r)
	if err == nil {
		err = fields(langOf(r), obj, map[string]any{"datasets": &ids})
	}
	if err == nil {
		err = a.catalog.Assign(r.Context(), callerOf(r).user, o.ID, r.PathValue("user"), ids)
	}
	if err != nil {
		return err
	}
	a.writeJSON(w, r, http.StatusOK, map[string]any{"user": r.PathValue("user"), "datasets": ids})
	return nil
}
