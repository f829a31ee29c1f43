package app

import (
	"errors"
	"net/http"
	"strings"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/web"
)

// serveFiles serves stored files under /files/, after asking the catalog
// whether the caller may read them: the files of a private, draft or
// deleted dataset are not public, whatever their unguessable names.
func (a *App) serveFiles(pages *web.Server) http.Handler {
	files := http.StripPrefix("/files/", a.Files.Handler())
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		public, err := a.Catalog.FileAccess(r.Context(), a.fileCaller(r, pages), strings.TrimPrefix(r.URL.Path, "/files/"))
		switch {
		case errors.Is(err, catalog.ErrDeleted):
			http.Error(w, "gone", http.StatusGone)
			return
		case errors.Is(err, catalog.ErrNotFound):
			http.NotFound(w, r)
			return
		case err != nil:
			a.log.Error("files: access", "path", r.URL.Path, "err", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		if !public {
			w = privateCache{w}
		}
		files.ServeHTTP(w, r)
	})
}

// fileCaller is who downloads: a browser's session, an API key or an
// OAuth access token; anonymous otherwise, or when the credentials fail.
func (a *App) fileCaller(r *http.Request, pages *web.Server) account.User {
	if key := r.Header.Get("X-API-KEY"); key != "" {
		u, _, err := a.Accounts.AuthenticateAPIKey(r.Context(), key)
		if err == nil {
			return u
		}
		return account.User{}
	}
	if h := r.Header.Get("Authorization"); h != "" {
		c, err := a.OAuth.AuthenticateHeader(r.Context(), h, false)
		if err == nil {
			return c.User
		}
		return account.User{} // an identity-only token reads what anyone may
	}
	if u, _, ok := pages.UserFromRequest(r); ok {
		return u
	}
	return account.User{}
}

// privateCache keeps shared caches from storing a file not everyone may read.
type privateCache struct{ http.ResponseWriter }

func (p privateCache) WriteHeader(code int) {
	p.Header().Set("Cache-Control", "private, no-cache")
	p.ResponseWriter.WriteHeader(code)
}

func (p privateCache) Write(b []byte) (int, error) {
	p.Header().Set("Cache-Control", "private, no-cache")
	return p.ResponseWriter.Write(b)
}
