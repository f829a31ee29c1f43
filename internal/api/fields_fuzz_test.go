package api

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
)

// FuzzMask: any X-Fields header either parses or is errBadMask, and the
// response it shapes is never a server error.
func FuzzMask(f *testing.F) {
	for _, s := range []string{"{id,first_name,organizations{id,name}}", "data{id},next_page", "{*}",
		"{", "}", "a{b{c}}}", "{a}{b}", ",,", "{{}}", "a{}", "{a{*},b}"} {
		f.Add(s)
	}
	a := &API{log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	doc := map[string]any{"id": "1", "data": []any{map[string]any{"id": "d", "x": 1}}, "next_page": nil}
	f.Fuzz(func(t *testing.T, header string) {
		if _, err := parseMask(header); err != nil && !errors.Is(err, errBadMask) {
			t.Fatalf("parseMask(%q): %v is not errBadMask", header, err)
		}
		r := httptest.NewRequest(http.MethodGet, "/api/1/me/", nil)
		r.Header["X-Fields"] = []string{header}
		w := httptest.NewRecorder()
		a.writeJSON(w, r, http.StatusOK, doc)
		if w.Code != http.StatusOK && w.Code != http.StatusBadRequest {
			t.Fatalf("X-Fields %q: status %d, want 200 or 400", header, w.Code)
		}
	})
}
