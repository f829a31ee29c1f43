// Package api serves socle's JSON API under /api/1/, compatible with udata's
// API v1 (see the shared spec): same paths, shapes and status codes.
package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/directory"
	"github.com/socle-portal/socle/internal/errs"
	"github.com/socle-portal/socle/internal/follow"
	"github.com/socle-portal/socle/internal/mydata"
	"github.com/socle-portal/socle/internal/oauth"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/validate"
	"github.com/socle-portal/socle/internal/vcache"
)

// Sessions lets the API accept the web UI's session cookie. The web package
// implements it; cookie-authenticated writes must carry a CSRF token.
type Sessions interface {
	UserFromRequest(r *http.Request) (account.User, account.Session, bool)
	CSRFValid(r *http.Request) bool
}

// Deps are the services the API serves.
type Deps struct {
	Accounts  *account.Service
	Orgs      *org.Service
	Catalog   *catalog.Service
	Directory *directory.Directory
	Sessions  Sessions       // may be nil: then only API keys authenticate
	OAuth     *oauth.Service // may be nil: then Bearer tokens are refused
	Follows   *follow.Service
	Export    *mydata.Exporter
	// CORSOrigins may call the API from a browser on another site (udata's
	// CORS_ALLOWED_ORIGINS); none by default.
	CORSOrigins []string
}

// API is the JSON API.
type API struct {
	accounts  *account.Service
	orgs      *org.Service
	catalog   *catalog.Service
	directory *directory.Directory
	sessions  Sessions
	oauth     *oauth.Service
	follows   *follow.Service
	export    *mydata.Exporter
	baseURL   string
	// corsOrigins are the sites whose pages may call the API.
	corsOrigins  []string
	log          *slog.Logger
	mux          *http.ServeMux
	orgCache     *vcache.Cache[cachedOrg]     // organization objects (org_cache.go)
	datasetCache *vcache.Cache[cachedDataset] // public dataset objects (dataset_cache.go)
}

// New returns the API; baseURL is used to build absolute URLs.
func New(d Deps, baseURL string, log *slog.Logger) *API {
	a := &API{accounts: d.Accounts, orgs: d.Orgs, catalog: d.Catalog, directory: d.Directory, sessions: d.Sessions, oauth: d.OAuth, follows: d.Follows, export: d.Export, baseURL: strings.TrimRight(baseURL, "/"), log: log,
		mux: http.NewServeMux(), corsOrigins: d.CORSOrigins, orgCache: newOrgCache(), datasetCache: newDatasetCache()}
	a.routes()
	return a
}

