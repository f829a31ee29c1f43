package web

import (
	"net/url"
	"strings"
)

// localPath keeps a redirect target (a "next" parameter) only if it is a
// path on this site, and returns fallback otherwise.
//
// Browsers are lenient where Go is strict: they drop tabs and newlines
// anywhere in a URL and read a backslash as a slash, so "/\t/evil.example"
// and "/\evil.example" both lead off-site. Rather than guess how each
// browser reads what it is handed, any control character or backslash
// refuses the target, as does a target whose percent-decoded form (once or
// twice over) would have one, or would start with "//".
func localPath(next, fallback string) string {
	if len(next) > 2000 {
		return fallback
	}
	s := next
	for range 3 {
		if !plainPath(s) {
			return fallback
		}
		dec, err := url.PathUnescape(s)
		if err != nil {
			return fallback
		}
		if dec == s {
			break
		}
		s = dec
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return fallback
	}
	return next
}

// plainPath reports whether s starts with exactly one slash and holds no
// control character nor backslash.
func plainPath(s string) bool {
	if !strings.HasPrefix(s, "/") || strings.HasPrefix(s, "//") {
		return false
	}
	for _, c := range s {
		if c < 0x20 || c == 0x7f || c == '\\' || (c >= 0x80 && c <= 0x9f) {
			return false
		}
	}
	return true
}
