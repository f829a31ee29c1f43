// Command producer-tool is a small third-party web application that publishes
// to a socle portal on behalf of its users. It signs them in with socle
// (OAuth2 authorization code flow with PKCE), lists the organizations they
// belong to and those organizations' datasets, and uploads a file as a new
// resource of a dataset they choose, streaming it from the browser to socle
// without holding it in memory.
//
// It is an example for developers of publishing tools: read README.md, then
// this file from top to bottom.
package main

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"html/template"
	"io"
	"log"
	"mime/multipart"
	"net"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"golang.org/x/oauth2"
)

// Config is what the tool needs to know.
type Config struct {
	SocleURL     string // the portal, e.g. http://127.0.0.1:8080
	ClientID     string // given by `socle oauth client create`
	ClientSecret string // empty for a public client: PKCE alone protects the code
	Addr         string // where the tool listens, e.g. 127.0.0.1:8090
}

// RedirectURL is the tool's callback. It must be registered at socle exactly
// as written here; socle allows plain http only on loopback addresses.
func (c Config) RedirectURL() string { return "http://" + c.Addr + "/callback" }

// scopes the tool asks for: "default" lets it act as the user (read and
// publish, with the user's own rights); "offline_access" gives a refresh
// token, so the session outlives the one-hour access token.
var scopes = []string{"default", "offline_access"}

const (
	loginCookie   = "producer_login"   // the sign-in under way: its state and PKCE verifier
	sessionCookie = "producer_session" // the signed-in user: their tokens
	loginTTL      = 10 * time.Minute
	sessionTTL    = 8 * time.Hour
)

// A pendingLogin is what the tool remembers between sending the browser to
// socle and its coming back: the state, to know the answer is for a sign-in
// started here by this browser, and the PKCE verifier, to redeem the code.
type pendingLogin struct {
	state, verifier string
	expires         time.Time
}

// A session is a signed-in user. The tokens never leave the server: the
// browser only holds a random session id.
type session struct {
	tokens  oauth2.TokenSource // refreshes the access token when it expires
	api     *http.Client       // adds "Authorization: Bearer <access token>"
	csrf    string             // token the session's forms carry
	expires time.Time
}

type server struct {
	cfg   Config
	oauth *oauth2.Config
	pages *template.Template
	mux   *http.ServeMux

	mu       sync.Mutex
	logins   map[string]pendingLogin // by the login cookie's value
	sessions map[string]*session     // by the session cookie's value
}

func newServer(cfg Config) (*server, error) {
	cfg.SocleURL = strings.TrimRight(cfg.SocleURL, "/")
	if u, err := url.Parse(cfg.SocleURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("the socle URL %q is not an http(s) URL", cfg.SocleURL)
	}
	if cfg.ClientID == "" {
		return nil, errors.New("a client id is required: register the tool with `socle oauth client create`")
	}
	if host, _, err := net.SplitHostPort(cfg.Addr); err != nil || host == "" {
		return nil, fmt.Errorf("the listen address %q must be host:port, e.g. 127.0.0.1:8090", cfg.Addr)
	}
	s := &server{
		cfg: cfg,
		oauth: &oauth2.Config{
			ClientID:     cfg.ClientID,
			ClientSecret: cfg.ClientSecret,
			RedirectURL:  cfg.RedirectURL(),
			Scopes:       scopes,
			// socle also publishes these at /.well-known/openid-configuration.
			Endpoint: oauth2.Endpoint{AuthURL: cfg.SocleURL + "/oauth/authorize", TokenURL: cfg.SocleURL + "/oauth/token"},
		},
		pages:    template.Must(template.New("").Parse(pagesHTML)),
		mux:      http.NewServeMux(),
		logins:   map[string]pendingLogin{},
		sessions: map[string]*session{},
	}
	s.mux.HandleFunc("GET /{$}", s.home)
	s.mux.HandleFunc("GET /login", s.login)
	s.mux.HandleFunc("GET /callback", s.callback)
	s.mux.HandleFunc("GET /orgs", s.orgs)
	s.mux.HandleFunc("POST /upload", s.upload)
	s.mux.HandleFunc("POST /logout", s.logout)
	return s, nil
}

