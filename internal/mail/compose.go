package mail

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	"text/template"
	"time"

	"github.com/socle-portal/socle/internal/i18n"
)

//go:embed templates
var templateFS embed.FS

// Composer renders messages in French (the default) or English. Each kind
// has one template file per language defining "subject", "text" and "html".
type Composer struct {
	site siteData
	text map[string]*template.Template     // by lang
	html map[string]*htmltemplate.Template // by lang
}

type siteData struct {
	Name, BaseURL, Support string
}

// NewComposer parses every template; a missing or broken one is an error at
// start, not when a user is waiting for their mail.
func NewComposer(siteName, baseURL, supportEmail string) (*Composer, error) {
	c := &Composer{site: siteData{siteName, strings.TrimRight(baseURL, "/"), supportEmail},
		text: map[string]*template.Template{}, html: map[string]*htmltemplate.Template{}}
	for _, lang := range i18n.Langs() {
		funcs := map[string]any{
			"duration": func(d time.Duration) string { return duration(lang, d) },
			"text":     func(key string) string { return i18n.Text(lang, key) },
		}
		files := []string{"templates/" + lang + "/*.tmpl"}
		t, err := template.New("").Funcs(funcs).ParseFS(templateFS, files...)
		if err != nil {
			return nil, fmt.Errorf("mail: templates %s: %w", lang, err)
		}
		h, err := htmltemplate.New("").Funcs(funcs).ParseFS(templateFS, append(files, "templates/layout.html.tmpl")...)
		if err != nil {
			return nil, fmt.Errorf("mail: templates %s: %w", lang, err)
		}
		for _, k := range kinds {
			for _, part := range []string{"subject", "text", "html"} {
				if t.Lookup(string(k)+"."+part) == nil {
					return nil, fmt.Errorf("mail: template %s.%s missing in %s", k, part, lang)
				}
			}
		}
		c.text[lang], c.html[lang] = t, h
	}
	return c, nil
}

type view struct {
	Data
	Site siteData
	Body htmltemplate.HTML
}

// Compose renders kind for to in lang ("fr" when unknown).
// SupportAddress is the portal's support address, the recipient of what
// support must act on.
func (c *Composer) SupportAddress() string { return c.site.Support }

func (c *Composer) Compose(lang string, kind Kind, to string, d Data) (Message, error) {
	if c.text[lang] == nil {
		lang = "fr"
	}
	v := view{Data: d, Site: c.site}
	subject, err := render(c.text[lang], string(kind)+".subject", v)
	if err != nil {
		return Message{}, err
	}
	text, err := render(c.text[lang], string(kind)+".text", v)
	if err != nil {
		return Message{}, err
	}
	var body bytes.Buffer
	if err := c.html[lang].ExecuteTemplate(&body, string(kind)+".html", v); err != nil {
		return Message{}, fmt.Errorf("mail: %s: %w", kind, err)
	}
	v.Body = htmltemplate.HTML(body.String()) // already escaped by html/template
	var page bytes.Buffer
	if err := c.html[lang].ExecuteTemplate(&page, "layout", struct {
		view
		Subject string
	}{v, subject}); err != nil {
		return Message{}, fmt.Errorf("mail: layout: %w", err)
	}
	return Message{To: to, Subject: strings.TrimSpace(subject), Text: strings.TrimSpace(text) + "\n", HTML: page.String()}, nil
}

func render(t *template.Template, name string, v any) (string, error) {
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, name, v); err != nil {
		return "", fmt.Errorf("mail: %s: %w", name, err)
	}
	return b.String(), nil
}

// duration says how long a link is valid, in words.
func duration(lang string, d time.Duration) string {
	switch h := int(d.Hours()); {
	case d < time.Hour:
		return fmt.Sprintf(i18n.Text(lang, "mail.duration.minutes"), int(d.Minutes()))
	case h == 1:
		return i18n.Text(lang, "mail.duration.hour")
	case h >= 72 && h%24 == 0: // "14 jours", not "336 heures"
		return fmt.Sprintf(i18n.Text(lang, "mail.duration.days"), h/24)
	default:
		return fmt.Sprintf(i18n.Text(lang, "mail.duration.hours"), h)
	}
}
