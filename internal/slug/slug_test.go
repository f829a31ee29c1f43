package slug

import "testing"

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
