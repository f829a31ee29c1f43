package oauth

import (
	"math"
	"testing"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
)

// TestLoginAfter: what /oauth/authorize's prompt and max_age become.
func TestLoginAfter(t *testing.T) {
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		name   string
		prompt []string
		maxAge *uint
		want   time.Time
	}{
		{"nothing", nil, nil, time.Time{}},
		{"prompt=consent", []string{"consent"}, nil, time.Time{}},
		{"prompt=login", []string{"login"}, nil, now},
		{"prompt=login with max_age", []string{"login"}, oidc.NewMaxAge(3600), now},
		{"max_age=0", nil, oidc.NewMaxAge(0), now},
		{"max_age=600", nil, oidc.NewMaxAge(600), now.Add(-10 * time.Minute)},
		{"max_age too large", nil, oidc.NewMaxAge(math.MaxUint), now.Add(-maxMaxAge * time.Second)},
	}
	for _, c := range cases {
		got := loginAfter(&oidc.AuthRequest{Prompt: c.prompt, MaxAge: c.maxAge}, now)
		if !got.Equal(c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
