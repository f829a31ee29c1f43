package slug

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

func TestMake(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Métropole du Grand Paris", "metropole-du-grand-paris"},
		{"L'Abergement-Clémenciat", "l-abergement-clemenciat"},
		{"  Œuvre  d'Éloïse ", "oeuvre-d-eloise"},
		{"!!!", "x"},
		{"CC Faucigny - Glières", "cc-faucigny-glieres"},
	}
	for _, c := range cases {
		if got := Make(c.in, 100, "x"); got != c.want {
			t.Errorf("Make(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := Make("abcdef ghij", 7, "x"); got != "abcdef" {
		t.Errorf("truncation: got %q", got)
	}
}

func TestFold(t *testing.T) {
	if got := Fold("MÉTROPOLE Île"); got != "metropole ile" {
		t.Errorf("Fold = %q", got)
	}
}

func TestFree(t *testing.T) {
	used := map[string]bool{"a": true, "a-2": true}
	got, err := Free("a", func(s string) (bool, error) { return used[s], nil })
	if err != nil || got != "a-3" {
		t.Fatalf("Free = %q, %v", got, err)
	}
	got, _ = Free("b", func(s string) (bool, error) { return len(s) < 10, nil }) // every numbered one is taken
	if len(got) != len("b-")+8 {
		t.Fatalf("random suffix expected, got %q", got)
	}
}

// Claim looks again when the slug it found free was taken meanwhile.
func TestClaimRetriesWhenTakenMeanwhile(t *testing.T) {
	used := map[string]bool{"bus": true}
	taken := func(s string) (bool, error) { return used[s], nil }
	var tried []string
	create := func(s string) error {
		tried = append(tried, s)
		if s == "bus-2" { // a concurrent creation took it first
			used[s] = true
			return ErrTaken
		}
		used[s] = true
		return nil
	}
	got, err := Claim("bus", taken, create)
	if err != nil || got != "bus-3" || len(tried) != 2 {
		t.Fatalf("Claim = %q, %v after %v; want bus-3 on the second try", got, err, tried)
	}
}

// TestFoldASCII checks Fold's shortcut for ASCII text against the full
// folding it skips.
func TestFoldASCII(t *testing.T) {
	var all []byte
	for c := 0; c < utf8.RuneSelf; c++ {
		all = append(all, byte(c))
	}
	for _, s := range []string{string(all), "Saint-Étienne", "Communauté de COMMUNES"} {
		chain := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
		want, _, _ := transform.String(chain, s)
		if got := Fold(s); got != strings.ToLower(want) {
			t.Errorf("Fold(%q) = %q, want %q", s, got, strings.ToLower(want))
		}
	}
}
