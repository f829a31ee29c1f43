// Package web serves socle's pages: server-rendered HTML in French and
// English, with no script. Handlers read the form, call the domain, and
// render or redirect; the rules themselves live in the domain packages.
package web

import (
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"
	_ "time/tzdata" // the portal's time zone, even where the system has no zone database

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/directory"
	"github.com/socle-portal/socle/internal/follow"
	"github.com/socle-portal/socle/internal/mydata"
	"github.com/socle-portal/socle/internal/oauth"
	"github.com/socle-portal/socle/internal/org"
)

//go:embed templates static legal
var assets embed.FS

// Config holds what pages show and how cookies are set.
type Config struct {
	BaseURL      string // cookies are Secure when it starts with https://
	SupportEmail string
	SiteName     string
	Location     *time.Location // pages show times here; nil: Europe/Paris
	// PagesDir holds the operator's texts of the legal pages (NAME.md,
	// NAME.en.md); empty: socle's.
	PagesDir string
	// Accessibility is the portal's RGAA compliance: none, partial or
	// full; empty: partial, socle's own (no manual audit was made).
	Accessibility string
	// Logo is an image file (served under /brand/), an https:// URL, or a
	// file socle serves already (/files/…); empty: the name alone.
	Logo string
	// Favicon is an image file; empty: socle's.
	Favicon string
	// PrimaryColor (#rrggbb) replaces DSFR's blue; it must carry white text.
	PrimaryColor string

	brand *brand

	zone func(id string) zone // from Deps.Directory
}

// SessionCookie carries the session token.
const SessionCookie = "socle_session"

// Deps are the services the pages use.
type Deps struct {
	Accounts *account.Service
	Orgs     *org.Service
	Catalog  *catalog.Service
	OAuth    *oauth.Service
	Export   *mydata.Exporter // "download my data"
	// Directory names the zones datasets cover; nil: zones show as ids.
	Directory *directory.Directory
	// Follows keeps who follows what; nil: no follow buttons.
	Follows *follow.Service
}

// Server renders the pages.
type Server struct {
	accounts *account.Service
	orgs     *org.Service
	catalog  *catalog.Service
	oauth    *oauth.Service
	export   *mydata.Exporter
	follows  *follow.Service
	cfg      Config
	log      *slog.Logger
	pages    pages
	legal    legalTexts
	secure   bool
}

// CheckConfig reports what in cfg keeps the pages from starting: an
// unknown accessibility status, an unreadable legal page, a logo, favicon
// or colour that cannot be used.
func CheckConfig(cfg Config) error {
	if cfg.Accessibility == "" {
		cfg.Accessibility = "partial"
	}
	if err := checkAccessibility(cfg.Accessibility); err != nil {
		return err
	}
	if _, err := loadLegal(cfg); err != nil {
		return err
	}
	_, err := loadBrand(cfg)
	return err
}

// New parses the templates and returns the pages' server.
func New(d Deps, cfg Config, log *slog.Logger) (*Server, error) {
	if cfg.SiteName == "" {
		cfg.SiteName = "socle"
	}
	if cfg.Location == nil {
		loc, err := time.LoadLocation("Europe/Paris")
		if err != nil {
			return nil, err
		}
		cfg.Location = loc
	}
	if cfg.Accessibility == "" {
		cfg.Accessibility = "partial"
	}
	if err := checkAccessibility(cfg.Accessibility); err != nil {
		return nil, err
	}
	legal, err := loadLegal(cfg)
	if err != nil {
		return nil, err
	}
	if cfg.brand, err = loadBrand(cfg); err != nil {
		return nil, err
	}
	cfg.zone = zoneOf(d.Directory)
	pages, err := parseTemplates(template.FuncMap{
		"logo":   func(o org.Organization, size int) string { return d.Orgs.LogoURL(o, size) },
		"avatar": func(u account.User, size int) string { return d.Accounts.AvatarURL(u, size) },
	})
	if err != nil {
		return nil, err
	}
	return &Server{accounts: d.Accounts, orgs: d.Orgs, catalog: d.Catalog, oauth: d.OAuth, export: d.Export, follows: d.Follows, cfg: cfg, log: log, pages: pages, legal: legal,
		secure: strings.HasPrefix(cfg.BaseURL, "https://")}, nil
}

// Handler serves every page and /static/.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(assets, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheStatic(http.FileServerFS(static))))
	s.routes(mux)
	protect := http.NewCrossOriginProtection()
	protect.SetDenyHandler(http.HandlerFunc(s.forbidden))
	return s.securityHeaders(protect.Handler(s.withVisitor(s.checkCSRF(mux))))
}

