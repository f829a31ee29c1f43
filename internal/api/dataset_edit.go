package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"slices"
	"time"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/validate"
)

// datasetReadOnly are dataset fields a client may send back; ignored.
var datasetReadOnly = []string{"id", "slug", "created_at", "last_modified", "last_update", "deleted", "archived",
	"featured", "badges", "resources", "metrics", "uri", "page", "permissions", "owner", "frequency_date",
	"quality", "harvest", "internal", "contact_points", "schema"}

type coverageJSON struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// resourceBody is what POST /datasets/ reads of each of its resources;
// other fields (udata's server-computed ones, ids) are ignored.
type resourceBody struct {
	ID, Title, Description, Type, Format, URL, Filetype string
	Extras                                              json.RawMessage
	// what the client says of a file socle does not hold (udata keeps it)
	Checksum *checksumBody
	Filesize *int64
	Mime     *string
}

// checksumBody is udata's {type, value}.
type checksumBody struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

// input is the resource as catalog takes it; socle's own validation report
// is no client's to set.
func (x resourceBody) input() catalog.ResourceInput {
	in := catalog.ResourceInput{ID: x.ID, Title: x.Title, Description: x.Description, Type: x.Type, Format: x.Format,
		URL: x.URL, Filetype: x.Filetype, Size: x.Filesize, Mime: x.Mime}
	if x.Checksum != nil {
		in.Checksum = &catalog.Checksum{Type: x.Checksum.Type, Value: x.Checksum.Value}
	}
	var m map[string]json.RawMessage
	if len(x.Extras) > 0 && x.Extras[0] == '{' && json.Unmarshal(x.Extras, &m) == nil {
		delete(m, "validation")
		e := compactJSON(mustJSON(m))
		in.Extras = &e
	}
	return in
}

// geoJSON is the part of a GeoJSON geometry udata checks.
type geoJSON struct {
	Type        string            `json:"type"`
	Coordinates json.RawMessage   `json:"coordinates"`
	Geometries  []json.RawMessage `json:"geometries"`
}

// validGeom reports whether raw is null or a GeoJSON geometry whose
// coordinates are nested lists of numbers, as udata's form checks.
func validGeom(raw json.RawMessage) bool {
	if len(raw) == 0 || string(raw) == "null" {
		return true
	}
	var g geoJSON
	if json.Unmarshal(raw, &g) != nil {
		return false
	}
	if g.Type == "GeometryCollection" {
		for _, x := range g.Geometries {
			if !validGeom(x) {
				return false
			}
		}
		return len(g.Geometries) > 0
	}
	var c any
	return slices.Contains([]string{"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}, g.Type) &&
		json.Unmarshal(g.Coordinates, &c) == nil && numbersOnly(c)
}

func numbersOnly(v any) bool {
	switch x := v.(type) {
	case float64:
		return true
	case []any:
		for _, y := range x {
			if !numbersOnly(y) {
				return false
			}
		}
		return len(x) > 0
	}
	return false
}

// datasetInput reads a dataset body over in (which holds current values).
func (a *API) datasetInput(w http.ResponseWriter, r *http.Request, in *catalog.Input) error {
	obj, err := decodeObject(w, r)
	if err != nil {
		return err
	}
	var orgRaw, extras json.RawMessage
	var temporal coverageJSON
	cover := spatial{Zones: in.Zones, Granularity: in.Granularity}
	err = fields(langOf(r), obj, map[string]any{"title": &in.Title, "acronym": &in.Acronym,
		"description": &in.Description, "description_short": &in.DescriptionShort, "tags": &in.Tags,
		"license": &in.License, "frequency": &in.Frequency, "private": &in.Private, "draft": &in.Draft,
		"temporal_coverage": &temporal, "spatial": &cover, "organization": &orgRaw, "extras": &extras}, datasetReadOnly...)
	if err != nil {
		return err
	}
	// udata: a temporal_coverage sent replaces both ends (an end null or
	// missing clears it), and a private null is false.
	if _, ok := obj["temporal_coverage"]; ok {
		in.TemporalStart, in.TemporalEnd = time.Time{}, time.Time{}
	}
	if raw, ok := obj["private"]; ok && string(raw) == "null" {
		in.Private = false
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
	in.Zones, in.Granularity = cover.Zones, cover.Granularity
	if !validGeom(cover.Geom) {
		v.Add("spatial", "spatial.geom")
	} else if cover.Geom != nil {
		g := ""
		if string(cover.Geom) != "null" {
			g = compactJSON(cover.Geom)
		}
		in.Geom = &g
	}
	if len(extras) > 0 { // absent or null: kept, as udata
		if extras[0] != '{' {
			v.Add("extras", "type.invalid")
		}
		e := compactJSON(extras)
		in.Extras = &e
	}
	// resources come as a list (udata refuses an object keyed by position);
	// Create makes them, Update edits the listed ones and adds the others
	if raw, ok := obj["resources"]; ok && string(raw) != "null" {
		var list []resourceBody
		if len(raw) == 0 || raw[0] != '[' || json.Unmarshal(raw, &list) != nil {
			v.Add("resources", "type.invalid")
		}
		for _, x := range list {
			in.Resources = append(in.Resources, x.input())
		}
		in.EditResources = true
	}
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

// compactJSON is raw without its insignificant spaces.
func compactJSON(raw json.RawMessage) string {
	var b bytes.Buffer
	if json.Compact(&b, raw) != nil {
		return string(raw)
	}
	return b.String()
}
