package api

import (
	"net/http"
	"regexp"

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
	var ids, orgIDs []string
	seen := map[string]bool{}
	for _, d := range list {
		ids = append(ids, d.ID)
		if d.OrgID != "" && !seen[d.OrgID] {
			seen[d.OrgID] = true
			orgIDs = append(orgIDs, d.OrgID)
		}
	}
	orgs, err := a.orgs.ByIDs(r.Context(), orgIDs)
	if err != nil {
		return datasetPage{}, err
	}
	resources, err := a.catalog.ResourcesOf(r.Context(), ids)
	if err != nil {
		return datasetPage{}, err
	}
	followers, err := a.followersOf(r, follow.Dataset, ids)
	return datasetPage{orgs, resources, followers}, err
}

// followersOf is the followers metric of a page of datasets or
// organizations, in one query.
func (a *API) followersOf(r *http.Request, kind follow.Kind, ids []string) (map[string]int, error) {
	if a.follows == nil {
		return map[string]int{}, nil // an API built without following (the OpenAPI document's tests)
	}
	return a.follows.CountMany(r.Context(), kind, ids)
}

func (a *API) datasetJSON(r *http.Request, d catalog.Dataset) (map[string]any, error) {
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

func (a *API) datasetObject(r *http.Request, d catalog.Dataset, p datasetPage) (map[string]any, error) {
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
	list := p.resources[d.ID]
	followers := p.followers[d.ID]
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
		"metrics": map[string]int{"discussions": 0, "followers": followers, "reuses": 0, "views": 0, "resources_downloads": 0},
		"uri":     a.baseURL + "/api/1/datasets/" + d.ID + "/", "page": a.baseURL + "/datasets/" + d.Slug,
		"permissions": map[string]bool{"edit": rights.Edit, "delete": rights.Delete, "edit_resources": rights.Edit},
	}, nil
}
