package api_test

import (
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/org"
)

// udata/tests/api/test_datasets_api.py, DatasetAPITest: the filters of
// /datasets/. Each test counts every dataset: a database of its own.
func udataFilterTests() []udataCase {
	const c = "DatasetAPITest"
	return []udataCase{
		deviate(c, "test_dataset_api_list_with_filters", "socle features no dataset and keeps no access type, "+
			"table schema nor topic: those filters answer as for a catalog where none is featured, restricted, "+
			"described by a schema or in a topic"),
		fresh(port(c, "test_dataset_api_list_with_filters_socle", listWithFilters)),
		deviate(c, "test_dataset_api_list_with_restricted_filters", "socle's lists leave deleted datasets out "+
			"unless deleted=true, and socle archives none"),
		fresh(port(c, "test_dataset_api_list_with_restricted_filters_socle", listWithRestrictedFilters)),
	}
}

// listWithFilters is udata's test with its setup as socle can build it:
// the featured, restricted, schema and topic datasets are plain ones.
func listWithFilters(t *testing.T, u *ud) {
	owner := u.user(t)
	o := u.org(t)
	public := u.org(t)
	if _, err := u.Orgs.AddBadge(ctx, u.root, public.ID, "public-service"); err != nil {
		t.Fatal(err)
	}
	factory := u.user(t) // udata's DatasetFactory() has no owner; socle's datasets have one
	make := func(tune ...func(*catalog.Input)) catalog.Dataset { return u.dataset(t, factory, "", tune...) }
	make()
	make()
	tag1 := make(func(in *catalog.Input) { in.Tags = []string{"my-tag-shared", "my-tag-1"} })
	tag2 := make(func(in *catalog.Input) { in.Tags = []string{"my-tag-shared", "my-tag-2"} })
	license := make(func(in *catalog.Input) { in.License = "cc-by" })
	format := make()
	if _, err := u.Catalog.AddRemote(ctx, u.root, format.ID, catalog.ResourceInput{Title: "Fichier",
		URL: "https://example.org/f", Format: "my-format"}); err != nil {
		t.Fatal(err)
	}
	make() // featured
	topic := make()
	geozone := make(func(in *catalog.Input) { in.Zones = []string{"fr:region:93"} })
	granularity := make(func(in *catalog.Input) { in.Granularity = "country" })
	temporal := make(func(in *catalog.Input) {
		in.TemporalStart = time.Date(2022, 5, 3, 0, 0, 0, 0, time.UTC)
		in.TemporalEnd = time.Date(2022, 5, 4, 0, 0, 0, 0, time.UTC)
	})
	make() // open
	make() // restricted
	owned := u.dataset(t, owner, "")
	inOrg := u.dataset(t, nil, o.ID)
	inPublic := u.dataset(t, nil, public.ID)
	make() // schema
	make() // schema version 2
	total := 18

	list := func(query string, status int) []string {
		t.Helper()
		return ids(u.call(t, "GET", "/api/1/datasets/?page_size=50&"+query, nil).assert(t, status).list("data"))
	}
	eq(t, "no filter", len(list("", 200)), total)
	got := list("tag=my-tag-shared", 200)
	if len(got) != 2 || !contains(got, tag1.ID) || !contains(got, tag2.ID) {
		t.Errorf("tag: %v", got)
	}
	for query, want := range map[string]string{"tag=my-tag-shared&tag=my-tag-1": tag1.ID, "format=my-format": format.ID,
		"license=cc-by": license.ID, "geozone=fr:region:93": geozone.ID, "granularity=country": granularity.ID,
		"temporal_coverage=2022-05-03-2022-05-04": temporal.ID, "owner=" + owner.ID: owned.ID,
		"organization=" + o.ID: inOrg.ID, "organization_badge=public-service": inPublic.ID} {
		eq(t, query, list(query, 200), []string{want})
	}
	for _, bad := range []string{"owner=owner-id", "organization=org-id", "organization_badge=bad-badge", "topic=xxx"} {
		list(bad, 400)
	}
	// socle's answers where udata's setup has what socle does not model
	eq(t, "featured", len(list("featured=true", 200)), 0)
	eq(t, "not featured", len(list("featured=false", 200)), total)
	eq(t, "restricted", len(list("access_type=restricted", 200)), 0)
	eq(t, "open", len(list("access_type=open", 200)), total)
	eq(t, "schema", len(list("schema=my-schema", 200)), 0)
	eq(t, "schema version", len(list("schema_version=2.0.0", 200)), 0)
	eq(t, "unknown topic", len(list("topic="+topic.ID, 200)), total)
}

// listWithRestrictedFilters is udata's test with socle's lists: deleted
// datasets only with deleted=true, and the archived ones are live ones.
func listWithRestrictedFilters(t *testing.T, u *ud) {
	owner := u.user(t)
	o := u.org(t, mem{owner, org.RoleEditor})
	factory := u.user(t)
	for range 2 {
		u.dataset(t, factory, "")
	}
	var private, archived, deleted []catalog.Dataset
	for range 3 {
		private = append(private, u.dataset(t, nil, o.ID, func(in *catalog.Input) { in.Private = true }))
	}
	for range 4 {
		archived = append(archived, u.dataset(t, nil, o.ID))
	}
	for range 5 {
		d := u.dataset(t, nil, o.ID)
		if err := u.Catalog.Delete(ctx, u.root, d.ID); err != nil {
			t.Fatal(err)
		}
		deleted = append(deleted, d)
	}
	live := 2 + len(private) + len(archived)
	list := func(query string, status int) []string {
		t.Helper()
		return ids(u.call(t, "GET", "/api/1/datasets/?page_size=50&"+query, nil).assert(t, status).list("data"))
	}
	eq(t, "anonymous", len(list("", 200)), 2+len(archived)) // udata: 2, its lists leave archived datasets out
	for _, q := range []string{"private=true", "archived=true", "deleted=true"} {
		list(q, 401)
	}
	u.loginAs(owner)
	eq(t, "owner", len(list("", 200)), live) // udata: the deleted ones too
	got := list("private=true", 200)
	if len(got) != len(private) || !contains(got, private[0].ID) {
		t.Errorf("private: %v", got)
	}
	got = list("private=false", 200)
	if len(got) != live-len(private) || contains(got, private[0].ID) {
		t.Errorf("not private: %v", got)
	}
	eq(t, "archived", len(list("archived=true", 200)), 0) // udata: the 4 archived
	eq(t, "not archived", len(list("archived=false", 200)), live)
	got = list("deleted=true", 200)
	if len(got) != len(deleted) || !contains(got, deleted[0].ID) {
		t.Errorf("deleted: %v", got)
	}
	got = list("deleted=false", 200)
	if len(got) != live || contains(got, deleted[0].ID) {
		t.Errorf("not deleted: %v", got)
	}
	u.login(t) // another user sees no one's deleted datasets
	eq(t, "stranger's deleted", len(list("deleted=true", 200)), 0)
}
