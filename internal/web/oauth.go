package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/socle-portal/socle/internal/oauth"
)

// The consent screen: the provider sends the browser here with the id of
// its authorization request. Not every visitor is signed in: prompt=none
// answers the client rather than showing the login page.
func (s *Server) consentForm(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	id := r.URL.Query().Get("id")
	v := visitorOf(r)
	a, next, err := s.oauth.Step(r.Context(), v.User, v.Session.CreatedAt, id)
	if err != nil {
		s.oauthFail(w, r, err)
		return nil
	}
	if next != oauth.NextApprove && a.Request.Prompts(oauth.PromptNone) {
		target, err := s.oauth.Refuse(r.Context(), v.User, id, next)
		if err != nil {
			s.oauthFail(w, r, err)
			return nil
		}
		http.Redirect(w, r, target, http.StatusSeeOther)
		return nil
	}
	switch next {
	case oauth.NextLogin:
		s.toLogin(w, r)
	case oauth.NextConfirm:
		s.oauthFail(w, r, oauth.ErrUnconfirmed)
	case oauth.NextApprove:
		s.approve(w, r, id)
	default:
		s.showConsent(w, r, a)
	}
	return nil
}

func (s *Server) showConsent(w http.ResponseWriter, r *http.Request, a oauth.Authorization) {
	s.allowFormTarget(w, r, a.Request.ID)
	if u, err := url.Parse(a.Client.LogoURL); err == nil && u.Scheme == "https" && u.Host != "" {
		widenCSP(w, "img-src 'self'", "https://"+u.Host)
	}
	s.render(w, r, http.StatusOK, "consent", &page{Title: "consent.title", Data: a})
}

// toLogin sends the browser to the login page, back to the consent page
// after. Whether the login page then asks for the password of a visitor
// already signed in is decided there, from the stored request
// (freshLoginWanted), not from anything in this URL.
func (s *Server) toLogin(w http.ResponseWriter, r *http.Request) {
	next := oauth.PathLogin + "?id=" + url.QueryEscape(r.URL.Query().Get("id"))
	if r.Method == http.MethodPost {
		next = oauth.PathLogin + "?id=" + url.QueryEscape(r.PostFormValue("id"))
	}
	http.Redirect(w, r, "/login?next="+url.QueryEscape(next), http.StatusSeeOther)
}

// freshLoginWanted reports whether the login page must ask a signed-in
// visitor for their password again: next is the consent page of a request
// whose client wants a sign-in more recent than the session's
// (prompt=login, max_age).
func (s *Server) freshLoginWanted(r *http.Request, next string) bool {
	v := visitorOf(r)
	id := oauthRequestOf(next)
	return s.oauth != nil && v.SignedIn && id != "" && s.oauth.NeedsLogin(r.Context(), id, v.Session.CreatedAt)
}

func (s *Server) consent(w http.ResponseWriter, r *http.Request) error {
	id := r.PostFormValue("id")
	if r.PostFormValue("decision") != "allow" {
		target, err := s.oauth.Deny(r.Context(), visitorOf(r).User, id)
		if err != nil {
			s.oauthFail(w, r, err)
			return nil
		}
		http.Redirect(w, r, target, http.StatusSeeOther)
		return nil
	}
	s.approve(w, r, id)
	return nil
}

// approve records the yes and hands the browser back to the provider,
// which issues the code and redirects to the client.
func (s *Server) approve(w http.ResponseWriter, r *http.Request, id string) {
	v := visitorOf(r)
	if err := s.oauth.Approve(r.Context(), v.User, id, v.Session.CreatedAt, v.Session.AMR...); err != nil {
		s.oauthFail(w, r, err)
		return
	}
	http.Redirect(w, r, oauth.PathCallback+"?id="+url.QueryEscape(id), http.StatusSeeOther)
}

func (s *Server) oauthFail(w http.ResponseWriter, r *http.Request, err error) {
	switch {
	case errors.Is(err, oauth.ErrNotFound) || errors.Is(err, oauth.ErrHandled):
		s.render(w, r, http.StatusBadRequest, "error", &page{Title: "consent.invalid.title", Message: "consent.invalid"})
	case errors.Is(err, oauth.ErrUnconfirmed):
		s.render(w, r, http.StatusForbidden, "error", &page{Title: "consent.unconfirmed.title", Message: "consent.unconfirmed"})
	case errors.Is(err, oauth.ErrLoginRequired):
		s.toLogin(w, r) // the session changed between the consent screen and the answer
	default:
		s.fail(w, r, err)
	}
}

// OAuthRequestError is the page for an authorization request that cannot
// be answered to its client: an unknown client, a return address that is
// not registered, a request that cannot be read. Sending the browser to an
// address the client did not register would make the portal an open
// redirect, so the visitor reads the error here.
func (s *Server) OAuthRequestError() http.Handler {
	return s.securityHeaders(s.withVisitor(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.render(w, r, http.StatusBadRequest, "error", &page{Title: "oauth.invalid.title", Message: "oauth.invalid"})
	})))
}

