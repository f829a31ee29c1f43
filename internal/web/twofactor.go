package web

import (
	"bytes"
	"encoding/base64"
	"errors"
	"html/template"
	"image/png"
	"net/http"
	"net/url"

	"github.com/boombuler/barcode"
	"github.com/boombuler/barcode/qr"

	"github.com/socle-portal/socle/internal/account"
)

// secondStepCookie holds the sign-in in progress between the password and
// the second step; it is only sent to the sign-in pages.
const secondStepCookie = "socle_second_step"

func (s *Server) twoFactorRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /login/two-factor", s.handle(s.secondStepForm))
	m.HandleFunc("POST /login/two-factor", s.handle(s.secondStep))
	m.HandleFunc("GET /login/two-factor/enrol", s.handle(s.enrolAtSignInForm))
	m.HandleFunc("POST /login/two-factor/enrol", s.handle(s.enrolAtSignIn))
	m.HandleFunc("GET /account/two-factor", s.signedIn(s.twoFactorPage))
	m.HandleFunc("POST /account/two-factor/start", s.signedIn(s.startTwoFactor))
	m.HandleFunc("POST /account/two-factor/confirm", s.signedIn(s.confirmTwoFactor))
	m.HandleFunc("POST /account/two-factor/disable", s.signedIn(s.disableTwoFactor))
}

// twoFactorData is what the two-factor pages show.
type twoFactorData struct {
	On        bool
	CodesLeft int
	Off       bool         // just turned off
	Secret    string       // of an enrolment in progress
	QR        template.URL // its otpauth:// URL as a PNG data URL
	Action    string       // where the enrolment's first code goes
	Codes     []string     // recovery codes, shown once
	Next      string       // where to go after the recovery codes
}

// toSecondStep is the hook of the sign-in form: the password was right and
// a second step follows, on a page of its own, keeping next (so an OAuth
// sign-in goes on afterwards).
func (s *Server) toSecondStep(w http.ResponseWriter, r *http.Request, st *account.SecondStep) error {
	http.SetCookie(w, &http.Cookie{Name: secondStepCookie, Value: st.Token, Path: "/login", HttpOnly: true,
		Secure: s.secure, SameSite: http.SameSiteLaxMode, MaxAge: 600})
	target := "/login/two-factor"
	if st.Enrol {
		target += "/enrol"
	}
	if next := localPath(r.PostFormValue("next"), ""); next != "" {
		target += "?next=" + url.QueryEscape(next)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

func secondStepToken(r *http.Request) string {
	c, err := r.Cookie(secondStepCookie)
	if err != nil {
		return ""
	}
	return c.Value
}

// restartLogin sends a browser whose second step is over back to the
// password, keeping next.
func (s *Server) restartLogin(w http.ResponseWriter, r *http.Request, next string) error {
	s.clearSecondStep(w)
	target := "/login"
	if next = localPath(next, ""); next != "" {
		target += "?next=" + url.QueryEscape(next)
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

func (s *Server) clearSecondStep(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: secondStepCookie, Value: "", Path: "/login", HttpOnly: true,
		Secure: s.secure, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// signedInAfterSecondStep sets the session cookie of a finished sign-in.
func (s *Server) signedInAfterSecondStep(w http.ResponseWriter, token string) {
	s.clearSecondStep(w)
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.secure, SameSite: http.SameSiteLaxMode, MaxAge: int(account.DefaultConfig().SessionTTL.Seconds())})
}

// allowOAuthTarget lets a form whose next is an OAuth consent end at the
// client's site, as the password form does.
func (s *Server) allowOAuthTarget(w http.ResponseWriter, r *http.Request, next string) {
	if id := oauthRequestOf(next); id != "" {
		s.allowFormTarget(w, r, id)
	}
}

func (s *Server) secondStepForm(w http.ResponseWriter, r *http.Request) error {
	next := r.URL.Query().Get("next")
	enrol, err := s.accounts.SecondStepEnrols(r.Context(), secondStepToken(r))
	if errors.Is(err, account.ErrSecondStepExpired) {
		return s.restartLogin(w, r, next)
	} else if err != nil {
		return err
	}
	if enrol {
		http.Redirect(w, r, "/login/two-factor/enrol?"+r.URL.RawQuery, http.StatusSeeOther)
		return nil
	}
	s.allowOAuthTarget(w, r, next)
	s.render(w, r, http.StatusOK, "twofactor_step", &page{Title: "twofactor.step.title", Form: r.URL.Query()})
	return nil
}

func (s *Server) secondStep(w http.ResponseWriter, r *http.Request) error {
	next := r.PostFormValue("next")
	previous, _ := sessionToken(r)
	_, token, err := s.accounts.LoginSecondStep(r.Context(), secondStepToken(r), r.PostFormValue("code"), previous, metaOf(r))
	if errors.Is(err, account.ErrSecondStepExpired) {
		return s.restartLogin(w, r, next)
	}
	if fields := fieldErrors(err); fields != nil {
		s.allowOAuthTarget(w, r, next)
		s.render(w, r, http.StatusUnauthorized, "twofactor_step", &page{Title: "twofactor.step.title",
			Form: url.Values{"next": {next}}, Errors: fields})
		return nil
	}
	if err != nil {
		return err
	}
	s.signedInAfterSecondStep(w, token)
	http.Redirect(w, r, localPath(next, "/account"), http.StatusSeeOther)
	return nil
}

func (s *Server) enrolAtSignInForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderEnrolAtSignIn(w, r, http.StatusOK, r.URL.Query().Get("next"), nil)
}

func (s *Server) renderEnrolAtSignIn(w http.ResponseWriter, r *http.Request, status int, next string, fields map[string][]string) error {
	en, err := s.accounts.EnrolAtSignIn(r.Context(), secondStepToken(r))
	if errors.Is(err, account.ErrSecondStepExpired) {
		return s.restartLogin(w, r, next)
	} else if err != nil {
		return err
	}
	d, err := enrolData(en, "/login/two-factor/enrol")
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "twofactor_enrol", &page{Title: "twofactor.enrol.title", Data: d,
		Form: url.Values{"next": {next}}, Errors: fields})
	return nil
}

func (s *Server) enrolAtSignIn(w http.ResponseWriter, r *http.Request) error {
	next := r.PostFormValue("next")
	previous, _ := sessionToken(r)
	_, token, codes, err := s.accounts.LoginEnrol(r.Context(), secondStepToken(r), r.PostFormValue("code"), previous, metaOf(r))
	if errors.Is(err, account.ErrSecondStepExpired) {
		return s.restartLogin(w, r, next)
	}
	if fields := fieldErrors(err); fields != nil {
		return s.renderEnrolAtSignIn(w, r, http.StatusUnprocessableEntity, next, fields)
	}
	if err != nil {
		return err
	}
	s.signedInAfterSecondStep(w, token)
	return s.showCodes(w, r, codes, localPath(next, "/account"))
}

// showCodes shows the recovery codes, this once.
func (s *Server) showCodes(w http.ResponseWriter, r *http.Request, codes []string, next string) error {
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "twofactor_codes", &page{Title: "twofactor.codes.title",
		Data: twoFactorData{On: true, Codes: codes, Next: next}})
	return nil
}

