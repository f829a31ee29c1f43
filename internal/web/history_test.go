package web

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/i18n"
	"github.com/socle-portal/socle/internal/org"
)

// eventKinds finds the kinds of event internal/org records, from its
// source: the string literals that look like "request.escalated".
func eventKinds(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob("../org/*.go")
	kindRE := regexp.MustCompile(`"((?:org|request|invitation|member|badge)\.[a-z_]+)"`)
	// Error keys look like kinds: the domain's error messages, not events.
	errorKeys := regexp.MustCompile(`(?:errs\.New\([^,]+|validate\.Field\("[a-z]+"), "([a-z_.]+)"`)
	seen, notKinds := map[string]bool{}, map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range kindRE.FindAllStringSubmatch(string(b), -1) {
			seen[m[1]] = true
		}
		for _, m := range errorKeys.FindAllStringSubmatch(string(b), -1) {
			notKinds[m[1]] = true
		}
	}
	for k := range notKinds {
		delete(seen, k)
	}
	if len(seen) < 15 {
		t.Fatalf("found only %d event kinds in internal/org: the scan is broken", len(seen))
	}
	return slices.Sorted(maps.Keys(seen))
}

// TestHistory_inWords fails when an event of an organization's history, or
// a value it records, would show as a raw key in either language.
func TestHistory_inWords(t *testing.T) {
	for _, lang := range i18n.Langs() {
		p := &page{v: &visitor{Lang: lang}}
		raw := func(s string) bool { return regexp.MustCompile(`^[a-z_]+(\.[a-z_-]+)+$`).MatchString(s) }
		for _, k := range eventKinds(t) {
			if got := p.EventKind(org.Event{Kind: k}); raw(got) {
				t.Errorf("%s: the event %q shows as %q", lang, k, got)
			}
		}
		var events []org.Event
		for _, r := range org.RoleIDs() {
			events = append(events, org.Event{Kind: "request.accepted", Detail: string(r)},
				org.Event{Kind: "invitation.created", Detail: "a@example.org " + string(r)},
				org.Event{Kind: "member.role", Detail: string(r) + " -> " + string(r)})
		}
		for _, why := range []string{org.EscalateStale, org.EscalateNoAdmin, org.EscalateAsked} {
			events = append(events, org.Event{Kind: "request.escalated", Detail: why})
		}
		for b := range org.Badges {
			events = append(events, org.Event{Kind: "badge.added", Detail: b})
		}
		for _, e := range events {
			got := p.EventDetail(e)
			for _, part := range strings.FieldsFunc(got, func(r rune) bool { return strings.ContainsRune("()→", r) }) {
				part = strings.TrimSpace(part)
				if raw(part) || part == e.Detail || slices.Contains(org.RoleIDs(), org.Role(part)) {
					t.Errorf("%s: %s %q shows as %q", lang, e.Kind, e.Detail, got)
				}
			}
		}
	}
}

// TestHistory_lookalikeNamesTheOrganization: a look-alike event records
// "id name"; the history shows the name, not the id.
func TestHistory_lookalikeNamesTheOrganization(t *testing.T) {
	p := &page{v: &visitor{Lang: i18n.Default}}
	for _, k := range []string{"org.lookalike", "org.lookalike_dismissed"} {
		if got := p.EventDetail(org.Event{Kind: k, Detail: "0123456789abcdef Métropole du Grand Paris"}); got != "Métropole du Grand Paris" {
			t.Errorf("%s shows %q", k, got)
		}
	}
}
