package api

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/follow"
	"github.com/socle-portal/socle/internal/org"
)

// objectID is the shape of udata ids.
var objectID = regexp.MustCompile(`^[0-9a-f]{24}$`)

func isoDate(t interface{ IsZero() bool }, s string) any {
	if t.IsZero() {
		return nil
	}
	return s
}

// datasetPage is what the objects of a page of datasets need beyond the
// rows, read for the whole page at once: a query each for the
// organizations, the resources and the followers, not one of each per
// dataset.
type datasetPage struct {
	orgs      map[string]org.Organization
	resources map[string][]catalog.Resource
	followers map[string]int
}

func (a *API) readDatasetPage(r *http.Request, list []catalog.Dataset) (datasetPage, error) {
	orgs, err := a.orgs.ByIDs(r.Context(), orgIDsOf(list))
	if err != nil {
		return datasetPage{}, err
	}
	return a.readDatasetPageWith(r, list, orgs)
}

// readDatasetPageWith is readDatasetPage with the organizations read.
func (a *API) readDatasetPageWith(r *http.Request, list []catalog.Dataset, orgs map[string]org.Organization) (datasetPage, error) {
	ids := make([]string, len(list))
	for i, d := range list {
		ids[i] = d.ID
	}
	resources, err := a.catalog.ResourcesOf(r.Context(), ids)
	if err != nil {
		return datasetPage{}, err
	}
	followers, err := a.followersOf(r, follow.Dataset, ids)
	return datasetPage{orgs, resources, followers}, err
}

// orgIDsOf is the organizations of list, each once.
func orgIDsOf(list []catalog.Dataset) []string {
	var out []string
	for _, d := range list {
		if d.OrgID != "" && !slices.Contains(out, d.OrgID) {
			out = append(out, d.OrgID)
		}
	}
	return out
}

// followersOf is the followers metric of a page of datasets or
// organizations, in one query.
func (a *API) followersOf(r *http.Request, kind follow.Kind, ids []string) (map[string]int, error) {
	if a.follows == nil {
		return map[string]int{}, nil // an API built without following (the OpenAPI document's tests)
	}
	return a.follows.CountMany(r.Context(), kind, ids)
}

func (a *API) datasetJSON(r *http.Request, d catalog.Dataset) (*datasetJSON, error) {
	p, err := a.readDatasetPage(r, []catalog.Dataset{d})
	if err != nil {
		return nil, err
	}
	return a.datasetObject(r, d, p)
}

