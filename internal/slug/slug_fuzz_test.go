package slug

import (
	"strings"
	"testing"
)

// FuzzMake: any name makes a slug of lower-case ASCII letters and digits
// joined by single hyphens, within its length, never empty.
func FuzzMake(f *testing.F) {
	for _, s := range []string{"Métropole du Grand Paris", "  Œuvre  d'Éloïse ", "!!!", "", "\xff\xfe", "ß-æ-œ", "a\u0301", "ǅ", "İstanbul", "--a--"} {
		f.Add(s, 20)
	}
	f.Fuzz(func(t *testing.T, s string, max int) {
		max = 1 + abs(max)%120
		got := Make(s, max, "x")
		if got == "" || len(got) > max {
			t.Fatalf("Make(%q, %d) = %q: empty or too long", s, max, got)
		}
		if strings.HasPrefix(got, "-") || strings.HasSuffix(got, "-") || strings.Contains(got, "--") {
			t.Fatalf("Make(%q, %d) = %q: stray hyphen", s, max, got)
		}
		for _, c := range got {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				t.Fatalf("Make(%q, %d) = %q: %q is not [a-z0-9-]", s, max, got, c)
			}
		}
		Fold(s)
	})
}

func abs(n int) int {
	if n < 0 {
		return -(n + 1) // never overflows
	}
	return n
}