// OAuthCallbackError is the page for a callback that is not the
// approving browser's, or whose request expired.
func (s *Server) OAuthCallbackError() http.Handler {
	return s.securityHeaders(s.withVisitor(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.render(w, r, http.StatusForbidden, "error", &page{Title: "consent.invalid.title", Message: "consent.invalid"})
	})))
}

// allowFormTarget lets a form on the page being rendered lead, through
// redirects, to the client's site: browsers check every hop of a form
// submission's redirect chain against the form-action of the page that
// holds the form, and the chain of a sign-in or a consent ends at the
// client. So the login and consent pages widen their own policy.
func (s *Server) allowFormTarget(w http.ResponseWriter, r *http.Request, requestID string) {
	if s.oauth == nil {
		return
	}
	origin := s.oauth.RedirectOrigin(r.Context(), requestID)
	if origin != "" {
		widenCSP(w, "form-action 'self'", origin)
	}
}

// widenCSP adds source to the directive of this response's policy.
func widenCSP(w http.ResponseWriter, directive, source string) {
	if strings.ContainsAny(source, " ;,'\"\r\n") {
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", strings.Replace(h.Get("Content-Security-Policy"), directive, directive+" "+source, 1))
}

// oauthRequestOf returns the authorization request id a login form's next
// page carries, if it is the consent page.
func oauthRequestOf(next string) string {
	rest, ok := strings.CutPrefix(next, oauth.PathLogin+"?")
	if !ok {
		return ""
	}
	q, _ := url.ParseQuery(rest)
	return q.Get("id")
}

// connectedApps lists the applications the user let act on their behalf.
func (s *Server) connectedApps(w http.ResponseWriter, r *http.Request) error {
	apps, err := s.oauth.ConnectedApps(r.Context(), visitorOf(r).User)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "apps", &page{Title: "apps.title", Data: apps})
	return nil
}

func (s *Server) disconnectApp(w http.ResponseWriter, r *http.Request) error {
	err := s.oauth.Disconnect(r.Context(), visitorOf(r).User, r.PathValue("client"))
	if err != nil && !errors.Is(err, oauth.ErrNotFound) {
		return err
	}
	http.Redirect(w, r, "/account/apps", http.StatusSeeOther)
	return nil
}

type clientsData struct {
	Clients   []oauth.Client
	New       *oauth.Client // a client just registered
	NewSecret string        // its secret, shown once
	Scopes    []string      // every scope a client may be allowed
}

// clients is the sysadmins' page of OAuth clients.
func (s *Server) clients(w http.ResponseWriter, r *http.Request) error {
	return s.renderClients(w, r, http.StatusOK, clientsData{}, nil)
}

func (s *Server) renderClients(w http.ResponseWriter, r *http.Request, status int, d clientsData, errs map[string][]string) error {
	cs, err := s.oauth.Clients(r.Context(), visitorOf(r).User)
	if errors.Is(err, oauth.ErrForbidden) {
		s.render(w, r, http.StatusForbidden, "error", &page{Title: "error.forbidden.title", Message: "error.forbidden"})
		return nil
	}
	if err != nil {
		return err
	}
	d.Clients, d.Scopes = cs, oauth.KnownScopes
	form := r.PostForm
	if form == nil || d.New != nil {
		form = url.Values{"scopes": oauth.DefaultClientScopes}
	}
	s.render(w, r, status, "clients", &page{Title: "clients.title", Data: d, Errors: errs, Form: form})
	return nil
}

func (s *Server) createClient(w http.ResponseWriter, r *http.Request) error {
	nc := oauth.NewClient{Name: r.PostFormValue("name"), RedirectURIs: strings.Fields(r.PostFormValue("redirect_uris")),
		Public: r.PostFormValue("kind") == "public", Scopes: r.PostForm["scopes"], LogoURL: r.PostFormValue("logo_url"),
		Trusted: r.PostFormValue("trusted") == "on", TokenTTL: oauth.ParseTokenTTL(r.PostFormValue("token_ttl"))}
	c, secret, err := s.oauth.CreateClient(r.Context(), visitorOf(r).User, nc)
	if fields := fieldErrors(err); fields != nil {
		return s.renderClients(w, r, http.StatusUnprocessableEntity, clientsData{}, fields)
	}
	if err != nil {
		s.renderClientsError(w, r, err)
		return nil
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.renderClients(w, r, http.StatusCreated, clientsData{New: &c, NewSecret: secret}, nil)
}

func (s *Server) deleteClient(w http.ResponseWriter, r *http.Request) error {
	if err := s.oauth.DeleteClient(r.Context(), visitorOf(r).User, r.PathValue("id")); err != nil &&
		!errors.Is(err, oauth.ErrNotFound) {
		s.renderClientsError(w, r, err)
		return nil
	}
	http.Redirect(w, r, "/admin/oauth", http.StatusSeeOther)
	return nil
}

func (s *Server) renderClientsError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, oauth.ErrForbidden) {
		s.render(w, r, http.StatusForbidden, "error", &page{Title: "error.forbidden.title", Message: "error.forbidden"})
		return
	}
	s.fail(w, r, err)
}