// datasetsJSON is the objects of a page of datasets.
func (a *API) datasetsJSON(r *http.Request, list []catalog.Dataset) ([]any, error) {
	p, err := a.readDatasetPage(r, list)
	if err != nil {
		return nil, err
	}
	out := make([]any, len(list))
	for i, d := range list {
		if out[i], err = a.datasetObject(r, d, p); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (a *API) datasetObject(r *http.Request, d catalog.Dataset, p datasetPage) (*datasetJSON, error) {
	ctx, u := r.Context(), callerOf(r).user
	rights, err := a.catalog.Rights(ctx, u, d)
	if err != nil {
		return nil, err
	}
	var organization, owner any
	if o, ok := p.orgs[d.OrgID]; ok {
		organization = a.orgRef(o)
	}
	if d.OwnerID != "" {
		if o, err := a.accounts.User(ctx, d.OwnerID); err == nil {
			owner = a.userRef(o, seenBy(callerOf(r).user, false))
		}
	}
	var temporal *coverage
	if !d.TemporalStart.IsZero() || !d.TemporalEnd.IsZero() {
		temporal = &coverage{isoDate(d.TemporalStart, d.TemporalStart.Format("2006-01-02")),
			isoDate(d.TemporalEnd, d.TemporalEnd.Format("2006-01-02"))}
	}
	zones := d.Zones
	if zones == nil {
		zones = []string{}
	}
	list := p.resources[d.ID]
	resources := make([]*resourceJSON, len(list))
	for i, x := range list {
		resources[i] = a.resourceJSON(x)
	}
	return &datasetJSON{
		ID: d.ID, Slug: d.Slug, Title: d.Title, Acronym: optional(d.Acronym), Description: d.Description,
		DescriptionShort: optional(d.DescriptionShort), CreatedAt: stamp(d.CreatedAt),
		LastModified: stamp(d.UpdatedAt), LastUpdate: stamp(d.UpdatedAt), Deleted: stamp(d.DeletedAt),
		Private: d.Private, Draft: d.Draft, Tags: d.Tags, Badges: []any{},
		Resources: resources, Frequency: d.Frequency, Temporal: temporal,
		Spatial: spatial{Zones: zones, Granularity: d.Granularity, Geom: rawOrNull(d.Geom)},
		License: d.License, Organization: organization, Owner: owner, Extras: rawOr(d.Extras, "{}"),
		Metrics: datasetMetrics{Followers: p.followers[d.ID]},
		URI:     a.baseURL + "/api/1/datasets/" + d.ID + "/", Page: a.baseURL + "/datasets/" + d.Slug,
		Rights:  rightsJSON{Edit: rights.Edit, Delete: rights.Delete, EditResources: rights.Edit},
		Quality: qualityJSON(d, list), Internal: internalOf(d.CreatedAt, d.UpdatedAt),
	}, nil
}

// rawOr is stored JSON text as it is, or fallback when there is none.
func rawOr(stored, fallback string) json.RawMessage {
	if stored == "" {
		return json.RawMessage(fallback)
	}
	return json.RawMessage(stored)
}

// rawOrNull is stored JSON text, or null.
func rawOrNull(stored string) json.RawMessage { return rawOr(stored, "null") }

// datasetJSON is udata's dataset object. socle has no reuses, discussions,
// views nor archiving: those keys are udata's zero.
type datasetJSON struct {
	ID               string          `json:"id"`
	Slug             string          `json:"slug"`
	Title            string          `json:"title"`
	Acronym          optional        `json:"acronym"`
	Description      string          `json:"description"`
	DescriptionShort optional        `json:"description_short"`
	CreatedAt        stamp           `json:"created_at"`
	LastModified     stamp           `json:"last_modified"`
	LastUpdate       stamp           `json:"last_update"`
	Deleted          stamp           `json:"deleted"`
	Archived         *string         `json:"archived"`
	Private          bool            `json:"private"`
	Draft            bool            `json:"draft"`
	Featured         bool            `json:"featured"`
	Tags             []string        `json:"tags"`
	Badges           []any           `json:"badges"`
	Resources        []*resourceJSON `json:"resources"`
	Frequency        string          `json:"frequency"`
	FrequencyDate    *string         `json:"frequency_date"`
	Temporal         *coverage       `json:"temporal_coverage"`
	Spatial          spatial         `json:"spatial"`
	License          string          `json:"license"`
	Organization     any             `json:"organization"`
	Owner            any             `json:"owner"`
	Extras           json.RawMessage `json:"extras"`
	Metrics          datasetMetrics  `json:"metrics"`
	URI              string          `json:"uri"`
	Page             string          `json:"page"`
	Rights           rightsJSON      `json:"permissions"`
	Quality          quality         `json:"quality"`
	Internal         internalJSON    `json:"internal"`
}

// coverage is udata's temporal coverage; a bound is null when open.
type coverage struct {
	Start any `json:"start"`
	End   any `json:"end"`
}

// spatial is udata's spatial coverage, in answers and in requests; geom is
// the stored GeoJSON or null.
type spatial struct {
	Zones       []string        `json:"zones"`
	Granularity string          `json:"granularity"`
	Geom        json.RawMessage `json:"geom"`
}

// datasetMetrics are a dataset's counts; only followers are socle's.
type datasetMetrics struct {
	Discussions int `json:"discussions"`
	Followers   int `json:"followers"`
	Reuses      int `json:"reuses"`
	Views       int `json:"views"`
	Downloads   int `json:"resources_downloads"`
}

// rightsJSON is what the caller may do with a dataset.
type rightsJSON struct {
	Edit          bool `json:"edit"`
	Delete        bool `json:"delete"`
	EditResources bool `json:"edit_resources"`
}
