package catalog_test

import (
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/catalog"
)

func TestParseCoverage(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	for _, c := range []struct {
		in         string
		start, end string
		ok         bool
	}{
		{"2020-01-01-2020-12-31", "2020-01-01", "2020-12-31", true},
		{"2020-12-31-2020-01-01", "2020-12-31", "2020-01-01", true}, // Search refuses the order
		{"2020-01-01", "", "", false},
		{"2020-01-01/2020-12-31", "", "", false},
		{"2020-02-30-2020-12-31", "", "", false},
		{"2020-01-01-2020-12-31x", "", "", false},
		{"", "", "", false},
	} {
		start, end, ok := catalog.ParseCoverage(c.in)
		if ok != c.ok || (ok && (!start.Equal(day(c.start)) || !end.Equal(day(c.end)))) {
			t.Errorf("%q: %v %v %v", c.in, start, end, ok)
		}
	}
}
