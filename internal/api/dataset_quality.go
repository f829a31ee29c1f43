package api

import (
	"slices"
	"time"
	"unicode/utf8"

	"github.com/socle-portal/socle/internal/catalog"
)

// openFormats are the formats udata counts as open (its OPEN_FORMATS).
var openFormats = []string{"csv", "json", "geojson", "xml", "ods", "odt", "txt", "gtfs", "gtfs-rt", "netex", "shp",
	"kml", "gpx", "parquet", "geopackage", "gpkg", "rdf", "ttl", "jsonld", "html", "zip", "pdf"}

// qualityJSON is udata's dataset quality: what its producers are told to
// fill, and the share of it filled (score, 0 to 1). socle does not watch
// availability: every resource counts as available.
func qualityJSON(d catalog.Dataset, res []catalog.Resource) quality {
	q := quality{
		License:          d.License != "" && d.License != "notspecified",
		TemporalCoverage: !d.TemporalStart.IsZero() || !d.TemporalEnd.IsZero(),
		Spatial:          len(d.Zones) > 0 || (d.Granularity != "" && d.Granularity != "other"),
		UpdateFrequency:  d.Frequency != "" && d.Frequency != "unknown",
		Description:      utf8.RuneCountInString(d.Description) > 100, // udata's QUALITY_DESCRIPTION_LENGTH
		HasResources:     len(res) > 0,
		AllAvailable:     true,
		InTime:           true,
	}
	for _, r := range res {
		if slices.Contains(openFormats, r.Format) {
			q.OpenFormat = true
		}
		if r.Description != "" || r.Type == "documentation" {
			q.Documented = true
		}
	}
	checks := []bool{q.License, q.TemporalCoverage, q.Spatial, q.UpdateFrequency, q.Description,
		q.HasResources, q.OpenFormat, q.AllAvailable, q.Documented, q.InTime}
	n := 0
	for _, ok := range checks {
		if ok {
			n++
		}
	}
	q.Score = float64(n) / float64(len(checks))
	return q
}

// quality is udata's dataset quality: ten checks and the share passed.
type quality struct {
	License          bool    `json:"license"`
	TemporalCoverage bool    `json:"temporal_coverage"`
	Spatial          bool    `json:"spatial"`
	UpdateFrequency  bool    `json:"update_frequency"`
	Description      bool    `json:"dataset_description_quality"`
	HasResources     bool    `json:"has_resources"`
	OpenFormat       bool    `json:"has_open_format"`
	AllAvailable     bool    `json:"all_resources_available"`
	Documented       bool    `json:"resources_documentation"`
	InTime           bool    `json:"update_fulfilled_in_time"`
	Score            float64 `json:"score"`
}

// internalJSON is udata's "internal" block: when socle itself created and
// last changed the object.
type internalJSON struct {
	CreatedAt    stamp `json:"created_at_internal"`
	LastModified stamp `json:"last_modified_internal"`
}

func internalOf(created, modified time.Time) internalJSON {
	return internalJSON{stamp(created), stamp(modified)}
}
