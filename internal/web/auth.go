package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/validate"
)

func (s *Server) signupForm(w http.ResponseWriter, r *http.Request) error {
	// An invitation's link names the invited address: the account must use it.
	form := url.Values{"email": {r.URL.Query().Get("email")}}
	s.render(w, r, http.StatusOK, "signup", &page{Title: "signup.title", Form: form})
	return nil
}

func (s *Server) signup(w http.ResponseWriter, r *http.Request) error {
	in := account.SignUp{FirstName: r.PostFormValue("first_name"), LastName: r.PostFormValue("last_name"),
		Email: r.PostFormValue("email"), Password: r.PostFormValue("password"),
		AcceptTerms: r.PostFormValue("accept_terms") == "on"}
	if err := s.accounts.SignUp(r.Context(), in, metaOf(r)); err != nil {
		return s.form(w, r, "signup", &page{Title: "signup.title"}, err)
	}
	// The same page whether or not the address already had an account.
	s.render(w, r, http.StatusOK, "message", &page{Title: "signup.done.title", Message: "signup.done"})
	return nil
}

func (s *Server) confirm(w http.ResponseWriter, r *http.Request) error {
	u, err := s.accounts.ConfirmSignup(r.Context(), r.URL.Query().Get("token"), metaOf(r))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "message", &page{Title: "confirm.done.title", Message: "confirm.done", Data: u.FirstName})
	return nil
}

func (s *Server) resendForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "resend", &page{Title: "resend.title"})
	return nil
}

func (s *Server) resend(w http.ResponseWriter, r *http.Request) error {
	if err := s.accounts.ResendConfirmation(r.Context(), r.PostFormValue("email"), metaOf(r)); err != nil {
		return s.form(w, r, "resend", &page{Title: "resend.title"}, err)
	}
	s.render(w, r, http.StatusOK, "message", &page{Title: "resend.done.title", Message: "resend.done"})
	return nil
}

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	// OAuth: a client asking for a fresh sign-in gets one (see freshLoginWanted).
	if visitorOf(r).SignedIn && !s.freshLoginWanted(r, r.URL.Query().Get("next")) {
		http.Redirect(w, r, localPath(r.URL.Query().Get("next"), "/account"), http.StatusSeeOther)
		return nil
	}
	if id := oauthRequestOf(r.URL.Query().Get("next")); id != "" {
		s.allowFormTarget(w, r, id) // a consented client's sign-in ends at the client's site
	}
	s.render(w, r, http.StatusOK, "login", &page{Title: "login.title", Form: r.URL.Query()})
	return nil
}

func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	previous, _ := sessionToken(r)
	_, token, err := s.accounts.Login(r.Context(), r.PostFormValue("email"), r.PostFormValue("password"), previous, metaOf(r))
	if st := (*account.SecondStep)(nil); errors.As(err, &st) {
		return s.toSecondStep(w, r, st)
	}
	if errors.Is(err, account.ErrInvalidCredentials) {
		form := r.PostForm
		form.Del("password")
		if id := oauthRequestOf(form.Get("next")); id != "" {
			s.allowFormTarget(w, r, id)
		}
		s.render(w, r, http.StatusUnauthorized, "login", &page{Title: "login.title", Form: form,
			Errors: map[string][]string{"form": {"login.invalid"}}})
		return nil
	}
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.secure, SameSite: http.SameSiteLaxMode, MaxAge: int(account.DefaultConfig().SessionTTL.Seconds())})
	http.Redirect(w, r, localPath(r.PostFormValue("next"), "/account"), http.StatusSeeOther)
	return nil
}

func (s *Server) clearSession(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", HttpOnly: true,
		Secure: s.secure, SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	if token, ok := sessionToken(r); ok {
		if err := s.accounts.Logout(r.Context(), token, metaOf(r)); err != nil {
			return err
		}
	}
	s.clearSession(w)
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

func (s *Server) forgotForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "forgot", &page{Title: "forgot.title"})
	return nil
}

func (s *Server) forgot(w http.ResponseWriter, r *http.Request) error {
	if err := s.accounts.RequestReset(r.Context(), r.PostFormValue("email"), metaOf(r)); err != nil {
		return s.form(w, r, "forgot", &page{Title: "forgot.title"}, err)
	}
	s.render(w, r, http.StatusOK, "message", &page{Title: "forgot.done.title", Message: "forgot.done"})
	return nil
}

func (s *Server) resetForm(w http.ResponseWriter, r *http.Request) error {
	if err := s.accounts.CheckResetToken(r.Context(), r.URL.Query().Get("token")); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "reset", &page{Title: "reset.title", Form: r.URL.Query()})
	return nil
}

func (s *Server) reset(w http.ResponseWriter, r *http.Request) error {
	token := r.PostFormValue("token")
	if r.PostFormValue("password") != r.PostFormValue("password_repeat") {
		return s.form(w, r, "reset", &page{Title: "reset.title"}, validate.Field("password_repeat", "password.mismatch"))
	}
	if err := s.accounts.ResetPassword(r.Context(), token, r.PostFormValue("password"), metaOf(r)); err != nil {
		return s.form(w, r, "reset", &page{Title: "reset.title"}, err)
	}
	s.clearSession(w)
	s.render(w, r, http.StatusOK, "message", &page{Title: "reset.done.title", Message: "reset.done"})
	return nil
}

func (s *Server) confirmEmail(w http.ResponseWriter, r *http.Request) error {
	u, err := s.accounts.ConfirmEmailChange(r.Context(), r.URL.Query().Get("token"), metaOf(r))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "message", &page{Title: "email.done.title", Message: "email.done", Data: u.Email})
	return nil
}