// enrolData is the page of an enrolment: its secret, and its URL as a QR
// code, inline so that the secret never reaches a log or a cache.
func enrolData(en account.Enrolment, action string) (twoFactorData, error) {
	code, err := qr.Encode(en.URL, qr.M, qr.Auto)
	if err != nil {
		return twoFactorData{}, err
	}
	if code, err = barcode.Scale(code, 220, 220); err != nil {
		return twoFactorData{}, err
	}
	var b bytes.Buffer
	if err := png.Encode(&b, code); err != nil {
		return twoFactorData{}, err
	}
	return twoFactorData{Secret: en.Secret, Action: action,
		QR: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(b.Bytes()))}, nil //nolint:gosec // made here
}

func (s *Server) twoFactorPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderTwoFactor(w, r, http.StatusOK, nil)
}

func (s *Server) renderTwoFactor(w http.ResponseWriter, r *http.Request, status int, fields map[string][]string) error {
	on, left, err := s.accounts.TwoFactor(r.Context(), visitorOf(r).User)
	if err != nil {
		return err
	}
	s.render(w, r, status, "twofactor", &page{Title: "twofactor.title", Errors: fields,
		Data: twoFactorData{On: on, CodesLeft: left, Off: r.URL.Query().Get("off") != ""}})
	return nil
}

func (s *Server) startTwoFactor(w http.ResponseWriter, r *http.Request) error {
	en, err := s.accounts.StartTwoFactor(r.Context(), visitorOf(r).User)
	if err != nil {
		return err
	}
	return s.renderEnrol(w, r, http.StatusOK, en, nil)
}

func (s *Server) renderEnrol(w http.ResponseWriter, r *http.Request, status int, en account.Enrolment, fields map[string][]string) error {
	d, err := enrolData(en, "/account/two-factor/confirm")
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "twofactor_enrol", &page{Title: "twofactor.enrol.title", Data: d, Errors: fields})
	return nil
}

func (s *Server) confirmTwoFactor(w http.ResponseWriter, r *http.Request) error {
	u := visitorOf(r).User
	codes, err := s.accounts.ConfirmTwoFactor(r.Context(), u, r.PostFormValue("code"), metaOf(r))
	if fields := fieldErrors(err); fields != nil {
		en, err := s.accounts.PendingTwoFactor(r.Context(), u)
		if err != nil {
			return err
		}
		return s.renderEnrol(w, r, http.StatusUnprocessableEntity, en, fields)
	}
	if err != nil {
		return err
	}
	return s.showCodes(w, r, codes, "/account/two-factor")
}

func (s *Server) disableTwoFactor(w http.ResponseWriter, r *http.Request) error {
	err := s.accounts.DisableTwoFactor(r.Context(), visitorOf(r).User, r.PostFormValue("current_password"),
		r.PostFormValue("code"), metaOf(r))
	if fields := fieldErrors(err); fields != nil {
		return s.renderTwoFactor(w, r, http.StatusUnprocessableEntity, fields)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/account/two-factor?off=1", http.StatusSeeOther)
	return nil
}
