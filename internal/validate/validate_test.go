package validate

import "testing"

func TestEmail(t *testing.T) {
	cases := map[string]bool{
		"alice@example.org":         true,
		"Alice.Martin@mairie.fr":    true,
		"":                          false,
		"alice":                     false,
		"alice@localhost":           false,
		"Alice <alice@example.org>": false,
		"a b@example.org":           false,
		"@example.org":              false,
	}
	for in, ok := range cases {
		var e Errors
		e.Email("email", in)
		if got := e.Err() == nil; got != ok {
			t.Errorf("Email(%q) ok=%v, want %v (%v)", in, got, ok, e.Fields)
		}
	}
}

func TestURL(t *testing.T) {
	cases := map[string]bool{
		"":                        true,
		"https://data.example.fr": true,
		"http://x.org/a?b=c":      true,
		"javascript:alert(1)":     false,
		"ftp://x.org":             false,
		"https://":                false,
		"not a url":               false,
	}
	for in, ok := range cases {
		var e Errors
		e.URL("website", in)
		if got := e.Err() == nil; got != ok {
			t.Errorf("URL(%q) ok=%v, want %v", in, got, ok)
		}
	}
}

func TestRequiredCountsCharacters(t *testing.T) {
	var e Errors
	e.Required("name", "Éléonore", 8)
	if e.Err() != nil {
		t.Fatalf("8 accented characters rejected: %v", e.Fields)
	}
	e.Required("name", "   ", 8)
	if !e.Has("name") {
		t.Fatal("blank value accepted")
	}
}

func TestNoURL(t *testing.T) {
	for in, want := range map[string]bool{"John http://dumdum.fr": false, "Doe https://etalab.studio": false,
		"www.spam.example": false, "Jean-Pierre": true, "J.-P. Lefèvre": true} {
		var e Errors
		e.NoURL("first_name", in)
		if (e.Err() == nil) != want {
			t.Errorf("NoURL(%q) = %v, want accepted %v", in, e.Err(), want)
		}
	}
}
