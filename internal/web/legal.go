package web

import (
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"github.com/socle-portal/socle/internal/i18n"
)

// legalPages are the pages French public sites must have, by the name of
// their markdown file (and URL); their texts are built in, and an operator
// replaces them with files of the same name in Config.PagesDir.
var legalPages = []struct{ name, title string }{
	{"accessibilite", "legal.accessibilite.title"},
	{"mentions-legales", "legal.mentions.title"},
	{"donnees-personnelles", "legal.donnees.title"},
}

// Accessibility compliance statuses (Config.Accessibility), as the RGAA
// names them, and the footer's words for each.
var accessibility = map[string]string{
	"none":    "legal.status.none",
	"partial": "legal.status.partial",
	"full":    "legal.status.full",
}

// checkAccessibility rejects an unknown compliance status.
func checkAccessibility(status string) error {
	if _, ok := accessibility[status]; !ok {
		return fmt.Errorf("accessibility status %q: want none, partial or full", status)
	}
	return nil
}

// legalTexts holds each legal page's HTML by page name and language.
type legalTexts map[string]map[string]template.HTML

// loadLegal reads the legal pages: dir/NAME.md replaces the built-in text
// in every language, dir/NAME.en.md the English one. {site}, {support} and
// {status} are replaced by the portal's name, support address and
// accessibility status, in the operator's files too.
func loadLegal(cfg Config) (legalTexts, error) {
	out := legalTexts{}
	for _, p := range legalPages {
		out[p.name] = map[string]template.HTML{}
		for _, lang := range i18n.Langs() {
			src, err := legalSource(cfg.PagesDir, p.name, lang)
			if err != nil {
				return nil, err
			}
			status := i18n.Text(lang, accessibility[cfg.Accessibility])
			r := strings.NewReplacer("{site}", cfg.SiteName, "{support}", cfg.SupportEmail, "{status}", status)
			out[p.name][lang] = markdown(r.Replace(src))
		}
	}
	return out, nil
}

// legalSource finds the markdown of a legal page: the operator's, else
// socle's.
func legalSource(dir, name, lang string) (string, error) {
	if dir != "" {
		files := []string{name + ".md"}
		if lang != i18n.Default {
			files = []string{name + "." + lang + ".md", name + ".md"}
		}
		for _, f := range files {
			b, err := os.ReadFile(filepath.Join(dir, f))
			if err == nil {
				return string(b), nil
			}
			if !errors.Is(err, fs.ErrNotExist) {
				return "", fmt.Errorf("pages folder: %w", err)
			}
		}
	}
	b, err := fs.ReadFile(assets, "legal/"+lang+"/"+name+".md")
	if err != nil {
		return "", fmt.Errorf("built-in page %s (%s): %w", name, lang, err)
	}
	return string(b), nil
}

// legalPage shows one of the legal pages in the visitor's language.
func (s *Server) legalPage(name, title string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		s.render(w, r, http.StatusOK, "legal", &page{Title: title, Data: s.legal[name][visitorOf(r).Lang]})
		return nil
	}
}

// A11yStatus is the footer's words for the portal's accessibility status.
func (p *page) A11yStatus() string { return p.T(accessibility[p.site.Accessibility]) }
