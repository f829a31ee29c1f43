package web

import (
	"net/http/httptest"
	"testing"

	"github.com/socle-portal/socle/internal/i18n"
)

// FuzzPickLang: any Accept-Language header picks a supported language.
func FuzzPickLang(f *testing.F) {
	for _, s := range []string{"fr-FR,fr;q=0.9,en;q=0.8", "en", "*", "de;q=0", "x-klingon", ";q=1;q=2", "en;q=abc", "zh-Hant-TW-u-co-pinyin", ",,,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, al string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header["Accept-Language"] = []string{al}
		if got := pickLang(r); !i18n.Supported(got) {
			t.Fatalf("pickLang(Accept-Language %q) = %q, not supported", al, got)
		}
	})
}
