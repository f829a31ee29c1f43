package api_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// The numbered assertions of section 7 of the spec that the other tests do
// not make, and the parameters and messages around them.

// orgWithEditor creates an organization of alice's and makes bob its editor.
func (e *env) orgWithEditor(t *testing.T, name, bobKey string) string {
	t.Helper()
	_, b, _ := e.do(t, call{method: "POST", path: "/api/1/organizations/", body: `{"name": "` + name + `", "description": "d"}`})
	path := "/api/1/organizations/" + decode(t, b)["id"].(string) + "/"
	_, b, _ = e.do(t, call{method: "POST", path: path + "membership/", key: bobKey, body: `{"comment": "SIG"}`})
	if status, b, _ := e.do(t, call{method: "POST", path: path + "membership/" + decode(t, b)["id"].(string) + "/accept/"}); status != 200 {
		t.Fatalf("accept: %d %s", status, b)
	}
	return path
}

func TestSpecAssertions(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		bob, bobKey := e.person(t, "bob@example.org", false)
		carol, carolKey := e.person(t, "carol@example.org", false)
		path := e.orgWithEditor(t, "Lorient Agglomération", bobKey)

		// 14: asking again while pending keeps one request.
		e.do(t, call{method: "POST", path: path + "membership/", key: carolKey, body: `{"comment": "Un"}`})
		e.do(t, call{method: "POST", path: path + "membership/", key: carolKey, body: `{"comment": "Deux"}`})
		_, b, _ := e.do(t, call{method: "GET", path: path + "membership/?status=pending&user=" + carol.ID})
		if list := array(t, b); len(list) != 1 || list[0]["comment"] != "Deux" {
			t.Errorf("14: carol's pending requests: %s", b)
		}
		crid := array(t, b)[0]["id"].(string)

		// 16: ?status= filters; bob's request is accepted, carol's pending.
		for status, want := range map[string]string{"pending": carol.ID, "accepted": bob.ID} {
			_, b, _ := e.do(t, call{method: "GET", path: path + "membership/?status=" + status})
			list := array(t, b)
			if len(list) != 1 || list[0]["status"] != status || list[0]["user"].(map[string]any)["id"] != want {
				t.Errorf("16: ?status=%s: %s", status, b)
			}
		}

		// 19: one pending request or invitation per person, as udata: carol,
		// who asked, cannot be invited meanwhile (400 on user).
		e.check(t, []call{
			{method: "POST", path: path + "member/", body: `{"user": "` + carol.ID + `", "role": "editor"}`, wantStatus: 400,
				want: []string{`"user"`}},
			{method: "POST", path: path + "membership/" + crid + "/accept/", wantStatus: 200, want: []string{`"user":{`, carol.ID}},
			{method: "POST", path: path + "membership/" + crid + "/accept/", wantStatus: 409, want: []string{`"user":{`, carol.ID, `"role":"editor"`}},
		})
		dave, _ := e.person(t, "dave@example.org", false)
		_, b, _ = e.do(t, call{method: "POST", path: path + "member/", body: `{"user": "` + dave.ID + `", "role": "editor"}`})
		inv := decode(t, b)["id"].(string)

		e.check(t, []call{
			// 7: 13 digits.
			{method: "POST", path: "/api/1/organizations/", body: `{"name": "Treize", "description": "d", "business_number_id": "2000547810001"}`,
				wantStatus: 400, want: []string{`"business_number_id"`}},
			// 12 and 16: an editor is no admin.
			{method: "GET", path: path + "membership/", key: bobKey, wantStatus: 403},
			{method: "DELETE", path: path, key: bobKey, wantStatus: 403},
			// 22: refusing an invitation is no way to cancel it.
			{method: "POST", path: path + "membership/" + inv + "/refuse/", body: `{"comment": "non"}`, wantStatus: 400,
				want: []string{"Use the cancel endpoint for invitations"}},
			// 20: unknown id.
			{method: "POST", path: path + "membership/00000000-0000-0000-0000-000000000000/refuse/", body: `{"comment": "non"}`,
				wantStatus: 404, want: []string{"Unknown membership request id"}},
		})
	})
}

// TestRequestNotifiesEachAdmin: assertion 29.
func TestRequestNotifiesEachAdmin(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		dave, daveKey := e.person(t, "dave@example.org", false)
		erin, erinKey := e.person(t, "erin@example.org", false)
		_, b, _ := e.do(t, call{method: "POST", path: "/api/1/organizations/", body: `{"name": "Vannes", "description": "d"}`})
		path := "/api/1/organizations/" + decode(t, b)["id"].(string) + "/"
		_, b, _ = e.do(t, call{method: "POST", path: path + "member/", body: `{"user": "` + dave.ID + `", "role": "admin"}`})
		e.do(t, call{method: "POST", path: "/api/1/me/org_invitations/" + decode(t, b)["id"].(string) + "/accept/", key: daveKey})
		_, b, _ = e.do(t, call{method: "POST", path: path + "membership/", key: erinKey, body: `{"comment": "SIG"}`})
		rid := decode(t, b)["id"].(string)
		requests := func(key, class string) int {
			_, b, _ := e.do(t, call{method: "GET", path: "/api/1/notifications/?page_size=100", key: key})
			n := 0
			for _, x := range decode(t, b)["data"].([]any) {
				d := x.(map[string]any)["details"].(map[string]any)
				if d["class"] != class {
					continue
				}
				if u, ok := d["request_user"].(map[string]any); ok && u["id"] != erin.ID {
					continue
				}
				n++
			}
			return n
		}
		for name, key := range map[string]string{"alice": e.key, "dave": daveKey} {
			if n := requests(key, "MembershipRequestNotificationDetails"); n != 1 {
				t.Errorf("%s has %d notifications of erin's request, want 1", name, n)
			}
		}
		e.do(t, call{method: "POST", path: path + "membership/" + rid + "/accept/"})
		if n := requests(erinKey, "MembershipAcceptedNotificationDetails"); n != 1 {
			t.Errorf("erin has %d acceptance notifications, want 1", n)
		}
	})
}

