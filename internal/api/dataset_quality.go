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
func qualityJSON(d catalog.Dataset, res []catalog.Resource) map[string]any {
	q := map[string]any{
		"license":                     d.License != "" && d.License != "notspecified",
		"temporal_coverage":           !d.TemporalStart.IsZero() || !d.TemporalEnd.IsZero(),
		"spatial":                     len(d.Zones) > 0 || (d.Granularity != "" && d.Granularity != "other"),
		"update_frequency":            d.Frequency != "" && d.Frequency != "unknown",
		"dataset_description_quality": utf8.RuneCountInString(d.Description) > 100, // udata's QUALITY_DESCRIPTION_LENGTH
		"has_resources":               len(res) > 0,
		"has_open_format":             false,
		"all_resources_available":     true,
		"resources_documentation":     false,
		"update_fulfilled_in_time":    true,
	}
	for _, r := range res {
		if slices.Contains(openFormats, r.Format) {
			q["has_open_format"] = true
		}
		if r.Description != "" || r.Type == "documentation" {
			q["resources_documentation"] = true
		}
	}
	n := 0
	for _, v := range q {
		if v == true {
			n++
		}
	}
	q["score"] = float64(n) / float64(len(q))
	return q
}

// internalJSON is udata's "internal" block: when socle itself created and
// last changed the object.
func internalJSON(created, modified time.Time) map[string]any {
	return map[string]any{"created_at_internal": isoTime(created), "last_modified_internal": isoTime(modified)}
}
