// Package validate collects per-field input problems. A problem is a message
// key ("required", "email.invalid"); the web and API layers translate keys
// into the reader's language, so domain code never holds user-facing text.
package validate

import (
	"github.com/socle-portal/socle/internal/errs"
	"github.com/socle-portal/socle/internal/i18n"

	"net/mail"
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"
)

// Errors maps a field name to the keys of its problems.
type Errors struct {
	Fields map[string][]string
}

// Add records a problem with field.
func (e *Errors) Add(field, key string) {
	if e.Fields == nil {
		e.Fields = map[string][]string{}
	}
	e.Fields[field] = append(e.Fields[field], key)
}

// Has reports whether field already has a problem.
func (e *Errors) Has(field string) bool { return len(e.Fields[field]) > 0 }

// Err returns e as an error, or nil when nothing was recorded, so callers can
// write `return v.Err()`.
func (e *Errors) Err() error {
	if e == nil || len(e.Fields) == 0 {
		return nil
	}
	return e
}

func (e *Errors) Error() string {
	names := make([]string, 0, len(e.Fields))
	for f := range e.Fields {
		names = append(names, f)
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("invalid input:")
	for _, f := range names {
		b.WriteString(" " + f + ": " + strings.Join(e.Fields[f], ", ") + ";")
	}
	return b.String()
}

// Unwrap makes input problems a bad request.
func (e *Errors) Unwrap() error { return errs.ErrBadRequest }

// Field is a single-field error, for callers that fail on one field.
func Field(field, key string) error {
	e := &Errors{}
	e.Add(field, key)
	return e
}

// Required checks that a trimmed value is present and at most max runes long.
func (e *Errors) Required(field, value string, max int) {
	if strings.TrimSpace(value) == "" {
		e.Add(field, "required")
		return
	}
	e.MaxLen(field, value, max)
}

// MaxLen checks the length in characters, not bytes: French names have accents.
func (e *Errors) MaxLen(field, value string, max int) {
	if utf8.RuneCountInString(value) > max {
		e.Add(field, "too_long")
	}
}

// Email checks an address the way mail servers will: one plain address, no
// display name, a dot in the domain.
func (e *Errors) Email(field, value string) {
	if value == "" {
		e.Add(field, "required")
		return
	}
	if len(value) > 254 {
		e.Add(field, "too_long")
		return
	}
	a, err := mail.ParseAddress(value)
	at := strings.LastIndexByte(value, '@')
	if err != nil || a.Address != value || at < 1 || !strings.Contains(value[at:], ".") ||
		strings.ContainsAny(value, " \t\r\n<>") {
		e.Add(field, "email.invalid")
	}
}

// URL checks an optional absolute http(s) URL.
func (e *Errors) URL(field, value string) {
	if value == "" {
		return
	}
	u, err := url.Parse(value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(value) > 2048 {
		e.Add(field, "url.invalid")
	}
}

// Text reports whether s can be stored as text: valid UTF-8 without NUL,
// which PostgreSQL refuses and no person types.
func Text(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// Request returns the first part of a request that is not Text: "path", or
// the name of a parameter; "" when all are fine.
func Request(path string, params url.Values) string {
	if !Text(path) {
		return "path"
	}
	for k, vs := range params {
		if !Text(k) {
			return "request"
		}
		for _, v := range vs {
			if !Text(v) {
				return k
			}
		}
	}
	return ""
}

// MaxPage is the deepest page a number may reach: deeper, an offset would
// overflow or scan for nothing; lists that go deeper page by cursor.
const MaxPage = 1_000_000

// Messages translates every problem of e, field by field.
func (e *Errors) Messages(lang string) map[string][]string {
	out := make(map[string][]string, len(e.Fields))
	for f, keys := range e.Fields {
		for _, k := range keys {
			out[f] = append(out[f], i18n.Text(lang, k))
		}
	}
	return out
}

// NoURL refuses a web address inside a name, as udata does against spam
// accounts (its check_no_urls); a dotted initial ("J.-P.") is no address.
func (e *Errors) NoURL(field, value string) {
	v := strings.ToLower(value)
	if strings.Contains(v, "://") || strings.Contains(v, "www.") {
		e.Add(field, "text.no_urls")
	}
}
