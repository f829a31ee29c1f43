package catalog

import (
	"bytes"
	"mime/multipart"
	"net/textproto"
	"regexp"
	"testing"
)

var storedName = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]{1,9})?$`)

// FuzzSafeName: whatever file name a multipart upload carries, the name
// socle stores and serves it under is a slug and a short plain extension:
// no path, no control character, nothing to escape in a URL.
func FuzzSafeName(f *testing.F) {
	for _, s := range []string{"arrets.csv", "../../etc/passwd", "C:\\Users\\a\\GTFS Réseau.ZIP", "a.\x00", ".htaccess",
		"nom.tar.gz", "a.<script>", "a.%2e%2e", "\"quoted\".csv", "a.c?v#", "x.é", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		if got := safeName(name); !storedName.MatchString(got) {
			t.Fatalf("safeName(%q) = %q", name, got)
		}
		// The same name as a browser sends it, read back by mime/multipart.
		var body bytes.Buffer
		w := multipart.NewWriter(&body)
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="file"; filename="`+name+`"`)
		if _, err := w.CreatePart(h); err != nil {
			return
		}
		w.Close()
		p, err := multipart.NewReader(&body, w.Boundary()).NextPart()
		if err != nil {
			return
		}
		if got := safeName(p.FileName()); !storedName.MatchString(got) {
			t.Fatalf("safeName(%q) from the part's file name %q = %q", name, p.FileName(), got)
		}
	})
}
