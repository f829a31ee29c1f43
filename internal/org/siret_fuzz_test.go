package org

import "testing"

// FuzzCheckBusinessNumber: any text gets a known verdict, and what passes
// is empty or 9 or 14 digits.
func FuzzCheckBusinessNumber(f *testing.F) {
	for _, s := range []string{"", "35600000000048", "130025265", "13002526500013", "12345678", "1300252650001a", "١٣٠٠٢٥٢٦٥", "130 025 265"} {
		f.Add(s)
	}
	known := map[string]bool{"": true, "siret.digits": true, "siret.length": true, "siret.invalid": true}
	f.Fuzz(func(t *testing.T, s string) {
		got := checkBusinessNumber(s)
		if !known[got] {
			t.Fatalf("checkBusinessNumber(%q) = %q, not a known key", s, got)
		}
		if got == "" && s != "" {
			if len(s) != 9 && len(s) != 14 {
				t.Fatalf("checkBusinessNumber(%q) accepts %d characters", s, len(s))
			}
			for _, c := range s {
				if c < '0' || c > '9' {
					t.Fatalf("checkBusinessNumber(%q) accepts a non-digit", s)
				}
			}
		}
		if n := SIREN(s); len(n) > 9 {
			t.Fatalf("SIREN(%q) = %q, longer than 9", s, n)
		}
	})
}
