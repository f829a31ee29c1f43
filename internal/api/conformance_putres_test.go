package api_test

import (
	"testing"

	"github.com/socle-portal/socle/internal/catalog"
)

// udata/tests/api/test_datasets_api.py, DatasetAPITest: resources inside
// PUT and POST /datasets/.
func udataDatasetResourcesTests() []udataCase {
	const c = "DatasetAPITest"
	// toDict is dataset.to_dict(): its fields and its resources, as the API
	// gives them.
	toDict := func(t *testing.T, u *ud, d catalog.Dataset) map[string]any {
		t.Helper()
		data := datasetToDict(d)
		data["resources"] = u.call(t, "GET", datasetPath(d), nil).assert(t, 200).list("resources")
		return data
	}
	resources := func(t *testing.T, u *ud, d catalog.Dataset) []any {
		t.Helper()
		return u.call(t, "GET", datasetPath(d), nil).assert(t, 200).list("resources")
	}
	const unknown = "3f1e5a0c-9a4b-4c7d-8e2f-6b5a4c3d2e1f"
	return []udataCase{
		port(c, "test_dataset_api_update_with_null_frequency", func(t *testing.T, u *ud) {
			d := u.dataset(t, u.login(t), "")
			data := toDict(t, u, d)
			data["tags"] = []string{"test"}
			u.call(t, "PUT", datasetPath(d), data).assert(t, 200)
			eq(t, "frequency", u.call(t, "GET", datasetPath(d), nil).get("frequency"), d.Frequency)
		}),
		port(c, "test_dataset_api_update_with_resources", func(t *testing.T, u *ud) {
			d := u.dataset(t, u.login(t), "")
			data := toDict(t, u, d)
			n := len(data["resources"].([]any))
			data["resources"] = append(data["resources"].([]any), resourceAsDict())
			u.call(t, "PUT", datasetPath(d), data).assert(t, 200)
			eq(t, "resources", len(resources(t, u, d)), n+1)
		}),
		port(c, "test_dataset_api_update_with_resource_unknown_id", func(t *testing.T, u *ud) {
			d := u.dataset(t, u.login(t), "")
			first := u.remote(t, d)
			data := toDict(t, u, d)
			x := resourceAsDict()
			x["id"] = unknown
			data["resources"] = append(data["resources"].([]any), x)
			u.call(t, "PUT", datasetPath(d), data).assert(t, 200)
			rs := resources(t, u, d)
			eq(t, "resources", len(rs), 2)
			eq(t, "first", dig(rs[0], "id"), first.ID)
			eq(t, "title", dig(rs[1], "title"), x["title"])
			if dig(rs[1], "id") == unknown {
				t.Error("the client chose the id")
			}
		}),
		port(c, "test_dataset_api_update_with_malformed_resource_id", func(t *testing.T, u *ud) {
			d := u.dataset(t, u.login(t), "")
			data := toDict(t, u, d)
			x := resourceAsDict()
			x["id"] = "not-an-uuid"
			data["resources"] = []any{x}
			u.call(t, "PUT", datasetPath(d), data).assert(t, 400)
		}),
		port(c, "test_dataset_api_update_cannot_squat_another_dataset_resource_id", func(t *testing.T, u *ud) {
			victim := u.dataset(t, u.user(t), "")
			v := u.remote(t, victim)
			d := u.dataset(t, u.login(t), "")
			data := toDict(t, u, d)
			x := resourceAsDict()
			x["id"] = v.ID
			data["resources"] = []any{x}
			u.call(t, "PUT", datasetPath(d), data).assert(t, 200)
			rs := resources(t, u, d)
			eq(t, "resources", len(rs), 1)
			if dig(rs[0], "id") == v.ID {
				t.Error("squatted another dataset's resource id")
			}
			eq(t, "victim's", ids(resources(t, u, victim)), []string{v.ID})
		}),
		port(c, "test_dataset_api_create_cannot_choose_resource_id", func(t *testing.T, u *ud) {
			u.login(t)
			x := resourceAsDict()
			x["id"] = unknown
			r := u.call(t, "POST", "/api/1/datasets/", map[string]any{"title": "Jeu " + account8(), "description": "Des données",
				"resources": []any{x}}).assert(t, 201)
			rs := r.list("resources")
			eq(t, "resources", len(rs), 1)
			if dig(rs[0], "id") == unknown {
				t.Error("the client chose the id")
			}
		}),
		port(c, "test_dataset_api_update_new_resource_with_extras", func(t *testing.T, u *ud) {
			d := u.dataset(t, u.login(t), "")
			data := toDict(t, u, d)
			x := resourceAsDict()
			x["extras"] = map[string]any{"extra:id": "id"}
			data["resources"] = append(data["resources"].([]any), x)
			u.call(t, "PUT", datasetPath(d), data).assert(t, 200)
			for _, r := range resources(t, u, d) {
				if dig(r, "title") == x["title"] {
					eq(t, "extras", dig(r, "extras"), map[string]any{"extra:id": "id"})
					return
				}
			}
			t.Error("the new resource is missing")
		}),
		port(c, "test_dataset_api_update_existing_resource_with_extras", func(t *testing.T, u *ud) {
			d := u.dataset(t, u.login(t), "")
			u.remote(t, d)
			data := toDict(t, u, d)
			data["resources"].([]any)[0].(map[string]any)["extras"] = map[string]any{"extra:id": "id"}
			u.call(t, "PUT", datasetPath(d), data).assert(t, 200)
			eq(t, "extras", dig(resources(t, u, d)[0], "extras"), map[string]any{"extra:id": "id"})
		}),
		port(c, "test_dataset_api_update_does_not_override_hosted_resource_fields", func(t *testing.T, u *ud) {
			d := u.dataset(t, u.login(t), "")
			x := u.hosted(t, d)
			data := toDict(t, u, d)
			before := data["resources"].([]any)[0].(map[string]any)
			r := map[string]any{}
			for k, v := range before {
				r[k] = v
			}
			r["id"], r["title"], r["url"] = x.ID, "new title", "https://example.org/other.csv"
			r["checksum"] = map[string]any{"type": "sha1", "value": "0000000000000000000000000000000000000000"}
			r["filesize"], r["filetype"], r["mime"], r["format"] = x.Size+1, "remote", "application/pdf", "pdf"
			data["resources"] = []any{r}
			u.call(t, "PUT", datasetPath(d), data).assert(t, 200)
			got := resources(t, u, d)[0]
			eq(t, "title", dig(got, "title"), "new title")
			for _, k := range []string{"url", "checksum", "filesize"} {
				eq(t, k, dig(got, k), before[k])
			}
			eq(t, "filetype", dig(got, "filetype"), "file")
			eq(t, "mime", dig(got, "mime"), "text/csv")
			eq(t, "format", dig(got, "format"), "csv")
		}),
	}
}
