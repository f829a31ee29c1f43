package api

import (
	"encoding/json"
	"net/http"
	"regexp"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/follow"
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
			owner = a.userRef(o, seenBy(callerOf(r).user, false))
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
	followers, err := a.followers(r, follow.Dataset, d.ID)
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
		"spatial": map[string]any{"zones": zones, "granularity": d.Granularity, "geom": rawOrNull(d.Geom)},
		"license": d.License, "organization": organization, "owner": owner, "extras": rawOr(d.Extras, "{}"),
		"metrics": map[string]int{"discussions": 0, "followers": followers, "reuses": 0, "views": 0, "resources_downloads": 0},
		"uri":     a.baseURL + "/api/1/datasets/" + d.ID + "/", "page": a.baseURL + "/datasets/" + d.Slug,
		"permissions": map[string]bool{"edit": rights.Edit, "delete": rights.Delete, "edit_resources": rights.Edit},
		"quality":     qualityJSON(d, list), "internal": internalJSON(d.CreatedAt, d.UpdatedAt),
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
