package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

func array(t *testing.T, b []byte) []map[string]any {
	t.Helper()
	var out []map[string]any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("not a JSON array: %s", b)
	}
	return out
}

// TestQueryParametersChecked: a value outside a parameter's list is a 400
// on that parameter, never silently ignored.
func TestQueryParametersChecked(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		_, b, _ := e.do(t, call{method: "POST", path: "/api/1/organizations/", body: `{"name": "Auray", "description": "d"}`})
		path := "/api/1/organizations/" + decode(t, b)["id"].(string) + "/"
		e.check(t, []call{
			{method: "GET", path: "/api/1/notifications/?handled=maybe", wantStatus: 400, want: []string{`"handled":["`}},
			{method: "GET", path: "/api/1/notifications/?handled=true", wantStatus: 200},
			{method: "GET", path: path + "membership/?status=weird", wantStatus: 400, want: []string{`"status":["`}},
			{method: "GET", path: path + "membership/?status=canceled", wantStatus: 200},
			{method: "GET", path: "/api/1/me/datasets/?page=0", wantStatus: 400, want: []string{`"page":["`}},
			{method: "GET", path: "/api/1/me/datasets/?page_size=101", wantStatus: 400, want: []string{`"page_size":["`}},
			{method: "GET", path: "/api/1/me/org_datasets/?page_size=x", wantStatus: 400, want: []string{`"page_size":["`}},
			{method: "GET", path: path + "followers/?page=0", wantStatus: 400},
		})
	})
}

// TestMyDatasetLists: /me/datasets/ and /me/org_datasets/ are plain arrays,
// as udata's, that page and page_size walk through.
func TestMyDatasetLists(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		_, bobKey := e.person(t, "bob@example.org", false)
		_, b, _ := e.do(t, call{method: "POST", path: "/api/1/organizations/", body: `{"name": "Ploërmel", "description": "d"}`})
		orgID := decode(t, b)["id"].(string)
		_, b, _ = e.do(t, call{method: "POST", path: "/api/1/organizations/", body: `{"name": "Pontivy", "description": "d"}`})
		otherOrg := decode(t, b)["id"].(string)
		e.do(t, call{method: "DELETE", path: "/api/1/organizations/" + otherOrg + "/"})
		create := func(key, title, org string) string {
			body := `{"title": "` + title + `", "description": "d"`
			if org != "" {
				body += `, "organization": "` + org + `"`
			}
			status, b, _ := e.do(t, call{method: "POST", path: "/api/1/datasets/", key: key, body: body + `}`})
			if status != 201 {
				t.Fatalf("create %s: %d %s", title, status, b)
			}
			return decode(t, b)["id"].(string)
		}
		mine := []string{create(e.key, "Bus un", ""), create(e.key, "Bus deux", ""), create(e.key, "Vélos", "")}
		orgs := []string{create(e.key, "Bus de Ploërmel", orgID),
			create(e.key, "Privé", orgID)}
		e.do(t, call{method: "PUT", path: "/api/1/datasets/" + orgs[1] + "/", body: `{"private": true}`})
		bobs := create(bobKey, "Bus de Bob", "")

		titles := func(path, key string) []string {
			t.Helper()
			status, b, _ := e.do(t, call{method: "GET", path: path, key: key})
			if status != 200 {
				t.Fatalf("%s: %d %s", path, status, b)
			}
			var out []string
			for _, d := range array(t, b) {
				out = append(out, d["id"].(string))
			}
			return out
		}
		all := titles("/api/1/me/datasets/", "")
		if len(all) != 3 {
			t.Fatalf("/me/datasets/: %v, want %v", all, mine)
		}
		var paged []string
		for _, p := range []string{"1", "2", "3", "4"} {
			paged = append(paged, titles("/api/1/me/datasets/?page_size=1&page="+p, "")...)
		}
		if strings.Join(paged, ",") != strings.Join(all, ",") {
			t.Errorf("/me/datasets/ by pages of 1: %v, want %v", paged, all)
		}

		// Mine and my organizations', the most recently modified first: the
		// private dataset was modified last.
		got := titles("/api/1/me/org_datasets/", "")
		if len(got) != 5 || got[0] != orgs[1] || strings.Contains(strings.Join(got, ","), bobs) {
			t.Errorf("/me/org_datasets/: %v", got)
		}
		paged = nil
		for _, p := range []string{"1", "2", "3"} {
			paged = append(paged, titles("/api/1/me/org_datasets/?page_size=2&page="+p, "")...)
		}
		if strings.Join(paged, ",") != strings.Join(got, ",") {
			t.Errorf("/me/org_datasets/ by pages of 2: %v, want %v", paged, got)
		}
		if got := titles("/api/1/me/org_datasets/?q=bus", ""); len(got) != 3 {
			t.Errorf("/me/org_datasets/?q=bus: %v", got)
		}
		if got := titles("/api/1/me/org_datasets/", bobKey); len(got) != 1 || got[0] != bobs {
			t.Errorf("bob's /me/org_datasets/: %v", got)
		}
	})
}

func TestOrganizationFollowers(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		_, b, _ := e.do(t, call{method: "POST", path: "/api/1/organizations/", body: `{"name": "Dinan", "description": "d"}`})
		path := "/api/1/organizations/" + decode(t, b)["id"].(string) + "/"
		e.check(t, []call{
			{method: "GET", path: path + "followers/", key: "-", wantStatus: 200,
				want: []string{`"data":[]`, `"total":0`, `"page":1`, `"page_size":20`, `"next_page":null`}},
			{method: "GET", path: "/api/1/organizations/nobody/followers/", key: "-", wantStatus: 404},
			{method: "DELETE", path: path, wantStatus: 204},
			{method: "GET", path: path + "followers/", key: "-", wantStatus: 410},
		})
	})
}
