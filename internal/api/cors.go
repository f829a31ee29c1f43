package api

import (
	"net/http"
	"slices"
	"strings"
)

// cors answers udata's cross-origin calls from the origins allowed
// (udata's CORS_ALLOWED_ORIGINS): a browser application on another site may
// read the API. It writes the preflight answer itself (true) or sets the
// headers of the answer to come. With no origin allowed, nothing changes.
func (a *API) cors(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" || !slices.Contains(a.corsOrigins, origin) {
		return false
	}
	h := w.Header()
	h.Set("Access-Control-Allow-Origin", origin)
	h.Add("Vary", "Origin")
	method := r.Header.Get("Access-Control-Request-Method")
	if r.Method != http.MethodOptions || method == "" {
		return false
	}
	h.Set("Access-Control-Allow-Methods", method)
	if headers := r.Header.Get("Access-Control-Request-Headers"); headers != "" {
		h.Set("Access-Control-Allow-Headers", strings.TrimSpace(headers))
	}
	h.Set("Access-Control-Max-Age", "600")
	w.WriteHeader(http.StatusNoContent)
	return true
}
