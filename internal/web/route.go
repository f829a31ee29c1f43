package web

import "net/http"

// Router returns a function naming the pattern of the pages' mux that
// serves a request ("" when none), so that metrics count requests by route
// instead of by path. The mux it asks is built once, with the same routes.
func (s *Server) Router() func(*http.Request) string {
	mux := http.NewServeMux()
	mux.Handle("GET /static/", http.NotFoundHandler())
	s.routes(mux)
	return func(r *http.Request) string {
		_, pattern := mux.Handler(r)
		return pattern
	}
}
