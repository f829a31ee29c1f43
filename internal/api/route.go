package api

import "net/http"

// Route is the pattern of the API's mux that serves r ("" when none), so
// that metrics count requests by route instead of by path.
func (a *API) Route(r *http.Request) string {
	_, pattern := a.mux.Handler(r)
	return pattern
}