func (a *API) routes() {
	m := a.mux
	m.HandleFunc("GET /api/1/me/{$}", a.user(a.getMe))
	m.HandleFunc("PUT /api/1/me/{$}", a.user(a.putMe))
	m.HandleFunc("DELETE /api/1/me/{$}", a.user(a.deleteMe))
	m.HandleFunc("POST /api/1/me/avatar/{$}", a.user(a.setAvatar))
	m.HandleFunc("GET /api/1/me/metrics/{$}", a.user(a.myMetrics))
	m.HandleFunc("GET /api/1/me/export/{$}", a.user(a.exportMe))
	m.HandleFunc("GET /api/1/me/api_tokens/{$}", a.user(a.listTokens))
	m.HandleFunc("POST /api/1/me/api_tokens/{$}", a.user(a.createToken))
	m.HandleFunc("DELETE /api/1/me/api_tokens/{id}/{$}", a.user(a.revokeToken))
	m.HandleFunc("GET /api/1/users/{$}", a.user(a.listUsers))
	m.HandleFunc("GET /api/1/users/suggest/{$}", a.handle(a.suggestUsers))
	m.HandleFunc("GET /api/1/users/{user}/{$}", a.optionalUser(a.getUser))

	m.HandleFunc("GET /api/1/organizations/{$}", a.optionalUser(a.listOrgs))
	m.HandleFunc("POST /api/1/organizations/{$}", a.user(a.createOrg))
	m.HandleFunc("GET /api/1/organizations/roles/{$}", a.handle(a.roles))
	m.HandleFunc("GET /api/1/organizations/badges/{$}", a.handle(a.badges))
	m.HandleFunc("GET /api/1/organizations/suggest/{$}", a.handle(a.suggestOrgs))
	m.HandleFunc("GET /api/1/organizations/{org}/{$}", a.optionalUser(a.getOrg))
	m.HandleFunc("PUT /api/1/organizations/{org}/{$}", a.user(a.putOrg))
	m.HandleFunc("DELETE /api/1/organizations/{org}/{$}", a.user(a.deleteOrg))
	m.HandleFunc("POST /api/1/organizations/{org}/badges/{$}", a.user(a.addBadge))
	m.HandleFunc("POST /api/1/organizations/{org}/logo/{$}", a.user(a.uploadLogo))
	m.HandleFunc("DELETE /api/1/organizations/{org}/badges/{kind}/{$}", a.user(a.removeBadge))
	m.HandleFunc("POST /api/1/organizations/{org}/membership/{$}", a.user(a.askMembership))
	m.HandleFunc("GET /api/1/organizations/{org}/membership/{$}", a.user(a.listMembership))
	m.HandleFunc("POST /api/1/organizations/{org}/membership/{id}/accept/{$}", a.user(a.acceptMembership))
	m.HandleFunc("POST /api/1/organizations/{org}/membership/{id}/refuse/{$}", a.user(a.refuseMembership))
	m.HandleFunc("POST /api/1/organizations/{org}/membership/{id}/cancel/{$}", a.user(a.cancelMembership))
	m.HandleFunc("DELETE /api/1/organizations/{org}/membership/{id}/{$}", a.user(a.withdrawMembership))
	m.HandleFunc("POST /api/1/organizations/{org}/member/{$}", a.user(a.invite))
	m.HandleFunc("GET /api/1/me/org_invitations/{$}", a.user(a.myInvitations))
	m.HandleFunc("POST /api/1/me/org_invitations/{id}/accept/{$}", a.user(a.answerInvitation(true)))
	m.HandleFunc("POST /api/1/me/org_invitations/{id}/refuse/{$}", a.user(a.answerInvitation(false)))
	m.HandleFunc("PUT /api/1/organizations/{org}/member/{user}/{$}", a.user(a.setMemberRole))
	m.HandleFunc("DELETE /api/1/organizations/{org}/member/{user}/{$}", a.user(a.removeMember))
	m.HandleFunc("GET /api/1/directory/suggest/{$}", a.handle(a.suggestAuthorities))
	m.HandleFunc("GET /api/1/datasets/{$}", a.optionalUser(a.listDatasets))
	m.HandleFunc("POST /api/1/datasets/{$}", a.user(a.createDataset))
	m.HandleFunc("GET /api/1/datasets/licenses/{$}", a.handle(a.licenses))
	m.HandleFunc("GET /api/1/datasets/frequencies/{$}", a.handle(a.frequencies))
	m.HandleFunc("GET /api/1/datasets/resource_types/{$}", a.handle(a.resourceTypes))
	m.HandleFunc("GET /api/1/datasets/suggest/{$}", a.handle(a.suggestDatasets))
	m.HandleFunc("GET /api/1/datasets/suggest/formats/{$}", a.handle(a.suggestFileTypes((*catalog.Service).SuggestFormats)))
	m.HandleFunc("GET /api/1/datasets/suggest/mime/{$}", a.handle(a.suggestFileTypes((*catalog.Service).SuggestMimes)))
	m.HandleFunc("GET /api/1/datasets/extensions/{$}", a.handle(a.allowedExtensions))
	m.HandleFunc("GET /api/1/datasets/{dataset}/{$}", a.optionalUser(a.getDataset))
	m.HandleFunc("PUT /api/1/datasets/{dataset}/{$}", a.user(a.putDataset))
	m.HandleFunc("DELETE /api/1/datasets/{dataset}/{$}", a.user(a.deleteDataset))
	m.HandleFunc("GET /api/1/organizations/{org}/datasets/{$}", a.optionalUser(a.orgDatasets))
	m.HandleFunc("GET /api/1/organizations/{org}/assignments/{$}", a.user(a.listAssignments))
	m.HandleFunc("PUT /api/1/organizations/{org}/assignments/{user}/{$}", a.user(a.setAssignments))
	m.HandleFunc("PUT /api/1/organizations/{org}/member/{user}/assignments/{$}", a.user(a.syncAssignments))
	m.HandleFunc("GET /api/1/me/datasets/{$}", a.user(a.myDatasets))
	m.HandleFunc("GET /api/1/me/org_datasets/{$}", a.user(a.myOrgDatasets))
	m.HandleFunc("POST /api/1/datasets/{dataset}/upload/{$}", a.user(a.uploadResource))
	m.HandleFunc("POST /api/1/datasets/{dataset}/resources/{$}", a.user(a.addRemote))
	m.HandleFunc("PUT /api/1/datasets/{dataset}/resources/{$}", a.user(a.reorderResources))
	m.HandleFunc("GET /api/1/datasets/{dataset}/resources/{rid}/{$}", a.optionalUser(a.getResource))
	m.HandleFunc("PUT /api/1/datasets/{dataset}/resources/{rid}/{$}", a.user(a.putResource))
	m.HandleFunc("DELETE /api/1/datasets/{dataset}/resources/{rid}/{$}", a.user(a.deleteResource))
	m.HandleFunc("POST /api/1/datasets/{dataset}/resources/{rid}/upload/{$}", a.user(a.replaceFile))
	// /datasets/r/{rid} and /datasets/{dataset}/rdf[.ext] share a shape.
	m.HandleFunc("GET /api/1/datasets/{dataset}/{file}", a.optionalUser(a.datasetFile))
	m.HandleFunc("POST /api/1/transfer/{$}", a.user(a.requestTransfer))
	m.HandleFunc("GET /api/1/transfer/{$}", a.user(a.listTransfers))
	m.HandleFunc("GET /api/1/transfer/{id}/{$}", a.user(a.getTransfer))
	m.HandleFunc("POST /api/1/transfer/{id}/{$}", a.user(a.answerTransfer))
	m.HandleFunc("GET /api/1/organizations/{org}/catalog", a.handle(a.orgCatalog("jsonld")))
	m.HandleFunc("GET /api/1/organizations/{org}/catalog.jsonld", a.handle(a.orgCatalog("jsonld")))
	m.HandleFunc("GET /api/1/organizations/{org}/catalog.ttl", a.handle(a.orgCatalog("ttl")))
	m.HandleFunc("GET /api/1/organizations/{org}/catalog.xml", a.handle(a.orgCatalog("xml")))
	m.HandleFunc("GET /api/1/site/catalog", a.handle(a.siteCatalog("jsonld")))
	m.HandleFunc("GET /api/1/site/catalog.jsonld", a.handle(a.siteCatalog("jsonld")))
	m.HandleFunc("GET /api/1/site/catalog.ttl", a.handle(a.siteCatalog("ttl")))
	m.HandleFunc("GET /api/1/site/catalog.xml", a.handle(a.siteCatalog("xml")))
	m.HandleFunc("GET /api/1/site/datasets.csv", a.handle(a.siteDatasetsCSV))
	m.HandleFunc("GET /api/1/site/resources.csv", a.handle(a.siteResourcesCSV))
	m.HandleFunc("GET /api/1/site/organizations.csv", a.handle(a.siteOrgsCSV))
	m.HandleFunc("GET /api/1/organizations/{org}/datasets.csv", a.handle(a.orgDatasetsCSV))
	m.HandleFunc("GET /api/1/organizations/{org}/datasets-resources.csv", a.handle(a.orgResourcesCSV))
	m.HandleFunc("GET /api/1/support/requests/{$}", a.user(a.supportQueue))
	m.HandleFunc("GET /api/1/support/lookalikes/{$}", a.user(a.supportLookalikes))
	m.HandleFunc("POST /api/1/support/lookalikes/{org}/{like}/dismiss/{$}", a.user(a.dismissLookalike))
	m.HandleFunc("POST /api/1/organizations/{org}/membership/{id}/support/{$}", a.user(a.askSupport))
	m.HandleFunc("GET /api/1/notifications/{$}", a.user(a.listNotifications))
	m.HandleFunc("POST /api/1/notifications/{id}/read/{$}", a.user(a.readNotification))
	m.HandleFunc("GET /oauth/client_info", a.handle(a.clientInfo))
	m.HandleFunc("GET /api/1/swagger.json", a.handle(a.openAPIJSON()))
	m.HandleFunc("GET /api/openapi.json", a.handle(a.openAPIJSON()))
	m.HandleFunc("GET /api/1/swagger/{$}", a.handle(a.openAPIHTML()))
	m.HandleFunc("GET /api/1/datasets/{dataset}/followers/{$}", a.optionalUser(a.listFollowers(follow.Dataset)))
	m.HandleFunc("POST /api/1/datasets/{dataset}/followers/{$}", a.user(a.followObject(follow.Dataset)))
	m.HandleFunc("DELETE /api/1/datasets/{dataset}/followers/{$}", a.user(a.unfollowObject(follow.Dataset)))
	m.HandleFunc("GET /api/1/organizations/{org}/followers/{$}", a.optionalUser(a.listFollowers(follow.Organization)))
	m.HandleFunc("POST /api/1/organizations/{org}/followers/{$}", a.user(a.followObject(follow.Organization)))
	m.HandleFunc("DELETE /api/1/organizations/{org}/followers/{$}", a.user(a.unfollowObject(follow.Organization)))
	// Lists of objects socle does not model: always empty (community.go).
	m.HandleFunc("GET /api/1/discussions/{$}", a.optionalUser(a.emptyPage))
	m.HandleFunc("GET /api/1/datasets/community_resources/{$}", a.optionalUser(a.emptyPage))
	m.HandleFunc("/api/", a.handle(a.fallback))
}

