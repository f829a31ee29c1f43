package web

import (
	"testing"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/i18n"
)

// TestLicense_inWords: every license of the catalog has a name in each
// language, French ones in French.
func TestLicense_inWords(t *testing.T) {
	for _, l := range catalog.Licenses {
		if !i18n.Has("license.name." + l.ID) {
			t.Errorf("license %s has no name", l.ID)
		}
	}
	p := &page{v: &visitor{Lang: "fr"}}
	if got := p.License("notspecified"); got != "Licence non précisée" {
		t.Errorf("License(notspecified) in French = %q", got)
	}
	if got := p.License("some-new-id"); got != "some-new-id" {
		t.Errorf("an unknown license shows as %q, want its id", got)
	}
}
