package api_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestDatasetFilters: geozone, granularity and temporal_coverage filter the
// dataset list, alone or with a cursor; a malformed value is a 400 on it.
func TestDatasetFilters(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		ids := map[string]string{}
		for name, extra := range map[string]string{
			"a": `"spatial": {"zones": ["fr:epci:200054781"], "granularity": "fr:epci"},
				"temporal_coverage": {"start": "2020-01-01", "end": "2020-12-31"}`,
			"b": `"spatial": {"zones": ["fr:commune:75056", "fr:departement:75"], "granularity": "fr:commune"},
				"temporal_coverage": {"start": "2021-06-01"}`,
			"c": `"spatial": {"granularity": "other"}`,
			"d": `"temporal_coverage": {"end": "2019-12-31"}`,
			"e": `"spatial": {"zones": ["fr:commune:35238"], "granularity": "fr:commune"}`, // Rennes
		} {
			status, b, _ := e.do(t, call{method: "POST", path: "/api/1/datasets/",
				body: `{"title": "Jeu ` + name + `", "description": "d", ` + extra + `}`})
			if status != 201 {
				t.Fatalf("create %s: %d %s", name, status, b)
			}
			ids[name] = decode(t, b)["id"].(string)
		}
		// found lists the names of the datasets of every page of path,
		// following next_page.
		found := func(path string) string {
			t.Helper()
			var names []string
			for path != "" {
				status, b, _ := e.do(t, call{method: "GET", path: path, key: "-"})
				if status != 200 {
					t.Fatalf("%s: %d %s", path, status, b)
				}
				var p struct {
					Data     []struct{ ID string }
					NextPage *string `json:"next_page"`
				}
				json.Unmarshal(b, &p)
				for _, d := range p.Data {
					for name, id := range ids {
						if id == d.ID {
							names = append(names, name)
						}
					}
				}
				path = ""
				if p.NextPage != nil {
					path = strings.TrimPrefix(*p.NextPage, testBase)
				}
			}
			slices.Sort(names)
			return strings.Join(names, "")
		}
		for query, want := range map[string]string{
			"geozone=fr:epci:200054781":                                         "a",
			"geozone=fr:departement:75":                                         "b",
			"geozone=fr:commune:35238":                                          "e",
			"geozone=fr:departement:35":                                         "e", // a department finds its communes'
			"geozone=fr:region:53":                                              "e", // and a region its departments' communes'
			"geozone=fr:region:11":                                              "b",
			"geozone=fr:departement:29":                                         "",
			"granularity=fr:commune":                                            "be",
			"granularity=other":                                                 "cd",
			"temporal_coverage=2020-12-31-2021-01-31":                           "a",
			"temporal_coverage=2030-01-01-2030-01-01":                           "b",
			"temporal_coverage=2019-12-31-2020-01-01":                           "ad",
			"temporal_coverage=2019-01-01-2021-12-31":                           "abd",
			"temporal_coverage=2019-01-01-2021-12-31&page_size=1":               "abd", // by key, page after page
			"temporal_coverage=2019-01-01-2021-12-31&page_size=1&sort=title":    "abd",
			"temporal_coverage=2019-01-01-2021-12-31&granularity=fr:epci":       "a",
			"geozone=fr:epci:200054781&temporal_coverage=2021-01-01-2021-12-31": "",
		} {
			if got := found("/api/1/datasets/?" + query); got != want {
				t.Errorf("%s: got %q, want %q", query, got, want)
			}
		}
		// The index follows a change of zones.
		if status, b, _ := e.do(t, call{method: "PUT", path: "/api/1/datasets/" + ids["e"] + "/",
			body: `{"spatial": {"zones": ["fr:commune:29019"], "granularity": "fr:commune"}}`}); status != 200 {
			t.Fatalf("move e to Brest: %d %s", status, b)
		}
		for query, want := range map[string]string{"geozone=fr:departement:35": "", "geozone=fr:departement:29": "e"} {
			if got := found("/api/1/datasets/?" + query); got != want {
				t.Errorf("after the move, %s: got %q, want %q", query, got, want)
			}
		}
		e.check(t, []call{
			{method: "GET", path: "/api/1/datasets/?geozone=fr:epci:999", key: "-", wantStatus: 400, want: []string{`"geozone"`}},
			{method: "GET", path: "/api/1/datasets/?geozone=" + "%25", key: "-", wantStatus: 400, want: []string{`"geozone"`}},
			{method: "GET", path: "/api/1/datasets/?granularity=planet", key: "-", wantStatus: 400, want: []string{`"granularity"`}},
			{method: "GET", path: "/api/1/datasets/?temporal_coverage=2020", key: "-", wantStatus: 400, want: []string{`"temporal_coverage"`}},
			{method: "GET", path: "/api/1/datasets/?temporal_coverage=2020-13-01-2020-12-31", key: "-", wantStatus: 400, want: []string{`"temporal_coverage"`}},
			{method: "GET", path: "/api/1/datasets/?temporal_coverage=2021-01-01-2020-01-01", key: "-", wantStatus: 400, want: []string{`"temporal_coverage"`}},
		})
	})
}
