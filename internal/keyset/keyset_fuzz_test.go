package keyset_test

import (
	"errors"
	"testing"

	"github.com/socle-portal/socle/internal/keyset"
)

// FuzzParse: a cursor from a client is either ErrInvalid or one that
// String gives back unchanged.
func FuzzParse(f *testing.F) {
	f.Add(keyset.Cursor{Order: "-created", Key: "2026-11-24 10:00:00.123456+00:00", ID: "0123"}.String())
	f.Add(keyset.Cursor{Order: "name", Key: "é\x00\"", ID: "x"}.String())
	for _, s := range []string{"", "e30", "eyJvIjoiYSIsImkiOiJiIn0", "eyJvIjoiYSIsImkiOiJiIn0=", "!!", "eyJvIjoxfQ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := keyset.Parse(s)
		if err != nil {
			if !errors.Is(err, keyset.ErrInvalid) {
				t.Fatalf("Parse(%q): %v, want ErrInvalid", s, err)
			}
			return
		}
		if c.Order == "" || c.ID == "" {
			t.Fatalf("Parse(%q) = %+v: accepted without order or id", s, c)
		}
		again, err := keyset.Parse(c.String())
		if err != nil || again != c {
			t.Fatalf("Parse(%q) = %+v, but its String parses as %+v, %v", s, c, again, err)
		}
	})
}
