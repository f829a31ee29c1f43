package web

import (
	"testing"
	"time"
)

// TestDate_portalTimeZone: pages show times in the portal's time zone,
// winter and summer time alike, whatever zone the time was read in.
func TestDate_portalTimeZone(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, lang string
		at         time.Time
		want       string
	}{
		{"winter, French", "fr", time.Date(2026, 1, 15, 7, 34, 0, 0, time.UTC), "15/01/2026 à 08:34"},
		{"summer, French", "fr", time.Date(2026, 7, 15, 7, 34, 0, 0, time.UTC), "15/07/2026 à 09:34"},
		{"summer, English", "en", time.Date(2026, 7, 15, 7, 34, 0, 0, time.UTC), "15 Jul 2026, 09:34"},
		{"read in another zone", "fr", time.Date(2026, 1, 15, 2, 34, 0, 0, time.FixedZone("x", -5*3600)), "15/01/2026 à 08:34"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &page{v: &visitor{Lang: tt.lang}, site: Config{Location: paris}}
			if got := p.Date(tt.at); got != tt.want {
				t.Errorf("Date(%v) = %q, want %q", tt.at, got, tt.want)
			}
		})
	}
}
