package api_test

import (
	"fmt"
	"testing"

	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

func TestDatasetsAPI(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		bob, bobKey := e.person(t, "bob@example.org", false)
		carol, carolKey := e.person(t, "carol@example.org", false)
		_, b, _ := e.do(t, call{method: "POST", path: "/api/1/organizations/", body: `{"name": "Métropole du Grand Paris", "description": "d"}`})
		orgID := decode(t, b)["id"].(string)
		opath := "/api/1/organizations/" + orgID + "/"
		// Carol becomes a partial editor.
		_, b, _ = e.do(t, call{method: "POST", path: opath + "membership/", key: carolKey, body: `{"comment": "SIG"}`})
		e.do(t, call{method: "POST", path: opath + "membership/" + decode(t, b)["id"].(string) + "/accept/", body: `{"role": "partial_editor"}`})
		body := `{"title": "Réseau de bus", "description": "Horaires GTFS", "organization": "` + orgID + `", "license": "lov2",
			"frequency": "weekly", "tags": ["GTFS", "Bus"], "temporal_coverage": {"start": "2026-01-01", "end": "2026-12-31"},
			"spatial": {"zones": ["fr:epci:200054781"], "granularity": "fr:epci"}}`
		e.check(t, []call{
			{method: "POST", path: "/api/1/datasets/", key: bobKey, body: body, wantStatus: 400, want: []string{`"organization"`}}, // udata: 400
			{method: "POST", path: "/api/1/datasets/", body: `{"title": "x"}`, wantStatus: 400, want: []string{`"description"`}},
			{method: "POST", path: "/api/1/datasets/", body: `{"title": "x", "description": "d", "license": "nope"}`, wantStatus: 400, want: []string{`"license"`}},
			{method: "POST", path: "/api/1/datasets/", body: `{"title": "x", "description": "d", "organization": "nope"}`, wantStatus: 400, want: []string{`"organization"`}},
			{method: "POST", path: "/api/1/datasets/", body: `{"title": "x", "description": "d", "temporal_coverage": {"start": "demain"}}`, wantStatus: 400},
			{method: "POST", path: "/api/1/datasets/", body: `{"title": "x", "description": "d", "spatial": {"zones": ["fr:commune:00000"]}}`, wantStatus: 400, want: []string{`"spatial"`}},
		})
		// a partial editor creates, as udata, and is assigned to it (then
		// deletes it, out of the counts below)
		_, b, _ = e.do(t, call{method: "POST", path: "/api/1/datasets/", key: carolKey,
			body: `{"title": "Par Carol", "description": "d", "organization": "` + orgID + `"}`})
		if p := decode(t, b)["permissions"]; dig(p, "edit") != true {
			t.Fatalf("partial editor's own dataset: %s", b)
		}
		e.check(t, []call{{method: "DELETE", path: "/api/1/datasets/" + decode(t, b)["id"].(string) + "/", key: carolKey, wantStatus: 204}})
		status, b, _ := e.do(t, call{method: "POST", path: "/api/1/datasets/", body: body})
		d := decode(t, b)
		if status != 201 || d["organization"].(map[string]any)["id"] != orgID || d["owner"] != nil || d["slug"] != "reseau-de-bus" {
			t.Fatalf("create: %d %s", status, b)
		}
		id := d["id"].(string)
		dpath := "/api/1/datasets/" + id + "/"
		_, b, _ = e.do(t, call{method: "POST", path: "/api/1/datasets/", body: `{"title": "Interne", "description": "d", "private": true, "organization": {"id": "` + orgID + `"}}`})
		privateID := decode(t, b)["id"].(string)
		e.check(t, []call{
			{method: "GET", path: dpath, key: "-", wantStatus: 200, want: []string{`"license":"lov2"`, `"tags":["bus","gtfs"]`, `"edit":false`, `"granularity":"fr:epci"`}},
			{method: "GET", path: "/api/1/datasets/reseau-de-bus/", wantStatus: 200, want: []string{`"edit":true`}},
			{method: "GET", path: "/api/1/datasets/" + privateID + "/", key: bobKey, wantStatus: 404},
			{method: "GET", path: "/api/1/datasets/" + privateID + "/", key: carolKey, wantStatus: 200},
			{method: "GET", path: "/api/1/datasets/?q=reseau%20bus", key: "-", wantStatus: 200, want: []string{`"total":1`, id}},
			{method: "GET", path: "/api/1/datasets/?organization=" + orgID, key: "-", wantStatus: 200, want: []string{`"total":1`}},
			{method: "GET", path: "/api/1/datasets/?organization=metropole&lang=en", key: "-", wantStatus: 400, want: []string{"Organization arg must be an identifier"}},
			{method: "GET", path: "/api/1/datasets/?organization=metropole", key: "-", wantStatus: 400, want: []string{"identifiant"}},
			{method: "GET", path: "/api/1/datasets/?tag=gtfs&tag=bus", key: "-", wantStatus: 200, want: []string{`"total":1`}},
			{method: "GET", path: "/api/1/datasets/?sort=colour", key: "-", wantStatus: 400},
			{method: "GET", path: opath + "datasets/", key: "-", wantStatus: 200, want: []string{`"total":1`}},
			{method: "GET", path: opath + "datasets/", key: carolKey, wantStatus: 200, want: []string{`"total":2`}},
			{method: "GET", path: "/api/1/datasets/licenses/", key: "-", wantStatus: 200, want: []string{`"id":"lov2"`, `"id":"notspecified"`}},
			{method: "GET", path: "/api/1/datasets/frequencies/", key: "-", wantStatus: 200, want: []string{`"id":"weekly"`}},
			{method: "GET", path: "/api/1/datasets/suggest/?q=reseau", key: "-", wantStatus: 200, want: []string{`"slug":"reseau-de-bus"`}},
			{method: "PUT", path: dpath, key: bobKey, body: `{"title": "pirate"}`, wantStatus: 403},
			{method: "PUT", path: dpath, key: carolKey, body: `{"title": "pas assigné"}`, wantStatus: 403},
			{method: "PUT", path: opath + "assignments/" + bob.ID + "/", body: `{"datasets": ["` + id + `"]}`, wantStatus: 400},
			{method: "PUT", path: opath + "assignments/" + carol.ID + "/", key: carolKey, body: `{"datasets": ["` + id + `"]}`, wantStatus: 403},
			{method: "PUT", path: opath + "assignments/" + carol.ID + "/", body: `{"datasets": ["` + id + `"]}`, wantStatus: 200},
			{method: "GET", path: opath + "assignments/", wantStatus: 200, want: []string{carol.ID, id}},
			{method: "PUT", path: dpath, key: carolKey, body: `{"title": "Réseau de bus 2026", "id": "ignored"}`, wantStatus: 200, want: []string{`"title":"Réseau de bus 2026"`, `"slug":"reseau-de-bus"`}},
			{method: "PUT", path: dpath, key: carolKey, body: `{"frequency": "sometimes"}`, wantStatus: 400},
			{method: "DELETE", path: dpath, key: bobKey, wantStatus: 403},
			{method: "DELETE", path: dpath, wantStatus: 204},
			{method: "GET", path: dpath, key: "-", wantStatus: 410, want: []string{"Dataset has been deleted"}},
			{method: "PUT", path: dpath, body: `{"title": "x"}`, wantStatus: 410},
			{method: "POST", path: "/api/1/datasets/", key: bobKey, body: `{"title": "Mes relevés", "description": "d"}`, wantStatus: 201, want: []string{`"organization":null`, bob.ID}},
			{method: "GET", path: "/api/1/me/datasets/", key: bobKey, wantStatus: 200, want: []string{"Mes relevés"}},
		})
	})
}