func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	s.mux.ServeHTTP(w, r)
}

// ---- Signing in ----

// maxPendingLogins bounds the sign-ins started and not finished.
const maxPendingLogins = 10_000

// login starts the authorization code flow: a fresh state and PKCE
// verifier, remembered server-side under a random id the browser keeps in a
// short-lived cookie, and a redirect to socle's authorization endpoint with
// the verifier's S256 challenge.
func (s *server) login(w http.ResponseWriter, r *http.Request) {
	id, state, verifier := randomString(), randomString(), oauth2.GenerateVerifier()
	s.mu.Lock()
	s.prune(time.Now())
	full := len(s.logins) >= maxPendingLogins
	if !full {
		s.logins[id] = pendingLogin{state: state, verifier: verifier, expires: time.Now().Add(loginTTL)}
	}
	s.mu.Unlock()
	if full { // a flood of /login must not grow memory without bound
		http.Error(w, "too many sign-ins in progress, try again in a few minutes", http.StatusServiceUnavailable)
		return
	}
	s.setCookie(w, loginCookie, "/callback", id, loginTTL)
	http.Redirect(w, r, s.oauth.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier)), http.StatusFound)
}

// callback is where socle sends the browser back, with a code (or an error)
// and the state. The pending sign-in is used once, whatever happens.
func (s *server) callback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	var p pendingLogin
	found := false
	if c, err := r.Cookie(loginCookie); err == nil {
		s.mu.Lock()
		p, found = s.logins[c.Value]
		delete(s.logins, c.Value)
		s.mu.Unlock()
	}
	s.setCookie(w, loginCookie, "/callback", "", -1)
	// Check the state before anything else: an answer this browser did not
	// ask for (a forged link, an old tab) must not sign anyone in.
	if !found || time.Now().After(p.expires) || subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(p.state)) != 1 {
		s.fail(w, http.StatusBadRequest, "This sign-in is unknown, expired or was not started from this browser. Please sign in again.")
		return
	}
	if e := q.Get("error"); e != "" { // e.g. access_denied: the user said no
		s.fail(w, http.StatusForbidden, "socle did not authorize the tool: "+e+" "+q.Get("error_description"))
		return
	}
	tok, err := s.oauth.Exchange(r.Context(), q.Get("code"), oauth2.VerifierOption(p.verifier))
	if err != nil {
		log.Printf("code exchange: %v", err)
		s.fail(w, http.StatusBadGateway, "socle refused to exchange the authorization code. Please sign in again.")
		return
	}
	id := randomString()
	s.mu.Lock()
	if c, err := r.Cookie(sessionCookie); err == nil {
		delete(s.sessions, c.Value) // a new sign-in gets a new session id
	}
	s.sessions[id] = s.newSession(tok)
	s.mu.Unlock()
	s.setCookie(w, sessionCookie, "/", id, sessionTTL)
	http.Redirect(w, r, "/orgs", http.StatusSeeOther)
}

func (s *server) newSession(tok *oauth2.Token) *session {
	// The token source refreshes the access token with the refresh token
	// when it expires (socle rotates refresh tokens; the source keeps the
	// newest). It outlives the callback request, hence the background
	// context: the request's would be canceled by the first refresh.
	ts := s.oauth.TokenSource(context.Background(), tok)
	return &session{tokens: ts, api: &http.Client{Transport: &oauth2.Transport{Source: ts}},
		csrf: randomString(), expires: time.Now().Add(sessionTTL)}
}

