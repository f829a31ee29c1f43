package mail

import (
	"testing"
	"time"
)

func TestDuration(t *testing.T) {
	tests := []struct {
		lang string
		d    time.Duration
		want string
	}{
		{"fr", 30 * time.Minute, "30 minutes"},
		{"fr", time.Hour, "1 heure"},
		{"fr", 48 * time.Hour, "48 heures"},
		{"fr", 14 * 24 * time.Hour, "14 jours"},
		{"en", 14 * 24 * time.Hour, "14 days"},
		{"fr", 100 * time.Hour, "100 heures"},
	}
	for _, tt := range tests {
		if got := duration(tt.lang, tt.d); got != tt.want {
			t.Errorf("duration(%s, %v) = %q, want %q", tt.lang, tt.d, got, tt.want)
		}
	}
}