// TestDeletedDatasetAPI: a deleted dataset and its resources answer 200,
// "deleted" set, to those who could edit it; to others 410 if it was
// public, 404 if it was private or a draft (its existence stays hidden).
func TestDeletedDatasetAPI(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		_, bobKey := e.person(t, "bob@example.org", false)
		_, carolKey := e.person(t, "carol@example.org", false)
		_, b, _ := e.do(t, call{method: "POST", path: "/api/1/organizations/", body: `{"name": "Quimper", "description": "d"}`})
		orgID := decode(t, b)["id"].(string)
		opath := "/api/1/organizations/" + orgID + "/"
		// Carol is a partial editor, assigned to nothing: a member who may not edit.
		_, b, _ = e.do(t, call{method: "POST", path: opath + "membership/", key: carolKey, body: `{"comment": "SIG"}`})
		e.do(t, call{method: "POST", path: opath + "membership/" + decode(t, b)["id"].(string) + "/accept/", body: `{"role": "partial_editor"}`})
		paths := map[string]string{} // kind: the deleted dataset's path
		res := map[string]string{}   // kind: its resource's path
		for _, kind := range []string{"public", "private", "draft"} {
			status, b, _ := e.do(t, call{method: "POST", path: "/api/1/datasets/", body: `{"title": "` + kind + `", "description": "d", "organization": "` +
				orgID + `", "private": ` + fmt.Sprint(kind == "private") + `, "draft": ` + fmt.Sprint(kind == "draft") + `}`})
			if status != 201 {
				t.Fatalf("create %s: %d %s", kind, status, b)
			}
			paths[kind] = "/api/1/datasets/" + decode(t, b)["id"].(string) + "/"
			status, b, _ = e.do(t, call{method: "POST", path: paths[kind] + "resources/", body: `{"title": "Arrêts", "url": "https://example.org/a.csv", "filetype": "remote"}`})
			if status != 201 {
				t.Fatalf("resource %s: %d %s", kind, status, b)
			}
			res[kind] = paths[kind] + "resources/" + decode(t, b)["id"].(string) + "/"
			e.do(t, call{method: "DELETE", path: paths[kind]})
		}
		var cases []call
		for kind, other := range map[string]int{"public": 410, "private": 404, "draft": 404} {
			cases = append(cases,
				call{method: "GET", path: paths[kind], wantStatus: 200, want: []string{`"deleted":"20`}},
				call{method: "GET", path: res[kind], wantStatus: 200},
				call{method: "PUT", path: paths[kind], body: `{"title": "x"}`, wantStatus: 410},
				call{method: "GET", path: paths[kind], key: bobKey, wantStatus: other},
				call{method: "GET", path: paths[kind], key: "-", wantStatus: other},
				call{method: "GET", path: res[kind], key: bobKey, wantStatus: other},
				call{method: "PUT", path: paths[kind], key: bobKey, body: `{"title": "x"}`, wantStatus: other},
				call{method: "DELETE", path: paths[kind], key: bobKey, wantStatus: other})
			if kind != "public" {
				cases = append(cases, call{method: "GET", path: paths[kind], key: carolKey, wantStatus: 404})
			}
		}
		e.check(t, cases)
	})
}