func (s *Server) routes(m *http.ServeMux) {
	m.HandleFunc("GET /{$}", s.handle(s.home))
	m.HandleFunc("GET /terms", s.handle(s.static("terms")))
	m.HandleFunc("GET /contact", s.handle(s.static("contact")))
	m.HandleFunc("POST /lang", s.handle(s.setLang))
	for _, p := range legalPages {
		m.HandleFunc("GET /"+p.name, s.handle(s.legalPage(p.name, p.title)))
	}
	m.HandleFunc("GET /plan-du-site", s.handle(s.sitemapPage))
	m.HandleFunc("GET /brand/{name}", s.serveBrand)
	m.HandleFunc("GET /favicon.ico", s.favicon)

	m.HandleFunc("GET /signup", s.handle(s.signupForm))
	m.HandleFunc("POST /signup", s.handle(s.signup))
	m.HandleFunc("GET /confirm", s.handle(s.confirm))
	m.HandleFunc("GET /confirm/resend", s.handle(s.resendForm))
	m.HandleFunc("POST /confirm/resend", s.handle(s.resend))
	m.HandleFunc("GET /login", s.handle(s.loginForm))
	m.HandleFunc("POST /login", s.handle(s.login))
	m.HandleFunc("POST /logout", s.handle(s.logout))
	m.HandleFunc("GET /password/forgot", s.handle(s.forgotForm))
	m.HandleFunc("POST /password/forgot", s.handle(s.forgot))
	m.HandleFunc("GET /password/reset", s.handle(s.resetForm))
	m.HandleFunc("POST /password/reset", s.handle(s.reset))
	m.HandleFunc("GET /email/confirm", s.handle(s.confirmEmail))
	s.twoFactorRoutes(m)

	m.HandleFunc("GET /account", s.signedIn(s.profileForm))
	m.HandleFunc("POST /account", s.signedIn(s.profile))
	m.HandleFunc("POST /account/avatar", s.signedIn(s.uploadAvatar))
	m.HandleFunc("GET /account/email", s.signedIn(s.emailForm))
	m.HandleFunc("POST /account/email", s.signedIn(s.email))
	m.HandleFunc("GET /account/password", s.signedIn(s.passwordForm))
	m.HandleFunc("POST /account/password", s.signedIn(s.password))
	m.HandleFunc("GET /account/sessions", s.signedIn(s.sessions))
	m.HandleFunc("POST /account/sessions/{id}/revoke", s.signedIn(s.revokeSession))
	m.HandleFunc("POST /account/sessions/revoke-others", s.signedIn(s.revokeOthers))
	m.HandleFunc("GET /account/apikeys", s.signedIn(s.apiKeys))
	m.HandleFunc("POST /account/apikeys", s.signedIn(s.createAPIKey))
	m.HandleFunc("POST /account/apikeys/{id}/revoke", s.signedIn(s.revokeAPIKey))
	m.HandleFunc("GET /account/notifications", s.signedIn(s.notifyForm))
	m.HandleFunc("POST /account/notifications", s.signedIn(s.notifyPrefs))
	m.HandleFunc("GET /setup", s.handle(s.setupForm))
	m.HandleFunc("POST /setup", s.handle(s.setup))
	m.HandleFunc("GET /account/export", s.signedIn(s.exportForm))
	m.HandleFunc("POST /account/export", s.signedIn(s.exportData))
	m.HandleFunc("GET /account/delete", s.signedIn(s.deleteForm))
	m.HandleFunc("POST /account/delete", s.signedIn(s.deleteAccount))
	m.HandleFunc("GET /organizations", s.handle(s.searchOrgs))
	m.HandleFunc("GET /organizations/new", s.signedIn(s.newOrgForm))
	m.HandleFunc("POST /organizations/new", s.signedIn(s.createOrg))
	m.HandleFunc("GET /organizations/{slug}", s.handle(s.orgPage))
	m.HandleFunc("POST /organizations/{slug}/join", s.signedIn(s.join))
	m.HandleFunc("POST /organizations/{slug}/requests/{id}/cancel", s.signedIn(s.cancelJoin()))
	m.HandleFunc("POST /organizations/{slug}/leave", s.signedIn(s.leave()))
	m.HandleFunc("GET /organizations/{slug}/datasets", s.handle(s.orgDatasets))
	m.HandleFunc("GET /organizations/{slug}/members", s.signedIn(s.membersPage))
	m.HandleFunc("GET /organizations/{slug}/edit", s.signedIn(s.editOrgForm))
	m.HandleFunc("POST /organizations/{slug}/edit", s.signedIn(s.editOrg))
	m.HandleFunc("POST /organizations/{slug}/delete", s.signedIn(s.deleteOrg))
	m.HandleFunc("POST /organizations/{slug}/badges", s.signedIn(s.badge))
	m.HandleFunc("POST /organizations/{slug}/logo", s.signedIn(s.uploadLogo))
	m.HandleFunc("POST /organizations/{slug}/requests/{id}/accept", s.signedIn(s.accept()))
	m.HandleFunc("POST /organizations/{slug}/requests/{id}/refuse", s.signedIn(s.refuse()))
	m.HandleFunc("POST /organizations/{slug}/members/{user}/role", s.signedIn(s.setRole()))
	m.HandleFunc("POST /organizations/{slug}/members/{user}/remove", s.signedIn(s.removeMember()))
	m.HandleFunc("POST /organizations/{slug}/members/{user}/function", s.signedIn(s.setFunction()))
	m.HandleFunc("POST /organizations/{slug}/members/{user}/assignments", s.signedIn(s.assign()))
	m.HandleFunc("POST /organizations/{slug}/invite", s.signedIn(s.invite()))
	m.HandleFunc("POST /invitations/{id}/accept", s.signedIn(s.answerInvitation(true)))
	m.HandleFunc("POST /invitations/{id}/decline", s.signedIn(s.answerInvitation(false)))
	m.HandleFunc("POST /organizations/{slug}/requests/{id}/support", s.signedIn(s.askSupport()))
	m.HandleFunc("GET /support", s.signedIn(s.supportQueue))
	m.HandleFunc("POST /support/lookalikes/{org}/{like}/dismiss", s.signedIn(s.dismissLookalike))
	m.HandleFunc("GET /users/{slug}/{$}", s.handle(s.userPage))
	m.HandleFunc("GET /datasets", s.handle(s.searchDatasets))
	m.HandleFunc("GET /datasets/new", s.signedIn(s.newDatasetForm))
	m.HandleFunc("POST /datasets/new", s.signedIn(s.createDataset))
	m.HandleFunc("GET /datasets/{slug}", s.handle(s.datasetPage))
	m.HandleFunc("GET /datasets/{slug}/edit", s.signedIn(s.editDatasetForm))
	m.HandleFunc("POST /datasets/{slug}/edit", s.signedIn(s.editDataset))
	m.HandleFunc("POST /datasets/{slug}/publish", s.signedIn(s.publishDataset))
	m.HandleFunc("POST /datasets/{slug}/upload", s.signedIn(s.uploadResource))
	m.HandleFunc("POST /datasets/{slug}/resources", s.signedIn(s.addLink))
	m.HandleFunc("POST /datasets/{slug}/resources/{rid}/upload", s.signedIn(s.uploadVersion))
	m.HandleFunc("POST /datasets/{slug}/transfer", s.signedIn(s.requestTransfer))
	m.HandleFunc("POST /transfers/{id}/accept", s.signedIn(s.answerTransfer(true)))
	m.HandleFunc("POST /transfers/{id}/refuse", s.signedIn(s.answerTransfer(false)))
	m.HandleFunc("GET /producer", s.signedIn(s.producer))
	m.HandleFunc("GET /notifications", s.signedIn(s.notifications))
	m.HandleFunc("POST /notifications/{id}/read", s.signedIn(s.readNotification))
	if s.oauth != nil {
		s.oauthRoutes(m)
	}
	if s.follows != nil {
		s.followRoutes(m)
	}
	m.HandleFunc("/", s.notFound)
}

func (s *Server) oauthRoutes(m *http.ServeMux) {
	m.HandleFunc("GET "+oauth.PathLogin, s.handle(s.consentForm)) // signs in itself: prompt=none must not show the login page
	m.HandleFunc("POST "+oauth.PathLogin, s.signedIn(s.consent))
	m.HandleFunc("GET /account/apps", s.signedIn(s.connectedApps))
	m.HandleFunc("POST /account/apps/{client}/revoke", s.signedIn(s.disconnectApp))
	m.HandleFunc("GET /admin/oauth", s.signedIn(s.clients))
	m.HandleFunc("POST /admin/oauth", s.signedIn(s.createClient))
	m.HandleFunc("POST /admin/oauth/{id}/delete", s.signedIn(s.deleteClient))
}

func cacheStatic(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

// securityHeaders sets the headers every response carries. The CSP allows
// no inline script at all; pages need none.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	img := "'self' data:"
	if o := s.cfg.brand.imgOrigin; o != "" {
		img += " " + o // the operator's logo
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src "+img+"; style-src 'self'; "+
			"script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		// Links in e-mails carry tokens in the query: never send them on.
		h.Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}
