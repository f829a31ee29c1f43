package keyset_test

import (
	"encoding/base64"
	"errors"
	"net/url"
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
