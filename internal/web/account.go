package web

import (
	"mime/multipart"
	"net/http"
	"net/url"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/oauth"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/validate"
)

type profileData struct {
	Saved       bool
	Declined    bool // an invitation was just declined
	Memberships []org.Membership
	Invitations []org.Invitation
	TwoFactor   bool
}

func (s *Server) profileForm(w http.ResponseWriter, r *http.Request) error {
	u := visitorOf(r).User
	form := map[string][]string{"first_name": {u.FirstName}, "last_name": {u.LastName}, "about": {u.About},
		"website": {u.Website}}
	return s.renderProfile(w, r, http.StatusOK, &page{Title: "profile.title", Form: form})
}

// renderProfile shows the profile page, with p's problems and values when
// one of its forms came back invalid.
func (s *Server) renderProfile(w http.ResponseWriter, r *http.Request, status int, p *page) error {
	u := visitorOf(r).User
	ms, err := s.orgs.Memberships(r.Context(), u)
	if err != nil {
		return err
	}
	invs, err := s.orgs.Invitations(r.Context(), u)
	if err != nil {
		return err
	}
	twoFactor, _, err := s.accounts.TwoFactor(r.Context(), u)
	if err != nil {
		return err
	}
	p.Data = profileData{Saved: r.URL.Query().Get("saved") != "", Declined: r.URL.Query().Has("declined"),
		Memberships: ms, Invitations: invs, TwoFactor: twoFactor}
	s.render(w, r, status, "profile", p)
	return nil
}

func (s *Server) profile(w http.ResponseWriter, r *http.Request) error {
	p := account.Profile{FirstName: r.PostFormValue("first_name"), LastName: r.PostFormValue("last_name"),
		About: r.PostFormValue("about"), Website: r.PostFormValue("website")}
	if _, err := s.accounts.UpdateProfile(r.Context(), visitorOf(r).User, p, metaOf(r)); err != nil {
		return s.form(w, r, "profile", &page{Title: "profile.title", Data: profileData{}}, err)
	}
	http.Redirect(w, r, "/account?saved=1", http.StatusSeeOther)
	return nil
}

func (s *Server) emailForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "email", &page{Title: "email.title"})
	return nil
}

func (s *Server) email(w http.ResponseWriter, r *http.Request) error {
	address := r.PostFormValue("email")
	err := s.accounts.RequestEmailChange(r.Context(), visitorOf(r).User, address, r.PostFormValue("current_password"), metaOf(r))
	if err != nil {
		return s.form(w, r, "email", &page{Title: "email.title"}, err)
	}
	s.render(w, r, http.StatusOK, "message", &page{Title: "email.sent.title", Message: "email.sent",
		Data: account.NormalizeEmail(address)})
	return nil
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "password", &page{Title: "password.title"})
	return nil
}

func (s *Server) password(w http.ResponseWriter, r *http.Request) error {
	v := visitorOf(r)
	if r.PostFormValue("password") != r.PostFormValue("password_repeat") {
		return s.form(w, r, "password", &page{Title: "password.title"}, validate.Field("password_repeat", "password.mismatch"))
	}
	err := s.accounts.ChangePassword(r.Context(), v.User, r.PostFormValue("current_password"),
		r.PostFormValue("password"), v.Session.ID, metaOf(r))
	if err != nil {
		return s.form(w, r, "password", &page{Title: "password.title", Form: map[string][]string{}}, err)
	}
	return s.passwordDone(w, r)
}

// passwordDone tells that the other sessions were closed and shows what
// still has access without the password, API keys and connected
// applications, each with a way to end it: someone who changes a password
// they fear was known may want those gone too.
func (s *Server) passwordDone(w http.ResponseWriter, r *http.Request) error {
	u := visitorOf(r).User
	var d remaining
	var err error
	if d.Keys, err = s.accounts.APIKeys(r.Context(), u); err != nil {
		return err
	}
	if s.oauth != nil {
		if d.Apps, err = s.oauth.ConnectedApps(r.Context(), u); err != nil {
			return err
		}
	}
	s.render(w, r, http.StatusOK, "passworddone", &page{Title: "password.done.title", Data: d})
	return nil
}

// remaining is what keeps access to an account after a password change.
type remaining struct {
	Keys []account.APIKey
	Apps []oauth.App
}

func (s *Server) deleteForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "delete", &page{Title: "delete.title"})
	return nil
}

func (s *Server) deleteAccount(w http.ResponseWriter, r *http.Request) error {
	if r.PostFormValue("understand") != "on" {
		return s.form(w, r, "delete", &page{Title: "delete.title"}, validate.Field("understand", "required"))
	}
	if err := s.accounts.DeleteAccount(r.Context(), visitorOf(r).User, r.PostFormValue("current_password"), metaOf(r)); err != nil {
		return s.form(w, r, "delete", &page{Title: "delete.title", Form: map[string][]string{}}, err)
	}
	s.clearSession(w)
	s.render(w, r, http.StatusOK, "message", &page{Title: "delete.done.title", Message: "delete.done"})
	return nil
}

type prefsData struct {
	Categories []string
	Modes      []string
	Saved      bool
}

func (s *Server) notifyForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "prefs", &page{Title: "prefs.title", Data: prefsData{Categories: account.NotifyCategories,
		Modes: []string{account.NotifyImmediate, account.NotifyDigest, account.NotifyNone}, Saved: r.URL.Query().Has("saved")}})
	return nil
}

func (s *Server) notifyPrefs(w http.ResponseWriter, r *http.Request) error {
	prefs := map[string]string{}
	for _, c := range account.NotifyCategories {
		prefs[c] = r.PostFormValue(c)
		if prefs[c] == "" { // a category left out of the form keeps its mode
			prefs[c] = visitorOf(r).User.NotifyMode(c)
		}
	}
	if err := s.accounts.SetNotify(r.Context(), visitorOf(r).User, prefs); err != nil {
		return s.form(w, r, "prefs", &page{Title: "prefs.title", Data: prefsData{Categories: account.NotifyCategories,
			Modes: []string{account.NotifyImmediate, account.NotifyDigest, account.NotifyNone}}}, err)
	}
	http.Redirect(w, r, "/account/notifications?saved", http.StatusSeeOther)
	return nil
}

// uploadAvatar sets the visitor's picture, shown on their public page.
func (s *Server) uploadAvatar(w http.ResponseWriter, r *http.Request) error {
	err := uploadTooBig(r, "file.too_big")
	if err == nil {
		var f multipart.File
		if f, _, err = r.FormFile("file"); err != nil {
			err = validate.Field("file", "image.none")
		} else {
			defer f.Close()
			_, err = s.accounts.SetAvatar(r.Context(), visitorOf(r).User, f, metaOf(r))
		}
	}
	if problems := fieldErrors(err); problems != nil {
		u := visitorOf(r).User
		form := url.Values{"first_name": {u.FirstName}, "last_name": {u.LastName}, "about": {u.About},
			"website": {u.Website}, "form": {"avatar"}}
		return s.renderProfile(w, r, http.StatusUnprocessableEntity, &page{Title: "profile.title", Form: form, Errors: problems})
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/account?saved=1", http.StatusSeeOther)
	return nil
}
