package keyset_test

import (
	"encoding/base64"
	"errors"
	"net/url"
	"strconv"
	"testing"

	"github.com/socle-portal/socle/internal/keyset"
)

func TestRoundTrip(t *testing.T) {
	c := keyset.Cursor{Order: "-created", Key: "2026-11-24 10:00:00.123456+00:00", ID: "0123456789abcdef01234567"}
	s := c.String()
	if url.QueryEscape(s) != s {
		t.Errorf("%q needs escaping in a URL", s)
	}
	got, err := keyset.Parse(s)
	if err != nil || got != c {
		t.Fatalf("Parse(String()) = %+v, %v; want %+v", got, err, c)
	}
}

func TestParseRefusesWhatItDidNotMake(t *testing.T) {
	b64 := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	for _, s := range []string{"", "!!!", "abc", b64("null"), b64("[]"), b64(`{"o":"name"}`), b64(`{"o":"","k":"x","i":"y"}`),
		b64(`{"o":"name","k":"x","i":"y","z":1}`), b64(`{"o":"name","k":"x","i":"y"} {}`), b64(`{"o":1,"k":"x","i":"y"}`),
		b64(`{"o":"name","k":"x","i":"y"}`) + "="} {
		if _, err := keyset.Parse(s); !errors.Is(err, keyset.ErrInvalid) {
			t.Errorf("Parse(%q) = %v, want ErrInvalid", s, err)
		}
	}
}

func TestPageOf(t *testing.T) {
	next := func(last int) (keyset.Cursor, bool) {
		return keyset.Cursor{Order: "n", ID: strconv.Itoa(last)}, last != 0
	}
	cases := []struct {
		name  string
		items []int
		size  int
		want  string // the next page's id, "" for none
	}{
		{"full page", []int{1, 2}, 2, "2"},
		{"short page: the last", []int{1}, 2, ""},
		{"empty", nil, 2, ""},
		{"pages by number", []int{1, 0}, 2, ""},
	}
	for _, c := range cases {
		p := keyset.PageOf(c.items, 7, c.size, next)
		got := ""
		if p.Next != nil {
			got = p.Next.ID
		}
		if got != c.want || p.Total != 7 || len(p.Items) != len(c.items) {
			t.Errorf("%s: next %q, total %d, %d items", c.name, got, p.Total, len(p.Items))
		}
	}
}
