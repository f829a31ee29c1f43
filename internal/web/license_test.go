package web_test

import (
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/i18n"
)

// TestEveryLicenseHasAName fails when a license of the catalog has no name
// in a language of the pages.
func TestEveryLicenseHasAName(t *testing.T) {
	for _, lang := range []string{"fr", "en"} {
		for _, l := range catalog.Licenses {
			if key := "license." + l.ID; i18n.Text(lang, key) == key {
				t.Errorf("%s has no name in %s", l.ID, lang)
			}
		}
	}
	if got := i18n.Text("fr", "license.odc-odbl"); !strings.Contains(got, "base de données") {
		t.Errorf("the ODbL in French is %q", got)
	}
}