// Handler serves every /api/ path.
func (a *API) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		if a.cors(w, r) {
			return
		}
		if f := validate.Request(r.URL.Path, r.URL.Query()); f != "" {
			a.writeError(w, r, validate.Field(f, "text.invalid"))
			return
		}
		if a.redirectSlash(w, r) {
			return
		}
		a.mux.ServeHTTP(w, r)
	})
}

// redirectSlash sends a path missing its trailing slash to the slashed path
// with 308, as udata redirects, when that path exists.
func (a *API) redirectSlash(w http.ResponseWriter, r *http.Request) bool {
	if strings.HasSuffix(r.URL.Path, "/") {
		return false
	}
	u := *r.URL
	u.Path += "/"
	u.RawPath = ""
	probe := r.Clone(r.Context())
	probe.URL = &u
	if _, pattern := a.mux.Handler(probe); pattern == "/api/" || pattern == "" {
		return false
	}
	http.Redirect(w, r, u.String(), http.StatusPermanentRedirect)
	return true
}

// fallback answers unknown paths in JSON.
func (a *API) fallback(w http.ResponseWriter, r *http.Request) error {
	a.writeJSON(w, r, http.StatusNotFound, text(r, "error.not_found"))
	return nil
}

type ctxKey struct{}

type caller struct {
	user    account.User
	session bool     // authenticated by the web session cookie
	oauth   bool     // authenticated by an OAuth access token: a tool acting for the user
	scopes  []string // that token's scopes
}

