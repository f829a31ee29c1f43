package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/errs"
	"github.com/socle-portal/socle/internal/i18n"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/validate"
)

// page is what every template gets.
type page struct {
	Title   string     // a translation key
	Message string     // a translation key, for simple pages
	Form    url.Values // values to show again
	Errors  map[string][]string
	Data    any

	v    *visitor
	site Config
	path string
	tmpl *template.Template // the set of pages, and this page's name in it
	name string

	// The error summary: fields showing problems, collected by F during a
	// first rendering, listed at the top of the form in the second.
	collected []summaryItem
	shown     []string
	summary   []summaryItem
}

// T translates key into the visitor's language; args fill %s and %d verbs.
func (p *page) T(key string, args ...any) string {
	s := translate(p.v.Lang, key)
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// N translates the singular key one or the plural key other, as n asks (in
// French 0 and 1 are singular, in English only 1), filling in n.
func (p *page) N(one, other string, n int) string {
	if n == 1 || (n == 0 && p.v.Lang == "fr") {
		return p.T(one, n)
	}
	return p.T(other, n)
}

func (p *page) Lang() string        { return p.v.Lang }
func (p *page) V() *visitor         { return p.v }
func (p *page) Site() Config        { return p.site }
func (p *page) Path() string        { return p.path }
func (p *page) Val(f string) string { return p.Form.Get(f) }

// Checked reports whether the multi-valued field f holds v.
func (p *page) Checked(f, v string) bool { return slices.Contains(p.Form[f], v) }

// Err returns field's problems, in the visitor's language.
func (p *page) Err(field string) []string {
	var out []string
	for _, k := range p.Errors[field] {
		out = append(out, i18n.Text(p.v.Lang, k))
	}
	return out
}

// Date formats t for the visitor.
func (p *page) Date(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.In(p.site.Location).Format(i18n.Text(p.v.Lang, "date.layout"))
}

// pages is every page's template in one set: the layout and its pieces
// once, and each page's "content NAME" (and "crumbs NAME" when its trail is
// not the default), which the layout runs through PageContent and
// PageCrumbs. One set, not a set per page, because a copy of the layout
// parsed for each of 40 pages took 6 MB.
type pages struct{ set *template.Template }

// has reports whether name is a page.
func (ps pages) has(name string) bool { return ps.set.Lookup("content "+name) != nil }

// PageContent is the page's own part of the layout.
func (p *page) PageContent() (template.HTML, error) { return p.run("content " + p.name) }

// PageCrumbs is the page's trail: its own, or the layout's from p.Trail.
func (p *page) PageCrumbs() (template.HTML, error) {
	if p.tmpl.Lookup("crumbs "+p.name) != nil {
		return p.run("crumbs " + p.name)
	}
	return p.run("breadcrumb", p.Trail())
}

// run renders the template name of p's set for data (p itself by default),
// as HTML to put in the layout where the page's body goes: its escaping
// was done in that context, the body's.
func (p *page) run(name string, data ...any) (template.HTML, error) {
	var b strings.Builder
	var d any = p
	if len(data) > 0 {
		d = data[0]
	}
	err := p.tmpl.ExecuteTemplate(&b, name, d)
	return template.HTML(b.String()), err // #nosec G203 -- rendered by html/template
}

// answerArgs feeds the shared accept/refuse forms of a membership request.
type answerArgs struct {
	Page     *page
	Slug, ID string
	Roles    []org.Role // the options of the role to give, Default first
	Default  org.Role   // preselected
}

// acceptRoles lists the roles an accepted request may give: org.DefaultRole
// first, then the others in the order of org.Roles.
func acceptRoles() []org.Role {
	out := []org.Role{org.DefaultRole}
	for _, r := range org.RoleIDs() {
		if r != org.DefaultRole {
			out = append(out, r)
		}
	}
	return out
}

// parseTemplates parses the layout and every page into one set.
func parseTemplates(extra template.FuncMap) (pages, error) {
	funcs := template.FuncMap{"markdown": markdown, "device": deviceLabel,
		"answerArgs": func(p *page, slug, id string) answerArgs {
			return answerArgs{Page: p, Slug: slug, ID: id, Roles: acceptRoles(), Default: org.DefaultRole}
		}}
	for k, f := range extra {
		funcs[k] = f
	}
	set, err := template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html", "templates/pages/*.html")
	return pages{set}, err
}

// render writes a page. It renders into a buffer first so that a template
// error becomes a clean 500, not half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *page) {
	p.v, p.site, p.path = visitorOf(r), s.cfg, r.URL.RequestURI()
	if p.Form == nil {
		p.Form = url.Values{}
	}
	p.tmpl, p.name = s.pages.set, name
	t := s.pages.set
	var b bytes.Buffer
	if !s.pages.has(name) {
		s.log.Error("web: no such page template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if len(p.Errors) > 0 {
		// The summary sits above the fields it links to: a first pass finds
		// them. Its errors are the second's.
		_ = t.ExecuteTemplate(io.Discard, "layout.html", p)
		p.summarize()
	}
	if err := t.ExecuteTemplate(&b, "layout.html", p); err != nil {
		s.log.Error("web: render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// fail is the pages' only translation from domain errors to responses; form
// handlers deal with validation errors themselves, next to the fields.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var rl *account.RateLimitError
	var verr *validate.Errors
	status := errs.Status(err)
	p := &page{Title: "error.internal.title", Message: "error.internal"}
	switch key := pageText(err, status); {
	case status == http.StatusNotFound:
		s.notFound(w, r)
		return
	case errors.As(err, &verr):
		// A form that has no place to show its field's problem (a select
		// tampered with, a hidden field): the problems on an error page.
		var msgs []string
		for _, keys := range verr.Fields {
			for _, k := range keys {
				msgs = append(msgs, i18n.Text(visitorOf(r).Lang, k))
			}
		}
		p = &page{Title: "error.invalid.title", Message: "error.invalid", Data: strings.Join(msgs, " ")}
	case errors.As(err, &rl):
		w.Header().Set("Retry-After", strconv.Itoa(int(rl.RetryAfter.Seconds()+0.999)))
		p = &page{Title: "error.rate.title", Message: "error.rate", Data: int(rl.RetryAfter.Minutes() + 0.999)}
	case key != "":
		p = &page{Title: key + ".title", Message: key}
	case status == http.StatusInternalServerError:
		s.log.Error("web", "method", r.Method, "path", r.URL.Path, "err", err)
	case status == http.StatusBadRequest:
		p = &page{Title: "error.invalid.title", Message: errs.Key(err)}
	default:
		p = &page{Title: "error.refused.title", Message: errs.Key(err)}
	}
	s.render(w, r, status, "error", p)
}

// pageTexts name the page that explains an error, most specific first; a
// page's title is its message key with ".title". The status is always
// errs.Status's.
var pageTexts = []struct {
	err error
	key string
}{
	{account.ErrInvalidLink, "error.link"},
	{account.ErrEmailTaken, "error.email_taken"},
	{account.ErrSetupDone, "setup.done"},
	{catalog.ErrDeleted, "error.dataset_gone"},
	{org.ErrUnconfirmed, "error.unconfirmed"},
	{org.ErrTooEarly, "error.too_early"},
	{org.ErrExpired, "error.expired"},
	{org.ErrAlreadyHandled, "error.handled"},
	{org.ErrAlreadyMember, "error.member"},
}

// pageText returns the key of the page that explains err, or "".
func pageText(err error, status int) string {
	for _, t := range pageTexts {
		if errors.Is(err, t.err) {
			return t.key
		}
	}
	var last *org.LastAdminError
	switch {
	case errors.As(err, &last):
		return "error.last_admin"
	case status == http.StatusForbidden:
		return "error.forbidden"
	case status == http.StatusGone:
		return "error.gone"
	}
	return ""
}

// form re-shows a form with its problems (422), or returns other errors
// for handle to write.
func (s *Server) form(w http.ResponseWriter, r *http.Request, name string, p *page, err error) error {
	var v *validate.Errors
	if !errors.As(err, &v) {
		return err
	}
	p.Errors = v.Fields
	if p.Form == nil {
		p.Form = r.PostForm
	}
	s.render(w, r, http.StatusUnprocessableEntity, name, p)
	return nil
}

// fieldErrors returns the per-field problems of err, or nil.
func fieldErrors(err error) map[string][]string {
	var v *validate.Errors
	if errors.As(err, &v) {
		return v.Fields
	}
	return nil
}

func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusNotFound, "error", &page{Title: "error.notfound.title", Message: "error.notfound"})
}

// static serves a page with no data.
func (s *Server) static(name string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		s.render(w, r, http.StatusOK, name, &page{Title: name + ".title"})
		return nil
	}
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "home", &page{Title: "home.title"})
	return nil
}