// logout revokes the refresh token at socle, which ends the whole grant
// (its access tokens too), and forgets the session.
func (s *server) logout(w http.ResponseWriter, r *http.Request) {
	id, sess := s.session(r)
	if sess == nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	if !validCSRF(sess, r.PostFormValue("csrf_token")) {
		s.fail(w, http.StatusForbidden, "The form expired. Go back, reload the page and try again.")
		return
	}
	if err := s.revoke(r.Context(), sess); err != nil {
		log.Printf("revoking the token: %v", err) // the session still ends here
	}
	s.mu.Lock()
	delete(s.sessions, id)
	s.mu.Unlock()
	s.setCookie(w, sessionCookie, "/", "", -1)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// revoke calls socle's revocation endpoint (RFC 7009). The client
// authenticates as at the token endpoint: HTTP Basic with its secret, or
// just its id for a public client.
func (s *server) revoke(ctx context.Context, sess *session) error {
	tok, err := sess.tokens.Token()
	if err != nil {
		return err // refresh refused: the grant is already over
	}
	form := url.Values{"token": {tok.AccessToken}, "token_type_hint": {"access_token"}}
	if tok.RefreshToken != "" {
		form = url.Values{"token": {tok.RefreshToken}, "token_type_hint": {"refresh_token"}}
	}
	if s.cfg.ClientSecret == "" {
		form.Set("client_id", s.cfg.ClientID)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.cfg.SocleURL+"/oauth/revoke", strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if s.cfg.ClientSecret != "" {
		req.SetBasicAuth(url.QueryEscape(s.cfg.ClientID), url.QueryEscape(s.cfg.ClientSecret)) // RFC 6749 §2.3.1
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(io.LimitReader(res.Body, 1000))
		return fmt.Errorf("revocation: %s %s", res.Status, b)
	}
	return nil
}

// ---- Pages ----

func (s *server) home(w http.ResponseWriter, r *http.Request) {
	_, sess := s.session(r)
	data := map[string]any{"SignedIn": sess != nil, "Socle": s.cfg.SocleURL}
	if sess != nil {
		data["CSRF"] = sess.csrf
	}
	s.render(w, http.StatusOK, "home", data)
}

// What the tool reads of socle's API (udata's API v1).
type (
	orgRef struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		Page string `json:"page"`
	}
	user struct {
		FirstName     string   `json:"first_name"`
		LastName      string   `json:"last_name"`
		Organizations []orgRef `json:"organizations"`
	}
	dataset struct {
		ID          string `json:"id"`
		Title       string `json:"title"`
		Page        string `json:"page"`
		Private     bool   `json:"private"`
		Draft       bool   `json:"draft"`
		Permissions struct {
			EditResources bool `json:"edit_resources"`
		} `json:"permissions"`
	}
	datasetPage struct {
		Data     []dataset `json:"data"`
		NextPage *string   `json:"next_page"`
	}
	resource struct {
		ID       string `json:"id"`
		Title    string `json:"title"`
		URL      string `json:"url"`
		Filesize int64  `json:"filesize"`
		Checksum *struct {
			Type  string `json:"type"`
			Value string `json:"value"`
		} `json:"checksum"`
	}
)

type orgView struct {
	orgRef
	Datasets []dataset
}

// orgs lists the user's organizations and each one's datasets, with an
// upload form for the datasets the user may add files to.
func (s *server) orgs(w http.ResponseWriter, r *http.Request) {
	_, sess := s.session(r)
	if sess == nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	var me user
	if err := s.getJSON(r.Context(), sess, s.cfg.SocleURL+"/api/1/me/", &me); err != nil {
		s.apiFail(w, r, err)
		return
	}
	var orgs []orgView
	uploadable := 0
	for _, o := range me.Organizations {
		v := orgView{orgRef: o}
		next := s.cfg.SocleURL + "/api/1/organizations/" + url.PathEscape(o.ID) + "/datasets/?page_size=100"
		for range 20 { // at most 2,000 datasets: an example need not page through more
			var p datasetPage
			if err := s.getJSON(r.Context(), sess, next, &p); err != nil {
				s.apiFail(w, r, err)
				return
			}
			v.Datasets = append(v.Datasets, p.Data...)
			// Follow next_page only to socle itself: the token must not
			// be sent anywhere else.
			if p.NextPage == nil || !strings.HasPrefix(*p.NextPage, s.cfg.SocleURL+"/api/") {
				break
			}
			next = *p.NextPage
		}
		for _, d := range v.Datasets {
			if d.Permissions.EditResources {
				uploadable++
			}
		}
		orgs = append(orgs, v)
	}
	s.render(w, http.StatusOK, "orgs", map[string]any{"User": me, "Orgs": orgs, "Uploadable": uploadable, "CSRF": sess.csrf})
}

// upload reads the form as a stream: the small fields come first (the form
// puts them before the file input, and browsers send fields in order), so
// the CSRF token is checked before a byte of the file is read; then the file
// part is piped to socle as it arrives.
func (s *server) upload(w http.ResponseWriter, r *http.Request) {
	_, sess := s.session(r)
	if sess == nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	mr, err := r.MultipartReader()
	if err != nil {
		s.fail(w, http.StatusBadRequest, "The upload must be a multipart form.")
		return
	}
	fields := map[string]string{}
	var file *multipart.Part
	for file == nil {
		p, err := mr.NextPart()
		if err != nil {
			s.fail(w, http.StatusBadRequest, "The form has no file.")
			return
		}
		if p.FormName() != "file" {
			b, _ := io.ReadAll(io.LimitReader(p, 4096))
			fields[p.FormName()] = string(b)
			continue
		}
		if p.FileName() == "" {
			s.fail(w, http.StatusBadRequest, "Choose a file to upload.")
			return
		}
		file = p
	}
	if !validCSRF(sess, fields["csrf_token"]) {
		s.fail(w, http.StatusForbidden, "The form expired. Go back, reload the page and try again.")
		return
	}
	if fields["dataset"] == "" {
		s.fail(w, http.StatusBadRequest, "Choose a dataset.")
		return
	}
	res, err := s.send(r.Context(), sess, fields["dataset"], fields["title"], file)
	if err != nil {
		s.apiFail(w, r, err)
		return
	}
	s.render(w, http.StatusCreated, "uploaded", map[string]any{"Resource": res, "CSRF": sess.csrf})
}

// send streams a new resource to socle: POST /api/1/datasets/{id}/upload/
// with a multipart body written into a pipe while the HTTP client reads
// from it, so the file is never held whole in memory nor on disk.
func (s *server) send(ctx context.Context, sess *session, datasetID, title string, file *multipart.Part) (resource, error) {
	pr, pw := io.Pipe()
	mw := multipart.NewWriter(pw)
	done := make(chan struct{})
	go func() {
		defer close(done)
		pw.CloseWithError(writeUpload(mw, title, file)) // nil closes the pipe normally: the body ends
	}()
	defer func() {
		pr.Close() // if socle answered before reading it all, the writer stops
		<-done
	}()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost,
		s.cfg.SocleURL+"/api/1/datasets/"+url.PathEscape(datasetID)+"/upload/", pr)
	if err != nil {
		return resource{}, err
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	var res resource
	err = s.do(sess, req, http.StatusCreated, &res)
	return res, err
}

// writeUpload writes the multipart body socle's upload endpoint reads: the
// optional fields first (socle reads them before the file), then "file".
func writeUpload(mw *multipart.Writer, title string, file *multipart.Part) error {
	if title != "" {
		if err := mw.WriteField("title", title); err != nil {
			return err
		}
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", multipart.FileContentDisposition("file", file.FileName()))
	ct := file.Header.Get("Content-Type")
	if ct == "" {
		ct = "application/octet-stream"
	}
	h.Set("Content-Type", ct)
	part, err := mw.CreatePart(h)
	if err != nil {
		return err
	}
	if _, err := io.Copy(part, file); err != nil {
		return err
	}
	return mw.Close()
}

// ---- Calling socle's API ----

// apiError is an answer of socle's API other than the one expected.
type apiError struct {
	Status int
	Body   string
}

func (e *apiError) Error() string { return fmt.Sprintf("socle answered %d: %s", e.Status, e.Body) }

func (s *server) getJSON(ctx context.Context, sess *session, u string, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	return s.do(sess, req, http.StatusOK, out)
}

// do sends req with the session's access token (refreshed if needed) and
// decodes the JSON answer into out if its status is want.
func (s *server) do(sess *session, req *http.Request, want int, out any) error {
	req.Header.Set("Accept", "application/json")
	res, err := sess.api.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != want {
		b, _ := io.ReadAll(io.LimitReader(res.Body, 2000))
		return &apiError{Status: res.StatusCode, Body: string(b)}
	}
	return json.NewDecoder(res.Body).Decode(out)
}

// apiFail shows an API failure. When socle no longer accepts the session's
// tokens (revoked from the user's "Connected apps" page, refresh token
// expired), the session ends and the user signs in again.
func (s *server) apiFail(w http.ResponseWriter, r *http.Request, err error) {
	var ae *apiError
	var re *oauth2.RetrieveError
	if errors.As(err, &re) || (errors.As(err, &ae) && ae.Status == http.StatusUnauthorized) {
		if id, _ := s.session(r); id != "" {
			s.mu.Lock()
			delete(s.sessions, id)
			s.mu.Unlock()
		}
		s.setCookie(w, sessionCookie, "/", "", -1)
		s.fail(w, http.StatusUnauthorized, "socle no longer accepts this session. Please sign in again.")
		return
	}
	log.Printf("socle API: %v", err)
	msg := "socle could not be reached."
	if errors.As(err, &ae) {
		msg = ae.Error()
	}
	s.fail(w, http.StatusBadGateway, msg)
}

// ---- Sessions, cookies, rendering ----

// session returns the signed-in user's session, if any.
func (s *server) session(r *http.Request) (string, *session) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return "", nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sess := s.sessions[c.Value]
	if sess == nil || time.Now().After(sess.expires) {
		delete(s.sessions, c.Value)
		return "", nil
	}
	return c.Value, sess
}

// prune forgets expired sign-ins and sessions; s.mu is held.
func (s *server) prune(now time.Time) {
	for id, p := range s.logins {
		if now.After(p.expires) {
			delete(s.logins, id)
		}
	}
	for id, sess := range s.sessions {
		if now.After(sess.expires) {
			delete(s.sessions, id)
		}
	}
}

func validCSRF(sess *session, sent string) bool {
	return sent != "" && subtle.ConstantTimeCompare([]byte(sent), []byte(sess.csrf)) == 1
}

// setCookie sets (or, with a negative ttl, clears) an HttpOnly, SameSite=Lax
// cookie. Lax, not Strict: the browser must send the login cookie when socle
// redirects it back to /callback. A tool served over https (any deployed
// one) also sets Secure.
func (s *server) setCookie(w http.ResponseWriter, name, path, value string, ttl time.Duration) {
	maxAge := int(ttl.Seconds())
	if ttl < 0 {
		maxAge = -1
	}
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: path, MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

// randomString is 128 bits from the system's secure generator.
func randomString() string { return rand.Text() }

func (s *server) render(w http.ResponseWriter, status int, name string, data any) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := s.pages.ExecuteTemplate(w, name, data); err != nil {
		log.Printf("rendering %s: %v", name, err)
	}
}

func (s *server) fail(w http.ResponseWriter, status int, msg string) {
	s.render(w, status, "error", map[string]any{"Message": msg})
}

const pagesHTML = `
{{define "top"}}<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Producer tool</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem}
.org{border:1px solid #ccc;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}.muted{color:#666}
form.inline{display:inline}</style></head><body>
<header><a href="/">Producer tool</a></header>{{end}}
{{define "logout"}}<form class="inline" method="post" action="/logout">
<input type="hidden" name="csrf_token" value="{{.CSRF}}"><button id="logout">Sign out</button></form>{{end}}
{{define "bottom"}}</body></html>{{end}}

{{define "home"}}{{template "top"}}
<h1>Publish to {{.Socle}}</h1>
{{if .SignedIn}}<p><a href="/orgs" id="orgs-link">Your organizations and datasets</a></p>{{template "logout" .}}
{{else}}<p>This tool publishes files to your datasets on the portal, on your behalf.</p>
<p><a href="/login" id="sign-in">Sign in with socle</a></p>{{end}}
{{template "bottom"}}{{end}}

{{define "orgs"}}{{template "top"}}
<h1>Hello {{.User.FirstName}} {{.User.LastName}}</h1>
{{template "logout" .}}
{{range .Orgs}}<section class="org" id="org-{{.ID}}"><h2><a href="{{.Page}}">{{.Name}}</a></h2>
<ul>{{range .Datasets}}<li class="dataset" id="dataset-{{.ID}}"><a href="{{.Page}}">{{.Title}}</a>
{{if .Draft}}<span class="muted">(draft)</span>{{end}}{{if .Private}}<span class="muted">(private)</span>{{end}}</li>
{{else}}<li class="muted">No dataset yet.</li>{{end}}</ul></section>
{{else}}<p>You belong to no organization yet: create or join one on the portal.</p>{{end}}
{{if .Uploadable}}<h2>Add a file to a dataset</h2>
<form method="post" action="/upload" enctype="multipart/form-data" id="upload-form">
<input type="hidden" name="csrf_token" value="{{.CSRF}}">
<p><label for="dataset">Dataset</label> <select id="dataset" name="dataset" required>
{{range .Orgs}}<optgroup label="{{.Name}}">{{range .Datasets}}{{if .Permissions.EditResources}}<option value="{{.ID}}">{{.Title}}</option>{{end}}{{end}}</optgroup>{{end}}
</select></p>
<p><label for="title">Title</label> <input id="title" name="title" placeholder="the file name if empty"></p>
<p><input type="file" id="file" name="file" required></p>
<p><button id="upload-submit">Upload</button></p>
<p class="muted">The fields come before the file: the tool checks them before streaming the file to the portal.</p>
</form>{{end}}
{{template "bottom"}}{{end}}

{{define "uploaded"}}{{template "top"}}
<h1>File published</h1>
<dl id="resource"><dt>Title</dt><dd>{{.Resource.Title}}</dd>
<dt>URL</dt><dd><a id="resource-url" href="{{.Resource.URL}}">{{.Resource.URL}}</a></dd>
<dt>Size</dt><dd>{{.Resource.Filesize}} bytes</dd>
{{with .Resource.Checksum}}<dt>Checksum ({{.Type}})</dt><dd><code id="resource-checksum">{{.Value}}</code></dd>{{end}}</dl>
<p><a href="/orgs">Back to your datasets</a></p>
{{template "bottom"}}{{end}}

{{define "error"}}{{template "top"}}
<h1>Something went wrong</h1><p id="error">{{.Message}}</p><p><a href="/">Home</a></p>
{{template "bottom"}}{{end}}
`

// ---- Running ----

// serve answers HTTP on ln until ctx ends.
func serve(ctx context.Context, h http.Handler, ln net.Listener) error {
	// No read timeout: uploads may take long. Headers must come quickly.
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

// run starts the tool on cfg.Addr and serves until ctx ends.
func run(ctx context.Context, cfg Config) error {
	s, err := newServer(cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	log.Printf("producer tool on http://%s (socle at %s; redirect URI %s)", cfg.Addr, s.cfg.SocleURL, cfg.RedirectURL())
	return serve(ctx, s, ln)
}

func main() {
	env := func(name, def string) string {
		if v := os.Getenv(name); v != "" {
			return v
		}
		return def
	}
	var cfg Config
	flag.StringVar(&cfg.SocleURL, "socle", env("SOCLE_URL", "http://127.0.0.1:8080"), "base URL of the socle portal (SOCLE_URL)")
	flag.StringVar(&cfg.ClientID, "client-id", os.Getenv("PRODUCER_CLIENT_ID"), "OAuth client id (PRODUCER_CLIENT_ID)")
	flag.StringVar(&cfg.ClientSecret, "client-secret", os.Getenv("PRODUCER_CLIENT_SECRET"),
		"OAuth client secret; empty for a public client (PRODUCER_CLIENT_SECRET; prefer the variable to the flag)")
	flag.StringVar(&cfg.Addr, "addr", env("PRODUCER_ADDR", "127.0.0.1:8090"),
		"address to listen on; the redirect URI is http://ADDR/callback (PRODUCER_ADDR)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg); err != nil {
		log.Fatal(err)
	}
}
