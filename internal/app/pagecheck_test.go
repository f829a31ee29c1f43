package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/chromedp"
)

// axeScript is axe-core (testdata/axe.min.js, MPL-2.0, from the npm
// package axe-core 4.14.1), read once.
var axeScript = sync.OnceValue(func() string {
	b, err := os.ReadFile("testdata/axe.min.js")
	if err != nil {
		panic(err)
	}
	return string(b)
})

// i18nKeys are the message keys of the French catalog: a page that shows
// one shows a key instead of its text.
var i18nKeys = sync.OnceValue(func() map[string]bool {
	b, err := os.ReadFile("../i18n/messages/fr.json")
	if err != nil {
		panic(err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(b, &m); err != nil {
		panic(err)
	}
	keys := map[string]bool{}
	for k := range m {
		keys[k] = true
		// A key's namespaces too: "history.org.logo" with no text
		// still starts like "history.org.created".
		for i := range k {
			if k[i] == '.' {
				keys[k[:i+1]] = true
			}
		}
	}
	return keys
})

var keyLike = regexp.MustCompile(`\b[a-z][a-z_]*(?:\.[a-z][a-z_-]*)+\b`)

// checkPage asserts what every page must be, at 1280 and 390 px wide:
// axe-core finds no violation, nothing scrolls sideways, no message key
// shows instead of its text, and every field marked invalid has its message
// inside its group and a link to it at the top of the form. It saves both
// screenshots as name when SOCLE_SCREENSHOTS is set.
func checkPage(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	for _, width := range []int64{1280, 390} {
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900)); err != nil {
			t.Fatalf("%s: viewport %d: %v", name, width, err)
		}
		widths, err := chromedp.Run(ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, window.innerWidth]`))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if widths[0] > widths[1] {
			culprits, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1).slice(-5).map(e => e.tagName + "." + e.className + "#" + e.id)`))
			t.Errorf("%s at %d px: the page is %d px wide (%v)", name, width, widths[0], culprits)
		}
		shot := name
		if width == 390 {
			shot += "-390"
		}
		screenshot(t, ctx, shot)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)); err != nil {
		t.Fatal(err)
	}
	axeClean(t, ctx, name)
	noRawKeys(t, ctx, name)
	fieldErrorsInPlace(t, ctx, name)
}

func axeClean(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	type violation struct {
		ID, Help string
		Nodes    []struct{ Target []any }
	}
	script := axeScript() + `;axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}).then(r => r.violations.map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => ({target: n.target}))})))`
	violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]violation](script, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("%s: axe: %v", name, err)
	}
	for _, v := range violations {
		var where []string
		for _, n := range v.Nodes {
			where = append(where, fmt.Sprint(n.Target...))
		}
		t.Errorf("%s: axe: %s (%s) at %s", name, v.ID, v.Help, strings.Join(where, ", "))
	}
}

func noRawKeys(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	body, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.title + "\n" + document.body.innerText`))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range keyLike.FindAllString(body, -1) {
		if i18nKeys()[m] || i18nKeys()[m[:strings.LastIndex(m, ".")+1]] {
			t.Errorf("%s: the page shows the key %q", name, m)
		}
	}
}

// fieldErrorsInPlace checks, in the browser's own DOM (where invalid
// nesting would have moved things), that each invalid control is described
// by a message inside its group, and that the summary links to it.
func fieldErrorsInPlace(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('[aria-invalid="true"]')].flatMap(c => {
		const out = [];
		const group = c.closest(".fr-input-group, .fr-fieldset");
		const msg = document.getElementById((c.getAttribute("aria-describedby") || "").split(" ").pop());
		if (!group) out.push(c.id + ": no group");
		else if (!msg || !group.contains(msg)) out.push(c.id + ": its message is not in its group");
		const form = c.form || c.closest("form");
		const summary = form && form.querySelector("#error-summary");
		const first = group && group.querySelector("input, select, textarea");
		if (!summary) out.push(c.id + ": no error summary in its form");
		else if (first && !summary.querySelector('a[href="#' + first.id + '"]')) out.push(c.id + ": the summary does not link to it");
		return out;
	})`))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Errorf("%s: %s", name, p)
	}
}
