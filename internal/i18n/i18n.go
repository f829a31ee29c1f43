// Package i18n holds every text socle shows people, pages and API messages
// alike, as one message file per language (messages/LANG.json: key → text).
// Code names texts by key; the front ends turn keys into words where they
// write them. Adding a language is adding its file.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
)

// Default is the language of a reader who asked for none, or for one socle
// does not speak: socle serves French public administrations.
const Default = "fr"

//go:embed messages/*.json
var files embed.FS

// catalogs maps a language to its texts. Files are read once at start: a
// broken one stops socle before anyone reads a page.
var catalogs = mustLoad(files)

func mustLoad(fsys fs.FS) map[string]map[string]string {
	out := map[string]map[string]string{}
	names, err := fs.Glob(fsys, "messages/*.json")
	if err != nil || len(names) == 0 {
		panic(fmt.Sprintf("i18n: no message file: %v", err))
	}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			panic(fmt.Sprintf("i18n: %s: %v", name, err))
		}
		texts := map[string]string{}
		if err := json.Unmarshal(b, &texts); err != nil {
			panic(fmt.Sprintf("i18n: %s: %v", name, err))
		}
		out[strings.TrimSuffix(path.Base(name), ".json")] = texts
	}
	if out[Default] == nil {
		panic("i18n: no message file for the default language " + Default)
	}
	return out
}

// Text returns key's text in lang, in the default language when lang is
// unknown, and the key itself when no text exists, so that a missing text
// shows rather than hides.
func Text(lang, key string) string {
	c, ok := catalogs[lang]
	if !ok {
		c = catalogs[Default]
	}
	if t, ok := c[key]; ok {
		return t
	}
	return key
}

// Has reports whether key has a text in the default language.
func Has(key string) bool {
	_, ok := catalogs[Default][key]
	return ok
}

// Langs lists the languages socle speaks, the default first.
func Langs() []string {
	out := []string{Default}
	for l := range catalogs {
		if l != Default {
			out = append(out, l)
		}
	}
	slices.Sort(out[1:])
	return out
}

// Supported reports whether socle speaks lang.
func Supported(lang string) bool {
	_, ok := catalogs[lang]
	return ok
}
