package web

import (
	"io"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// FuzzMarkdown: whatever markdown a user writes, the HTML has no element
// that runs or embeds code, no event handler attribute and no link to a
// script URL.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{"# Titre\n\n*gras* [lien](https://example.org)", "<script>alert(1)</script>",
		"[x](javascript:alert(1))", "<img src=x onerror=alert(1)>", "![a](data:text/html,<script>)",
		"<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "| a | b |\n|---|---|\n| <svg onload=x> | c |",
		"<iframe src=//evil>", "<style>*{}</style>", "[x]: vbscript:msgbox\n[x]", "<details open ontoggle=x>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		out := string(markdown(src))
		if bad := unsafeHTML(out); bad != "" {
			t.Fatalf("markdown(%q) = %q: %s", src, out, bad)
		}
	})
}

var activeTags = map[string]bool{"script": true, "style": true, "iframe": true, "object": true, "embed": true,
	"frame": true, "frameset": true, "base": true, "meta": true, "link": true, "form": true, "svg": true, "math": true}

// unsafeHTML names the first thing in s that could run code, or "".
func unsafeHTML(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			if z.Err() == io.EOF {
				return ""
			}
			return "unreadable: " + z.Err().Error()
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			tok := z.Token()
			if activeTags[tok.Data] {
				return "element " + tok.Data
			}
			for _, a := range tok.Attr {
				key := strings.ToLower(a.Key)
				v := strings.ToLower(strings.Map(dropSpace, a.Val))
				switch {
				case strings.HasPrefix(key, "on"):
					return "attribute " + a.Key
				case key == "style":
					return "style attribute"
				case (key == "href" || key == "src" || key == "action" || key == "formaction" || key == "xlink:href") &&
					(strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") || strings.HasPrefix(v, "data:")):
					return "script URL in " + a.Key
				}
			}
		}
	}
}

// dropSpace removes what browsers ignore inside a URL scheme.
func dropSpace(r rune) rune {
	if r <= ' ' {
		return -1
	}
	return r
}
