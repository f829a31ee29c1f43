// Package slug turns names into URL-safe identifiers and folds text for
// accent- and case-insensitive comparison.
package slug

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold lower-cases s and strips accents: "Métropole" becomes "metropole".
func Fold(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

var ligatures = map[rune]string{'œ': "oe", 'æ': "ae", 'ß': "ss"}

// Make returns a slug of s: folded, words joined by hyphens, at most max
// bytes, never empty (fallback is used when nothing is left).
func Make(s string, max int, fallback string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range Fold(s) {
		part := ligatures[r]
		if part == "" && r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			part = string(r)
		}
		if part == "" {
			hyphen = true
			continue
		}
		if hyphen && b.Len() > 0 {
			b.WriteByte('-')
		}
		hyphen = false
		b.WriteString(part)
	}
	out := b.String()
	if len(out) > max {
		out = strings.TrimRight(out[:max], "-")
	}
	if out == "" {
		return fallback
	}
	return out
}
