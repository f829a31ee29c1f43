package api

import (
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/keyset"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/validate"
)

// FuzzAfter: any "after" cursor and sort of a list request is checked as
// the list handlers check them, without a panic; a cursor that fails is a
// problem on the "after" field.
func FuzzAfter(f *testing.F) {
	f.Add(keyset.Cursor{Order: "organizations:name", Key: "Ville", ID: "1"}.String(), "")
	f.Add(keyset.Cursor{Order: "datasets:-created", Key: "2026-11-24 10:00:00.123456+00:00", ID: "1"}.String(), "-created")
	f.Add(keyset.Cursor{Order: "datasets:-created", Key: "0000-01-01 00:00:00+00:00", ID: "1"}.String(), "-created")
	f.Add(keyset.Cursor{Order: "users:slug", Key: "a", ID: "1"}.String(), "bogus")
	f.Add("%%%", "-")
	f.Fuzz(func(t *testing.T, after, sort string) {
		r := httptest.NewRequest("GET", "/api/1/organizations/?after="+url.QueryEscape(after)+"&sort="+url.QueryEscape(sort), nil)
		var v validate.Errors
		c := afterParam(r, &v)
		if (c == nil) != (after == "" || v.Err() != nil) {
			t.Fatalf("after %q: cursor %v with errors %v", after, c, v.Err())
		}
		if org.OrgSortValid(sort) {
			org.OrgCursorValid(org.Query{Sort: sort, After: c})
		}
		if catalog.DatasetSortValid(sort) {
			catalog.DatasetCursorValid(catalog.Query{Sort: sort, After: c})
		}
		account.UserCursorValid(c)
	})
}
