package web

import (
	"net/url"
	"strings"
	"testing"
)

// FuzzLocalPath: a "next" target is kept only when it is a path of this
// site however a browser reads it (tabs and newlines dropped, backslashes
// as slashes), as typed and once or twice percent-decoded.
func FuzzLocalPath(f *testing.F) {
	for _, s := range []string{"/account", "/datasets/?q=a%20b#x", "//evil.example", "/\\evil.example", "/%2f/evil.example",
		"/%252f%252fevil.example", "https://evil.example", "/\t/evil.example", "/a/../..//evil", "/;@evil.example", "/%E2%80%AE"} {
		f.Add(s)
	}
	base, _ := url.Parse("https://socle.example/organizations/x/")
	f.Fuzz(func(t *testing.T, next string) {
		got := localPath(next, "/fallback")
		if got == "/fallback" {
			return
		}
		if got != next {
			t.Fatalf("localPath(%q) = %q: neither the target nor the fallback", next, got)
		}
		s := next
		for range 3 {
			if h := browserHost(base, s); h != "socle.example" {
				t.Fatalf("localPath(%q) kept it, but a browser reading %q goes to %q", next, s, h)
			}
			dec, err := url.PathUnescape(s)
			if err != nil || dec == s {
				break
			}
			s = dec
		}
	})
}

// browserHost is where a browser on base goes when told s, read as the
// WHATWG URL parser does for the parts that matter here.
func browserHost(base *url.URL, s string) string {
	s = strings.Trim(s, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\v\f\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	s = strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(s)
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable " + s + ")"
	}
	return base.ResolveReference(u).Host
}
