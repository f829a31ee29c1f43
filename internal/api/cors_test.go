package api_test

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/socle-portal/socle/internal/api"
)

// TestCORSOnlyAllowedOrigins: a site not in the list gets no CORS headers,
// and its preflight is no answer of the API's.
func TestCORSOnlyAllowedOrigins(t *testing.T) {
	h := api.New(api.Deps{CORSOrigins: []string{"https://app.example.org"}}, testBase, slog.New(slog.DiscardHandler)).Handler()
	for origin, want := range map[string]string{"https://app.example.org": "https://app.example.org", "https://evil.example": ""} {
		req := httptest.NewRequest("OPTIONS", "/api/1/organizations/", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "PUT")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if got := rec.Header().Get("Access-Control-Allow-Origin"); got != want {
			t.Errorf("%s: Access-Control-Allow-Origin %q, want %q", origin, got, want)
		}
		if (rec.Code == http.StatusNoContent) != (want != "") {
			t.Errorf("%s: preflight %d", origin, rec.Code)
		}
	}
}
