package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/validate"
)

// visitor is who is asking: their language, CSRF token and, when signed
// in, their user and session.
type visitor struct {
	Lang     string
	CSRF     string
	User     account.User
	Session  account.Session
	SignedIn bool
	Unread   int    // unread notifications
	token    string // the session cookie's value
}

type visitorKey struct{}

func visitorOf(r *http.Request) *visitor {
	v, _ := r.Context().Value(visitorKey{}).(*visitor)
	if v == nil {
		v = &visitor{Lang: "fr"}
	}
	return v
}

const csrfCookie = "socle_csrf"

// withVisitor finds the visitor's language, session and CSRF token.
func (s *Server) withVisitor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/static/") {
			next.ServeHTTP(w, r) // no session look-up for stylesheets and scripts
			return
		}
		v := &visitor{Lang: pickLang(r)}
		if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) >= 32 {
			v.CSRF = c.Value
		} else {
			v.CSRF = randomToken()
			http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: v.CSRF, Path: "/", HttpOnly: true,
				Secure: s.secure, SameSite: http.SameSiteLaxMode})
		}
		if u, sess, ok := s.UserFromRequest(r); ok {
			v.User, v.Session, v.SignedIn = u, sess, true
			v.token, _ = sessionToken(r)
			if n, err := s.orgs.UnreadCount(r.Context(), u); err == nil {
				v.Unread = n
			}
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), visitorKey{}, v)))
	})
}

func sessionToken(r *http.Request) (string, bool) {
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" {
		return "", false
	}
	return c.Value, true
}

// UserFromRequest returns the user of the request's session cookie, if any.
// The API uses it to accept the pages' own calls.
func (s *Server) UserFromRequest(r *http.Request) (account.User, account.Session, bool) {
	token, ok := sessionToken(r)
	if !ok {
		return account.User{}, account.Session{}, false
	}
	u, sess, err := s.accounts.SessionUser(r.Context(), token)
	if err != nil {
		if !errors.Is(err, account.ErrUnauthenticated) {
			s.log.Error("web: session", "err", err)
		}
		return account.User{}, account.Session{}, false
	}
	return u, sess, true
}

// CSRFValid reports whether a state-changing request carries the visitor's
// CSRF token, in the X-CSRF-Token header or the csrf_token form field.
func (s *Server) CSRFValid(r *http.Request) bool {
	c, err := r.Cookie(csrfCookie)
	if err != nil || len(c.Value) < 32 {
		return false
	}
	sent := r.Header.Get("X-CSRF-Token")
	if sent == "" {
		sent = r.PostFormValue("csrf_token")
	}
	return subtle.ConstantTimeCompare([]byte(sent), []byte(c.Value)) == 1
}

// maxForm bounds form bodies; the longest field, "about", is 100,000
// characters.
const maxForm = 1 << 20

// maxUpload bounds multipart forms: a logo of 5 MB and its fields.
const maxUpload = 6 << 20

// checkCSRF refuses state-changing requests without the token. Together
// with http.CrossOriginProtection, which refuses cross-site browser requests
// by their Sec-Fetch-Site and Origin headers, this stops forged forms.
func (s *Server) checkCSRF(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if validate.Request(r.URL.Path, r.URL.Query()) != "" {
			s.badText(w, r)
			return
		}
		if r.Method == http.MethodGet || r.Method == http.MethodHead || streamed(r) {
			next.ServeHTTP(w, r) // streamed uploads check their token as they read it
			return
		}
		limit, parse := int64(maxForm), r.ParseForm
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			limit = maxUpload
			parse = func() error { return r.ParseMultipartForm(maxUpload) }
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if err := parse(); err != nil {
			if imageForm(r) {
				// The form again with the problem on its file field: the
				// handler only renders (uploadTooBig), it changes nothing.
				next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), tooBigKey{}, true)))
				return
			}
			s.render(w, r, http.StatusRequestEntityTooLarge, "error", &page{Title: "error.too_big.title", Message: "error.too_big"})
			return
		}
		if !s.CSRFValid(r) {
			s.forbidden(w, r)
			return
		}
		if validate.Request("", r.PostForm) != "" {
			s.badText(w, r)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// badText refuses what no database column should take: NUL bytes and
// malformed UTF-8.
func (s *Server) badText(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusBadRequest, "error", &page{Title: "error.text.title", Message: "error.text"})
}

func (s *Server) forbidden(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusForbidden, "error", &page{Title: "error.csrf.title", Message: "error.csrf"})
}

// signedIn sends visitors without a session to the login page, then back.
func (s *Server) signedIn(h handler) http.HandlerFunc {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		if !visitorOf(r).SignedIn {
			if r.Method != http.MethodGet {
				s.forbidden(w, r)
				return nil
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return nil
		}
		w.Header().Set("Cache-Control", "no-store")
		return h(w, r)
	})
}

// handler is a page: it writes its answer, or returns the error that handle
// writes.
type handler func(w http.ResponseWriter, r *http.Request) error

// handle is the one place where a page's error is written: the page that
// explains it, with errs.Status's status (see fail).
func (s *Server) handle(h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	}
}

func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// metaOf describes the request for rate limits and the audit log.
func metaOf(r *http.Request) account.Meta {
	ip, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		ip = r.RemoteAddr
	}
	return account.Meta{IP: ip, UserAgent: r.UserAgent(), Lang: visitorOf(r).Lang}
}

type tooBigKey struct{}

// imageForm reports whether r sends a logo or an avatar, whose forms say
// themselves that a file is too big.
func imageForm(r *http.Request) bool {
	return r.URL.Path == "/account/avatar" ||
		(strings.HasPrefix(r.URL.Path, "/organizations/") && strings.HasSuffix(r.URL.Path, "/logo"))
}

// uploadTooBig is the problem, on the field "file", of an image form whose
// body was over the limit (checkCSRF could not even read it), else nil.
func uploadTooBig(r *http.Request, key string) error {
	if big, _ := r.Context().Value(tooBigKey{}).(bool); big {
		return validate.Field("file", key)
	}
	return nil
}
