// Package slug turns names into URL-safe identifiers and folds text for
// accent- and case-insensitive comparison.
package slug

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Fold lower-cases s and strips accents: "Métropole" becomes "metropole".
func Fold(s string) string {
	if ascii(s) {
		return strings.ToLower(s) // no accent to take off: the chain would give s back
	}
	t := folders.Get().(transform.Transformer)
	defer folders.Put(t)
	out, _, err := transform.String(t, s) // resets t first
	if err != nil {
		out = s
	}
	return strings.ToLower(out)
}

// folders keep their chains: a chain allocates its buffers (several
// kilobytes) when made, and searches fold every query.
var folders = sync.Pool{New: func() any {
	return transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
}}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

var ligatures = map[rune]string{'œ': "oe", 'æ': "ae", 'ß': "ss", 'µ': "u", 'μ': "u"} // µ as udata's slugify

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

// Free returns base, or base-2, base-3…: the first that taken says is
// free. Past twenty, a random suffix, so that a very common name ("Marie
// Martin") does not cost a query per namesake.
func Free(base string, taken func(string) (bool, error)) (string, error) {
	for i := 1; ; i++ {
		candidate := base
		switch {
		case i > 20:
			b := make([]byte, 4)
			rand.Read(b)
			candidate = base + "-" + hex.EncodeToString(b)
		case i > 1:
			candidate = base + "-" + strconv.Itoa(i)
		}
		used, err := taken(candidate)
		if err != nil || !used {
			return candidate, err
		}
	}
}

// ErrTaken is what a creation returns when the slug it was given was taken
// by another creation after it was found free.
var ErrTaken = errors.New("slug: taken meanwhile")

// Claim creates something under the first free slug from base: it finds one
// with Free and calls create with it, and when a concurrent creation took
// that slug in between (create returns ErrTaken), it looks again. So two
// namesakes created at the same moment both succeed, under two slugs.
// create must insert in a way that waits for a concurrent insert of the
// same slug and then reports ErrTaken rather than failing its transaction
// (an insert that does nothing on conflict).
func Claim(base string, taken func(string) (bool, error), create func(string) error) (string, error) {
	for range 10 {
		c, err := Free(base, taken)
		if err != nil {
			return "", err
		}
		if err := create(c); !errors.Is(err, ErrTaken) {
			return c, err
		}
	}
	b := make([]byte, 4)
	rand.Read(b)
	c := base + "-" + hex.EncodeToString(b)
	return c, create(c)
}
