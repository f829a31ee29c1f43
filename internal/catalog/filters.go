package catalog

import (
	"regexp"
	"time"

	"github.com/socle-portal/socle/internal/validate"
)

// zoneShape is a zone id as udata's geozones write it: "fr:epci:200054781",
// "fr:departement:2A".
var zoneShape = regexp.MustCompile(`^[a-z]+:[a-z]+:[0-9A-Za-z]+$`)

// ParseCoverage reads udata's temporal_coverage filter, "start-end" as two
// ISO dates: "2020-01-01-2020-12-31". Both ends are days, the end included;
// ok is false when s has another shape. Search refuses an end before the
// start.
func ParseCoverage(s string) (start, end time.Time, ok bool) {
	if len(s) != 21 || s[10] != '-' {
		return start, end, false
	}
	start, err1 := time.Parse("2006-01-02", s[:10])
	end, err2 := time.Parse("2006-01-02", s[11:])
	if err1 != nil || err2 != nil {
		return time.Time{}, time.Time{}, false
	}
	return start, end, true
}

// checkQuery refuses filters no dataset could be described with: an
// unknown zone or granularity is a mistake to report, not an empty page.
func (s *Service) checkQuery(q Query) error {
	var v validate.Errors
	if q.Geozone != "" && (!zoneShape.MatchString(q.Geozone) || (s.zones != nil && !s.zones.HasZone(q.Geozone))) {
		v.Add("geozone", "zone.unknown")
	}
	if q.Granularity != "" && !known(Granularities, q.Granularity) {
		v.Add("granularity", "granularity.unknown")
	}
	if q.CoverageStart.IsZero() != q.CoverageEnd.IsZero() || q.CoverageEnd.Before(q.CoverageStart) {
		v.Add("temporal_coverage", "temporal.order")
	}
	return v.Err()
}
