package web

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/i18n"
)

// TestEveryTextExists fails when a template or handler uses a key that has
// no text (internal/i18n checks that every language has every key).
func TestEveryTextExists(t *testing.T) {
	used := map[string]bool{}
	keyRE := regexp.MustCompile(`(?:\.T|\$\.T|"label"|"hint"|"link_text") "([a-z0-9_.]+)"`)
	goRE := regexp.MustCompile(`(?:Title|Message): "([a-z0-9_.]+)"|validate\.Field\("[a-z_]+", "([a-z0-9_.]+)"\)|\bt\("([a-z0-9_.]+)"\)`)
	fs.WalkDir(assets, "templates", func(p string, d fs.DirEntry, err error) error {
		if d.IsDir() {
			return nil
		}
		b, _ := fs.ReadFile(assets, p)
		for _, m := range keyRE.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = true
		}
		return nil
	})
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, _ := os.ReadFile(f)
		for _, m := range goRE.FindAllStringSubmatch(string(b), -1) {
			used[m[1]+m[2]+m[3]] = true
		}
	}
	if len(used) < 50 {
		t.Fatalf("found only %d keys: the scan is broken", len(used))
	}
	for k := range used {
		if !i18n.Has(k) {
			t.Errorf("key %q is used but has no text", k)
		}
	}
}

func TestDeviceLabel(t *testing.T) {
	cases := map[string]string{
		"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0":                                   "Firefox · Linux",
		"Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36": "Chrome · Android",
		"curl/8.5.0": "curl",
		"":           "?",
	}
	for ua, want := range cases {
		if got := deviceLabel(ua); got != want {
			t.Errorf("deviceLabel(%q) = %q, want %q", ua, got, want)
		}
	}
}
