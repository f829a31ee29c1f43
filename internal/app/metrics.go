package app

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/socle-portal/socle/internal/metrics"
)

// setupMetrics makes the collectors and hooks the parts that report to
// them: the mail sender, the database pools and the queue's depth.
func (a *App) setupMetrics() {
	a.Metrics = metrics.New()
	a.Mail = a.Metrics.Sender(a.Mail)
	for name, pool := range a.DB.Pools() {
		a.Metrics.DBPool(name, pool)
	}
	a.Metrics.QueueDepth(a.queueDepth)
}

// queueDepth counts the jobs not yet finished, by state.
func (a *App) queueDepth(ctx context.Context) (map[string]int, error) {
	rows, err := a.DB.Writer().QueryContext(ctx, `SELECT state, count(*) FROM river_job
		WHERE state IN ('available', 'scheduled', 'retryable', 'running') GROUP BY state`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			return nil, err
		}
		out[state] = n
	}
	return out, rows.Err()
}

// loginPath is the pattern of the login form's submission; a 401 from it
// is a login refused for its credentials.
const loginPath = "POST /login"

// instrument counts the requests h serves by route pattern. The outer mux
// names its own routes; the API's and the pages' are asked for theirs.
func (a *App) instrument(h http.Handler, apiRoute, pageRoute func(*http.Request) string) http.Handler {
	route := func(r *http.Request) string {
		var p string
		switch r.Pattern {
		case "/api/", "GET /oauth/client_info":
			p = apiRoute(r)
		case "/":
			p = pageRoute(r)
		default:
			p = r.Pattern
		}
		if p == "" {
			p = "unmatched"
		}
		return p
	}
	counted := a.Metrics.Middleware(h, route)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		sw := &metrics.StatusWriter{ResponseWriter: w}
		counted.ServeHTTP(sw, r)
		if sw.Status() == http.StatusUnauthorized && r.Method == http.MethodPost && route(r) == loginPath {
			a.Metrics.LoginFailed()
		}
	})
}

// ServeMetrics serves /metrics and /debug/pprof/ on ln, the private
// address of --metrics-addr (never the public listener), until ctx ends.
func (a *App) ServeMetrics(ctx context.Context, ln net.Listener) error {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", a.Metrics.Handler())
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	stop := context.AfterFunc(ctx, func() { srv.Close() })
	defer stop()
	a.log.Info("metrics are served", "addr", ln.Addr().String())
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
