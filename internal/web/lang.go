package web

import (
	"net/http"

	"golang.org/x/text/language"
)

var langMatcher = language.NewMatcher([]language.Tag{language.French, language.English})

// pickLang chooses the page language: ?lang=, the lang cookie,
// Accept-Language, then French.
func pickLang(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l == "fr" || l == "en" {
		return l
	}
	if c, err := r.Cookie("lang"); err == nil && (c.Value == "fr" || c.Value == "en") {
		return c.Value
	}
	if al := r.Header.Get("Accept-Language"); al != "" {
		tags, _, err := language.ParseAcceptLanguage(al)
		if err == nil && len(tags) > 0 {
			_, i, conf := langMatcher.Match(tags...)
			if conf != language.No && i == 1 {
				return "en"
			}
		}
	}
	return "fr"
}

func (s *Server) setLang(w http.ResponseWriter, r *http.Request) {
	lang := r.PostFormValue("lang")
	if lang != "fr" && lang != "en" {
		lang = "fr"
	}
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		Secure: s.secure, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	if v := visitorOf(r); v.SignedIn {
		if err := s.accounts.SetLang(r.Context(), v.User, lang); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	http.Redirect(w, r, localPath(r.PostFormValue("next"), "/"), http.StatusSeeOther)
}
