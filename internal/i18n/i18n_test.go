package i18n

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestEveryLanguageHasEveryKey fails when a message file lacks a key that
// another has, or has an empty text.
func TestEveryLanguageHasEveryKey(t *testing.T) {
	if len(Langs()) < 2 {
		t.Fatalf("languages: %v, want French and English at least", Langs())
	}
	for _, a := range Langs() {
		for key, text := range catalogs[a] {
			if strings.TrimSpace(text) == "" {
				t.Errorf("%s: %q is empty", a, key)
			}
			for _, b := range Langs() {
				if _, ok := catalogs[b][key]; !ok {
					t.Errorf("%q has a text in %s, none in %s", key, a, b)
				}
			}
		}
	}
}

// TestEveryKeyIsUsed fails when a key is named nowhere in socle's code,
// templates or e-mails: neither literally nor under a prefix that code
// completes at run time ("role.%s").
func TestEveryKeyIsUsed(t *testing.T) {
	var src strings.Builder
	filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, "_test.go") {
			return err
		}
		if ext := filepath.Ext(p); ext == ".go" || ext == ".html" || ext == ".tmpl" {
			b, err := os.ReadFile(p)
			src.Write(b)
			return err
		}
		return nil
	})
	code := src.String()
	var prefixes []string
	for _, m := range regexp.MustCompile(`"([a-z_.]+\.)%[sdv]"`).FindAllStringSubmatch(code, -1) {
		prefixes = append(prefixes, m[1])
	}
	if len(prefixes) < 5 {
		t.Fatalf("found only %d run-time prefixes: the scan is broken", len(prefixes))
	}
	// A page's title may be its message key with ".title" (web.pageText).
	titles := strings.Contains(code, `+ ".title"`)
	for key := range catalogs[Default] {
		if strings.Contains(code, `"`+key+`"`) {
			continue
		}
		if stem, ok := strings.CutSuffix(key, ".title"); ok && titles && strings.Contains(code, `"`+stem+`"`) {
			continue
		}
		used := false
		for _, p := range prefixes {
			used = used || strings.HasPrefix(key, p)
		}
		if !used {
			t.Errorf("%q is used nowhere", key)
		}
	}
}

func TestText(t *testing.T) {
	tests := []struct{ name, lang, key, want string }{
		{"French", "fr", "required", "Ce champ est obligatoire."},
		{"English", "en", "required", "This field is required."},
		{"unknown language: the default", "de", "required", "Ce champ est obligatoire."},
		{"unknown key: the key", "en", "no.such.key", "no.such.key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.lang, tt.key); got != tt.want {
				t.Errorf("Text(%q, %q) = %q, want %q", tt.lang, tt.key, got, tt.want)
			}
		})
	}
}
