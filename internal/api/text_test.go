package api_test

import (
	"testing"

	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestUnstorableTextRefused: NUL bytes and malformed UTF-8, which
// PostgreSQL refuses, are a 400 naming where they were, never a 500.
func TestUnstorableTextRefused(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		e.check(t, []call{
			{method: "GET", path: "/api/1/organizations/?q=a%00b", wantStatus: 400, want: []string{`"q"`}},
			{method: "GET", path: "/api/1/datasets/?tag=a%FFb", wantStatus: 400, want: []string{`"tag"`}},
			{method: "GET", path: "/api/1/organizations/a%00b/", wantStatus: 400, want: []string{`"path"`}},
			{method: "GET", path: "/api/1/users/a%FFb/", wantStatus: 400, want: []string{`"path"`}},
			{method: "PUT", path: "/api/1/me/", body: `{"first_name": "A\u0000B"}`, wantStatus: 400, want: []string{`"first_name"`}},
			{method: "POST", path: "/api/1/organizations/", body: `{"name": "X\u0000", "description": "d"}`, wantStatus: 400, want: []string{`"name"`}},
			{method: "GET", path: "/api/1/organizations/?q=gare", wantStatus: 200},
		})
	})
}

// TestDeepPageNumbersRefused: a page number whose offset would overflow is
// a 400 on page, on every paged list.
func TestDeepPageNumbersRefused(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		var cases []call
		for _, p := range []string{"/api/1/organizations/", "/api/1/datasets/", "/api/1/notifications/", "/api/1/site/catalog"} {
			cases = append(cases, call{method: "GET", path: p + "?page=461168601842738792", wantStatus: 400, want: []string{`"page"`}})
		}
		e.check(t, cases)
	})
}