// delegated reports whether a third-party tool calls on the user's behalf.
func (c caller) delegated() bool { return c.oauth }

// authenticate finds who is calling: an X-API-KEY, or the web session
// cookie. A bad key is an error; no credentials at all is not.
func (a *API) authenticate(r *http.Request) (caller, bool, error) {
	if key := r.Header.Get("X-API-KEY"); key != "" {
		u, _, err := a.accounts.AuthenticateAPIKey(r.Context(), key)
		if err != nil {
			return caller{}, false, err
		}
		return caller{user: u}, true, nil
	}
	if h := r.Header.Get("Authorization"); h != "" {
		return a.bearer(r, h)
	}
	if a.sessions != nil {
		if u, _, ok := a.sessions.UserFromRequest(r); ok {
			if !safeMethod(r.Method) && !a.sessions.CSRFValid(r) {
				return caller{}, false, errCSRF
			}
			return caller{user: u, session: true}, true, nil
		}
	}
	return caller{}, false, nil
}

// bearer authenticates an OAuth access token, and checks that its scopes
// allow the method: a read-only token cannot write.
func (a *API) bearer(r *http.Request, header string) (caller, bool, error) {
	if a.oauth == nil {
		return caller{}, false, errBadBearer
	}
	c, err := a.oauth.AuthenticateHeader(r.Context(), header, !safeMethod(r.Method))
	switch {
	case errors.Is(err, oauth.ErrInvalidToken):
		return caller{}, false, errBadBearer
	case errors.Is(err, oauth.ErrScope):
		return caller{}, false, errScope
	case err != nil:
		return caller{}, false, err
	}
	return caller{user: c.User, oauth: true, scopes: c.Scopes}, true, nil
}

