package web

import (
	"net/http"

	"golang.org/x/text/language"

	"github.com/socle-portal/socle/internal/i18n"
)

// langs are the languages of i18n, the default first, as the matcher
// wants them.
var langs = i18n.Langs()

var langMatcher = func() language.Matcher {
	tags := make([]language.Tag, len(langs))
	for i, l := range langs {
		tags[i] = language.Make(l)
	}
	return language.NewMatcher(tags)
}()

// pickLang chooses the page language: ?lang=, the lang cookie,
// Accept-Language, then the default.
func pickLang(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); i18n.Supported(l) {
		return l
	}
	if c, err := r.Cookie("lang"); err == nil && i18n.Supported(c.Value) {
		return c.Value
	}
	if al := r.Header.Get("Accept-Language"); al != "" {
		tags, _, err := language.ParseAcceptLanguage(al)
		if err == nil && len(tags) > 0 {
			if _, i, conf := langMatcher.Match(tags...); conf != language.No {
				return langs[i]
			}
		}
	}
	return i18n.Default
}

func (s *Server) setLang(w http.ResponseWriter, r *http.Request) error {
	lang := r.PostFormValue("lang")
	if !i18n.Supported(lang) {
		lang = i18n.Default
	}
	http.SetCookie(w, &http.Cookie{Name: "lang", Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		Secure: s.secure, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	if v := visitorOf(r); v.SignedIn {
		if err := s.accounts.SetLang(r.Context(), v.User, lang); err != nil {
			return err
		}
	}
	http.Redirect(w, r, localPath(r.PostFormValue("next"), "/"), http.StatusSeeOther)
	return nil
}
