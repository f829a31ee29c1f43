package app

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/socle-portal/socle/internal/api"
	"github.com/socle-portal/socle/internal/metrics"
	"github.com/socle-portal/socle/internal/mydata"
	"github.com/socle-portal/socle/internal/oauth"
	"github.com/socle-portal/socle/internal/web"
)

// Handler returns socle's whole HTTP surface.
func (a *App) Handler() (http.Handler, error) {
	loc, err := time.LoadLocation(a.cfg.TimeZone) // checked by Open
	if err != nil {
		return nil, err
	}
	pages, err := web.New(web.Deps{Accounts: a.Accounts, Orgs: a.Orgs, Catalog: a.Catalog, OAuth: a.OAuth, Export: mydata.New(a.DB, nil), Directory: a.Directory, Follows: a.Follows}, webConfig(a.cfg, loc), a.log)
	if err != nil {
		return nil, err
	}
	provider, err := a.OAuth.Provider()
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", a.ready)
	mux.Handle("GET /files/", a.serveFiles(pages))
	apiSrv := api.New(api.Deps{Accounts: a.Accounts, Orgs: a.Orgs, Catalog: a.Catalog, Directory: a.Directory,
		Sessions: pages, OAuth: a.OAuth, Export: mydata.New(a.DB, nil), Follows: a.Follows,
		CORSOrigins: a.cfg.CORSOrigins}, a.cfg.BaseURL, a.log)
	apis := apiSrv.Handler()
	mux.Handle("/api/", apis)
	mux.Handle("GET /oauth/client_info", apis)
	mux.Handle("/oauth/", provider)
	mux.Handle(oauth.PathAuthorize, errorPage(provider, pages.OAuthRequestError()))
	mux.Handle(oauth.PathCallback, a.callbackGuard(errorPage(provider, pages.OAuthRequestError()), pages))
	mux.Handle("/.well-known/openid-configuration", provider)
	ph := pages.Handler()
	mux.Handle(oauth.PathLogin, ph) // the consent screen is a page
	mux.Handle("/", ph)
	h := a.instrument(mux, apiSrv.Route, pages.Router())
	if strings.HasPrefix(a.cfg.BaseURL, "https://") {
		h = strictTransport(h)
	}
	return withClientAddr(a.cfg.TrustedProxies, withRequestID(a.idle.count(a.logRequests(h)))), nil
}

// webConfig is what the pages need of the settings.
func webConfig(c Config, loc *time.Location) web.Config {
	return web.Config{BaseURL: c.BaseURL, SupportEmail: c.SupportEmail, SiteName: c.SiteName, Location: loc,
		Logo: c.Logo, Favicon: c.Favicon, PrimaryColor: c.PrimaryColor, PagesDir: c.PagesDir, Accessibility: c.Accessibility}
}

// strictTransport tells browsers to come back over https only, for a year:
// a portal served over https must not be downgraded by a network attacker.
func strictTransport(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Strict-Transport-Security", "max-age=31536000")
		next.ServeHTTP(w, r)
	})
}

// callbackGuard lets only the browser of the user who approved an
// authorization fetch its code: the request id alone, were it seen in a
// log, must not be enough.
func (a *App) callbackGuard(next http.Handler, pages *web.Server) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		approver, err := a.OAuth.ApprovedBy(r.Context(), r.URL.Query().Get("id"))
		u, _, signedIn := pages.UserFromRequest(r)
		if err != nil || approver == "" || !signedIn || u.ID != approver {
			pages.OAuthCallbackError().ServeHTTP(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// ready answers 200 only when the database answers, so a load balancer stops
// sending traffic to an instance that lost it.
func (a *App) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := a.DB.Ping(ctx); err != nil {
		a.log.Warn("readiness check failed", "err", err)
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("database unreachable\n"))
		return
	}
	w.Write([]byte("ok\n"))
}

func (a *App) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &metrics.StatusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		status := sw.Status()
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		a.log.Log(r.Context(), level, "request", "method", r.Method, "path", r.URL.Path,
			"status", status, "duration", time.Since(start), "remote", r.RemoteAddr)
	})
}

// Serve answers HTTP on ln until ctx ends, then stops accepting connections
// and lets in-flight requests finish (up to a grace period).
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	h, err := a.Handler()
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // uploads come later; bodies are size-limited per route
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	go a.idle.run(ctx)
	a.log.Info("socle is listening", "url", a.cfg.BaseURL, "addr", ln.Addr().String(), "database", string(a.DB.Backend))
	a.announceSetup(ctx)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.log.Info("shutting down: finishing in-flight requests")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// announceSetup prints, while the portal has no sysadmin, a one-time link
// to create the first one in the browser, so that a newcomer never needs
// the command line. Each start replaces the previous link; it lasts
// account.SetupTTL and dies once a sysadmin exists.
func (a *App) announceSetup(ctx context.Context) {
	token, err := a.Accounts.SetupLink(ctx)
	if err != nil {
		a.log.Error("first-run link", "err", err)
		return
	}
	if token != "" {
		a.log.Warn("no administrator yet: open this link to create the first one (it works once, for 24 hours)",
			"url", a.cfg.BaseURL+"/setup?token="+token)
	}
}