// TestBadBodiesAre400: every JSON endpoint answers malformed JSON, a
// non-object and unknown fields with 400, never 500.
func TestBadBodiesAre400(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		bob, bobKey := e.person(t, "bob@example.org", false)
		path := e.orgWithEditor(t, "Lannion", bobKey)
		_, b, _ := e.do(t, call{method: "POST", path: "/api/1/datasets/", body: `{"title": "T", "description": "d"}`})
		ds := "/api/1/datasets/" + decode(t, b)["id"].(string) + "/"
		_, b, _ = e.do(t, call{method: "POST", path: ds + "resources/", body: `{"title": "R", "url": "https://example.org/r.csv", "filetype": "remote"}`})
		res := ds + "resources/" + decode(t, b)["id"].(string) + "/"
		targets := []struct{ method, path string }{
			{"PUT", "/api/1/me/"}, {"POST", "/api/1/me/api_tokens/"}, {"POST", "/api/1/organizations/"},
			{"PUT", path}, {"POST", path + "badges/"}, {"POST", path + "membership/"}, {"POST", path + "member/"},
			{"PUT", path + "member/" + bob.ID + "/"}, {"PUT", path + "assignments/" + bob.ID + "/"},
			{"POST", "/api/1/datasets/"}, {"PUT", ds}, {"POST", ds + "resources/"}, {"PUT", res},
			{"POST", "/api/1/transfer/"},
		}
		for _, x := range targets {
			e.check(t, []call{
				{method: x.method, path: x.path, body: `{"title": `, wantStatus: 400, want: []string{`"request"`}},
				{method: x.method, path: x.path, body: `[1]`, wantStatus: 400, want: []string{`"request"`}},
				{method: x.method, path: x.path, body: `{"no_such_field": 1}`, wantStatus: 400, want: []string{`"no_such_field"`}},
			})
		}
		e.check(t, []call{
			{method: "PUT", path: ds + "resources/", body: `{"id": 1}`, wantStatus: 400, want: []string{`"request"`}},
			{method: "PUT", path: ds + "resources/", body: `[{"id": `, wantStatus: 400, want: []string{`"request"`}},
			{method: "POST", path: path + "membership/x/accept/", body: `{"role": `, wantStatus: 400, want: []string{`"request"`}},
		})
	})
}

// TestAcceptBodyOptional: accept's body is optional however the client
// sends none (chunked, without Content-Type).
func TestAcceptBodyOptional(t *testing.T) {
	e := newEnv(t, testdb.Open(t, sqldb.SQLite))
	_, bobKey := e.person(t, "bob@example.org", false)
	_, b, _ := e.do(t, call{method: "POST", path: "/api/1/organizations/", body: `{"name": "Morlaix", "description": "d"}`})
	path := "/api/1/organizations/" + decode(t, b)["id"].(string) + "/"
	_, b, _ = e.do(t, call{method: "POST", path: path + "membership/", key: bobKey, body: `{"comment": "SIG"}`})
	req, _ := http.NewRequest("POST", e.srv.URL+path+"membership/"+decode(t, b)["id"].(string)+"/accept/",
		io.NopCloser(strings.NewReader("")))
	req.Header.Set("X-API-KEY", e.key)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || !strings.Contains(string(out), `"role":"editor"`) {
		t.Fatalf("chunked empty body: %d %s", res.StatusCode, out)
	}
}

// TestMetricsCountDatasets: metrics.datasets of organizations and users
// count their public datasets, as udata's.
func TestMetricsCountDatasets(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		_, b, _ := e.do(t, call{method: "POST", path: "/api/1/organizations/", body: `{"name": "Concarneau", "description": "d"}`})
		orgID := decode(t, b)["id"].(string)
		for _, body := range []string{
			`{"title": "Public", "description": "d", "organization": "` + orgID + `"}`,
			`{"title": "Privé", "description": "d", "private": true, "organization": "` + orgID + `"}`,
			`{"title": "À moi", "description": "d"}`,
		} {
			if status, b, _ := e.do(t, call{method: "POST", path: "/api/1/datasets/", body: body}); status != 201 {
				t.Fatalf("create: %d %s", status, b)
			}
		}
		metrics := func(path string) map[string]any {
			_, b, _ := e.do(t, call{method: "GET", path: path, key: "-"})
			return decode(t, b)["metrics"].(map[string]any)
		}
		if m := metrics("/api/1/organizations/" + orgID + "/"); m["datasets"] != 1.0 || m["members"] != 1.0 {
			t.Errorf("organization metrics: %v", m)
		}
		if m := metrics("/api/1/users/" + e.alice.ID + "/"); m["datasets"] != 1.0 {
			t.Errorf("user metrics: %v", m)
		}
	})
}
