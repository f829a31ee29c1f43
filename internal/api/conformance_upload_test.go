package api_test

import (
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/org"
)

// hosted is ResourceFactory(): an uploaded file on d (udata's factory
// makes a hosted file, mime text/csv, format csv, with its checksum).
func (u *ud) hosted(t *testing.T, d catalog.Dataset) catalog.Resource {
	t.Helper()
	r, err := u.Catalog.UploadResource(ctx, u.root, d.ID, catalog.ResourceInput{Title: "Fichier " + account8(), Format: "csv"},
		catalog.Upload{Filename: account8() + ".csv", Mime: "text/csv", Body: strings.NewReader("a,b\n1,2\n")})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// remoteWith is ResourceFactory(filetype="remote", mime=...): a remote file
// with the checksum and size udata's factory gives it.
func (u *ud) remoteWith(t *testing.T, d catalog.Dataset, mime string) catalog.Resource {
	t.Helper()
	size := int64(1234)
	r, err := u.Catalog.AddRemote(ctx, u.root, d.ID, catalog.ResourceInput{Title: "Fichier " + account8(),
		URL: "https://example.org/" + account8() + ".csv", Format: "csv", Mime: &mime, Size: &size,
		Checksum: &catalog.Checksum{Type: "sha1", Value: strings.Repeat("a", 40)}})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// udata/tests/api/test_datasets_api.py: uploads and updates of hosted
// files (DatasetResourceAPITest) and the organization of a dataset
// (DatasetAPITest).
func udataUploadTests() []udataCase {
	const c = "DatasetResourceAPITest"
	with := func(fn func(t *testing.T, u *ud, d catalog.Dataset)) func(t *testing.T, u *ud) {
		return func(t *testing.T, u *ud) { fn(t, u, u.dataset(t, u.login(t), "")) }
	}
	rpath := func(d catalog.Dataset, rid string) string { return datasetPath(d) + "resources/" + rid + "/" }
	resource := func(t *testing.T, u *ud, d catalog.Dataset, i int) *res {
		t.Helper()
		return &res{json: u.call(t, "GET", datasetPath(d), nil).assert(t, 200).get("resources", i)}
	}
	return []udataCase{
		port(c, "test_create_with_file", func(t *testing.T, u *ud) {
			me := u.login(t)
			o := u.org(t, mem{me, org.RoleAdmin})
			d := u.dataset(t, nil, o.ID)
			r := u.upload(t, datasetPath(d)+"upload/", "file", "test.txt", []byte("aaa")).assert(t, 201)
			eq(t, "title", r.get("title"), "test.txt")
			eq(t, "filesize", r.get("filesize"), 3)
			eq(t, "mime", r.get("mime"), "text/plain")
			eq(t, "checksum.type", r.get("checksum", "type"), "sha1")
			eq(t, "checksum.value", r.get("checksum", "value"), "7e240de74fb1ed08fa08d38063f6a6a91462a815")
			id, _ := r.get("id").(string)
			u.call(t, "PUT", rpath(d, id), r.json).assert(t, 200)
			ds := u.call(t, "GET", datasetPath(d), nil)
			eq(t, "resources", len(ds.list("resources")), 1)
			if url, _ := ds.get("resources", 0, "url").(string); !strings.HasSuffix(url, "test.txt") {
				t.Errorf("url %q", url)
			}
		}),
		port(c, "test_update_with_file", func(t *testing.T, u *ud) {
			me := u.login(t)
			o := u.org(t, mem{me, org.RoleAdmin})
			d := u.dataset(t, nil, o.ID)
			x := u.hosted(t, d)
			r := u.upload(t, rpath(d, x.ID)+"upload/", "file", "test.txt", []byte("aaa")).assert(t, 200)
			eq(t, "title", r.get("title"), "test.txt")
			id, _ := r.get("id").(string)
			u.call(t, "PUT", rpath(d, id), r.json).assert(t, 200)
			ds := u.call(t, "GET", datasetPath(d), nil)
			eq(t, "resources", len(ds.list("resources")), 1)
			if url, _ := ds.get("resources", 0, "url").(string); !strings.HasSuffix(url, "test.txt") {
				t.Errorf("url %q", url)
			}
		}),
		deviate(c, "test_file_update_old_file_deletion", "the old file is kept as a version of the resource"),
		port(c, "test_file_update_old_file_kept", with(func(t *testing.T, u *ud, d catalog.Dataset) {
			x := u.hosted(t, d)
			u.upload(t, rpath(d, x.ID)+"upload/", "file", "test.txt", []byte("aaa")).assert(t, 200)
			r := u.upload(t, rpath(d, x.ID)+"upload/", "file", "test_update.txt", []byte("aaa")).assert(t, 200)
			eq(t, "title", r.get("title"), "test-update.txt")
			if url, _ := r.get("url").(string); !strings.HasSuffix(url, "test-update.txt") {
				t.Errorf("url %q", url)
			}
			eq(t, "versions", len(u.call(t, "GET", rpath(d, x.ID), nil).assert(t, 200).list("versions")), 2)
		})),
		port(c, "test_update_local", with(func(t *testing.T, u *ud, d catalog.Dataset) {
			x := u.hosted(t, d)
			data := map[string]any{"title": "Nouveau titre", "description": "Nouvelle description",
				"url": "https://example.org/new.csv", "extras": map[string]any{"extra:id": "id"}}
			u.call(t, "PUT", rpath(d, x.ID), data).assert(t, 200)
			ds := u.call(t, "GET", datasetPath(d), nil)
			eq(t, "resources", len(ds.list("resources")), 1)
			r := resource(t, u, d, 0)
			eq(t, "title", r.get("title"), data["title"])
			eq(t, "description", r.get("description"), data["description"])
			if r.get("url") == data["url"] {
				t.Error("a hosted file's url was changed")
			}
			eq(t, "extras", r.get("extras"), map[string]any{"extra:id": "id"})
		})),
		port(c, "test_update_local_does_not_override_server_computed_fields", with(func(t *testing.T, u *ud, d catalog.Dataset) {
			x := u.hosted(t, d)
			before := resource(t, u, d, 0)
			data := map[string]any{"title": "Nouveau titre", "url": "https://example.org/new.csv",
				"checksum": map[string]any{"type": "sha1", "value": strings.Repeat("0", 40)},
				"filesize": x.Size + 1, "mime": "application/pdf", "format": "pdf"}
			u.call(t, "PUT", rpath(d, x.ID), data).assert(t, 200)
			r := resource(t, u, d, 0)
			eq(t, "title", r.get("title"), data["title"])
			for _, k := range []string{"checksum", "filesize", "url", "mime", "format"} {
				eq(t, k, r.get(k), before.get(k))
			}
			eq(t, "mime", r.get("mime"), "text/csv")
			eq(t, "format", r.get("format"), "csv")
		})),
		port(c, "test_update_local_cannot_remove_checksum", with(func(t *testing.T, u *ud, d catalog.Dataset) {
			x := u.hosted(t, d)
			data := map[string]any{"title": "Nouveau titre", "url": u.call(t, "GET", rpath(d, x.ID), nil).get("url"), "checksum": nil}
			u.call(t, "PUT", rpath(d, x.ID), data).assert(t, 200)
			eq(t, "checksum", resource(t, u, d, 0).get("checksum", "value"), x.SumValue)
		})),
		port(c, "test_update_remote_checksum", with(func(t *testing.T, u *ud, d catalog.Dataset) {
			x := u.remoteWith(t, d, "text/csv")
			data := map[string]any{"title": "Nouveau titre", "url": x.URL,
				"checksum": map[string]any{"type": "sha1", "value": strings.Repeat("0", 40)},
				"filesize": 42, "mime": "application/pdf", "format": "pdf"}
			u.call(t, "PUT", rpath(d, x.ID), data).assert(t, 200)
			r := resource(t, u, d, 0)
			eq(t, "checksum", r.get("checksum", "value"), strings.Repeat("0", 40))
			eq(t, "filesize", r.get("filesize"), 42)
			eq(t, "mime", r.get("mime"), "application/pdf")
			eq(t, "format", r.get("format"), "pdf")
		})),
		port(c, "test_update_remote_can_remove_checksum", with(func(t *testing.T, u *ud, d catalog.Dataset) {
			x := u.remoteWith(t, d, "")
			if x.SumValue == "" {
				t.Fatal("the factory's checksum is missing")
			}
			u.call(t, "PUT", rpath(d, x.ID), map[string]any{"title": "Nouveau titre", "url": x.URL, "checksum": nil}).assert(t, 200)
			eq(t, "checksum", resource(t, u, d, 0).get("checksum"), nil)
		})),
		port(c, "test_cannot_update_resource_filetype", func(t *testing.T, u *ud) {
			d := u.dataset(t, u.login(t), "")
			x := u.hosted(t, d)
			u.call(t, "PUT", rpath(d, x.ID), map[string]any{"filetype": "remote", "url": "https://example.org/x.csv"}).assert(t, 400)
			eq(t, "filetype", resource(t, u, d, 0).get("filetype"), "file")
		}),
		port(c, "test_reorder", with(func(t *testing.T, u *ud, d catalog.Dataset) {
			var order []any
			for range 3 {
				order = append([]any{map[string]any{"id": u.hosted(t, d).ID}}, order...)
			}
			before := u.call(t, "GET", datasetPath(d), nil).get("last_modified")
			r := u.call(t, "PUT", datasetPath(d)+"resources/", order).assert(t, 200)
			want := make([]string, len(order))
			for i, o := range order {
				want[i] = dig(o, "id").(string)
			}
			eq(t, "answer", ids(r.list()), want)
			ds := u.call(t, "GET", datasetPath(d), nil)
			eq(t, "resources", ids(ds.list("resources")), want)
			eq(t, "last_modified", ds.get("last_modified"), before)
		})),
		port(c, "test_invalid_reorder", with(func(t *testing.T, u *ud, d catalog.Dataset) {
			var order []any
			for range 3 {
				order = append(order, u.hosted(t, d).ID)
			}
			put := func(list []any) string {
				m, _ := u.call(t, "PUT", datasetPath(d)+"resources/", list).assert(t, 400).get("message").(string)
				return m
			}
			eq(t, "not enough", put(order[:2]), "All resources must be reordered, you provided 2 out of 3")
			eq(t, "too many", put(append(append([]any{}, order...), "6a0b6f2c-1f0e-4b7e-9a59-0c6b1c7d2e11")),
				"All resources must be reordered, you provided 4 out of 3")
			// udata writes the ids as a Python set, in no set order
			set := func(m string) {
				t.Helper()
				const prefix = "Resource ids must match existing ones in dataset, ie: {"
				if !strings.HasPrefix(m, prefix) || !strings.HasSuffix(m, "}") {
					t.Fatalf("message %q", m)
				}
				got := strings.Split(strings.TrimSuffix(strings.TrimPrefix(m, prefix), "}"), ", ")
				if len(got) != len(order) {
					t.Fatalf("message %q", m)
				}
				for _, id := range order {
					if !contains(got, "'"+id.(string)+"'") {
						t.Errorf("message %q lacks %s", m, id)
					}
				}
			}
			set(put([]any{order[0], order[0], order[0]}))
			set(put([]any{"6a0b6f2c-1f0e-4b7e-9a59-0c6b1c7d2e11", "7a0b6f2c-1f0e-4b7e-9a59-0c6b1c7d2e11",
				"8a0b6f2c-1f0e-4b7e-9a59-0c6b1c7d2e11"}))
		})),
		port("DatasetAPITest", "test_dataset_api_update_org", func(t *testing.T, u *ud) {
			me := u.login(t)
			original := u.org(t, mem{me, org.RoleEditor})
			d := u.dataset(t, nil, original.ID)
			other := u.org(t, mem{me, org.RoleAdmin})
			data := datasetToDict(d)
			data["organization"] = map[string]any{"id": other.ID}
			u.call(t, "PUT", datasetPath(d), data).assert(t, 400)
			eq(t, "organization", u.call(t, "GET", datasetPath(d), nil).get("organization", "id"), original.ID)
			u.loginAs(u.sysadmin(t))
			u.call(t, "PUT", datasetPath(d), data).assert(t, 200)
			eq(t, "organization", u.call(t, "GET", datasetPath(d), nil).get("organization", "id"), other.ID)
		}),
	}
}