var (
	errCSRF      = errs.New(errs.ErrForbidden, "api.csrf", "CSRF token missing or invalid")
	errBadBearer = errs.New(errs.ErrUnauthenticated, "api.bad_bearer", "invalid, expired or revoked access token")
	errScope     = errs.New(errs.ErrForbidden, "error.scope", "the access token's scopes do not allow this request")
	errSysadmin  = errs.New(errs.ErrForbidden, "error.forbidden", "only sysadmins may do this")
	errDelegated = errs.New(errs.ErrForbidden, "error.delegated", "a third-party application cannot do this on a user's behalf")
)

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// user wraps a handler that needs an authenticated user.
func (a *API) user(h handler) http.HandlerFunc {
	return a.handle(func(w http.ResponseWriter, r *http.Request) error {
		c, ok, err := a.authenticate(r)
		if err == nil && !ok {
			err = account.ErrUnauthenticated
		}
		if err != nil {
			return err
		}
		setLang(r, c)
		return h(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, c)))
	})
}

// setLang makes the caller's language that of the answer.
func setLang(r *http.Request, c caller) {
	if b, ok := r.Context().Value(langKey{}).(*langBox); ok {
		b.lang = c.user.Lang
	}
}

// optionalUser wraps a public handler that shows more to some callers.
func (a *API) optionalUser(h handler) http.HandlerFunc {
	return a.handle(func(w http.ResponseWriter, r *http.Request) error {
		c, _, err := a.authenticate(r)
		if err != nil {
			return err
		}
		setLang(r, c)
		return h(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, c)))
	})
}

// handler is an endpoint: it writes its answer, or returns the error that
// handle writes.
type handler func(w http.ResponseWriter, r *http.Request) error

// handle is the one place where an endpoint's error is written.
func (a *API) handle(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		r = r.WithContext(context.WithValue(r.Context(), langKey{}, &langBox{}))
		if err := h(w, r); err != nil {
			a.writeError(w, r, err)
		}
	}
}

func callerOf(r *http.Request) caller {
	c, _ := r.Context().Value(ctxKey{}).(caller)
	return c
}

func metaOf(r *http.Request) account.Meta {
	ip := r.RemoteAddr
	if i := strings.LastIndexByte(ip, ':'); i > 0 {
		ip = strings.Trim(ip[:i], "[]")
	}
	return account.Meta{IP: ip, UserAgent: r.UserAgent(), Lang: langOf(r)}
}
