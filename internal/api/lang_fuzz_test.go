package api

import (
	"net/http/httptest"
	"testing"

	"github.com/socle-portal/socle/internal/i18n"
)

// FuzzLangOf: any Accept-Language header picks a supported language.
func FuzzLangOf(f *testing.F) {
	for _, s := range []string{"fr-FR,fr;q=0.9,en;q=0.8", "en", "*", "de, en", "EN-gb", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, al string) {
		r := httptest.NewRequest("GET", "/api/1/me/", nil)
		r.Header["Accept-Language"] = []string{al}
		if got := langOf(r); !i18n.Supported(got) {
			t.Fatalf("langOf(Accept-Language %q) = %q, not supported", al, got)
		}
	})
}
