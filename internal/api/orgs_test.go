package api_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"image"
	"image/png"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// person is a confirmed user with an API key.
func (e *env) person(t testing.TB, email string, sysadmin bool) (account.User, string) {
	t.Helper()
	u, err := e.Accounts.CreateUser(ctx, account.NewUser{Email: email, FirstName: strings.Split(email, "@")[0],
		LastName: "Test", Password: "Secret123", Confirmed: true, Sysadmin: sysadmin})
	if err != nil {
		t.Fatal(err)
	}
	_, key, err := e.Accounts.CreateAPIKey(ctx, u, "k", account.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	return u, key
}

func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("not a JSON object: %s", b)
	}
	return m
}

func TestOrganizationsAPI(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		_, bobKey := e.person(t, "bob@example.org", false)
		_, supportKey := e.person(t, "support@example.org", true)
		unconfirmed, _ := e.Accounts.CreateUser(ctx, account.NewUser{Email: "new@example.org", FirstName: "N", LastName: "U", Password: "Secret123"})
		// An unconfirmed account gets no key, so it cannot reach the API
		// (and the organization rules refuse it anyway: internal/org).
		if _, _, err := e.Accounts.CreateAPIKey(ctx, unconfirmed, "k", account.Meta{}); !errors.Is(err, account.ErrUnconfirmed) {
			t.Fatalf("an unconfirmed account got an API key: %v", err)
		}
		body := `{"name": "Métropole du Grand Paris", "acronym": "MGP", "description": "La métropole", "business_number_id": "200054781"}`
		e.check(t, []call{
			{method: "POST", path: "/api/1/organizations/", key: "-", body: body, wantStatus: 401},
			{method: "POST", path: "/api/1/organizations/", body: `{"name": "X"}`, wantStatus: 400, want: []string{`"description"`}},
			{method: "POST", path: "/api/1/organizations/", body: `{"name": "X", "description": "d", "business_number_id": "2000547811"}`,
				wantStatus: 400, want: []string{`"business_number_id"`}},
			{method: "POST", path: "/api/1/organizations/", body: `{"name": "X", "description": "d", "business_number_id": "200054782"}`,
				wantStatus: 400, want: []string{`"business_number_id"`, "contrôle"}},
		})
		status, b, _ := e.do(t, call{method: "POST", path: "/api/1/organizations/", body: body})
		o := decode(t, b)
		if status != 201 || o["slug"] != "metropole-du-grand-paris" || o["metrics"].(map[string]any)["members"] != 1.0 {
			t.Fatalf("create: %d %s", status, b)
		}
		members := o["members"].([]any)
		if len(members) != 1 || members[0].(map[string]any)["role"] != "admin" {
			t.Fatalf("creator must be the only admin: %s", b)
		}
		id := o["id"].(string)
		path := "/api/1/organizations/" + id + "/"
		e.check(t, []call{
			{method: "GET", path: "/api/1/organizations/?duplicates_of=metropole%20grand%20paris", key: "-", wantStatus: 200, want: []string{id}},
			{method: "GET", path: "/api/1/organizations/?q=metropole%20grand%20paris", key: "-", wantStatus: 200,
				want: []string{`"data"`, `"page":1`, `"page_size":20`, `"total":1`, `"next_page":null`, `"previous_page":null`, id}},
			{method: "GET", path: "/api/1/organizations/?q=grand-paris", key: "-", wantStatus: 200, want: []string{id}},
			{method: "GET", path: "/api/1/organizations/?page=0", key: "-", wantStatus: 400, want: []string{`"page"`}},
			{method: "GET", path: "/api/1/organizations/?page_size=-1", key: "-", wantStatus: 400},
			{method: "GET", path: "/api/1/organizations/?page_size=abc", key: "-", wantStatus: 400},
			{method: "GET", path: "/api/1/organizations/?page_size=101", key: "-", wantStatus: 400},
			{method: "GET", path: "/api/1/organizations/?badge=unknown", key: "-", wantStatus: 400, want: []string{`"badge"`}},
			{method: "GET", path: "/api/1/organizations/?sort=color", key: "-", wantStatus: 400, want: []string{`"sort"`}},
			{method: "GET", path: "/api/1/organizations/?badge=certified", key: "-", wantStatus: 200, want: []string{`"total":0`}},
			{method: "GET", path: "/api/1/organizations/?sort=-created", key: "-", wantStatus: 200, want: []string{id}},
			{method: "GET", path: "/api/1/organizations/suggest/?q=metrop", key: "-", wantStatus: 200, want: []string{`"name":"Métropole du Grand Paris"`}},
			{method: "GET", path: "/api/1/organizations/roles/", key: "-", wantStatus: 200, want: []string{`"partial_editor"`}},
			// A look-alike is created, as udata does, and named (spec section 0).
			{method: "POST", path: "/api/1/organizations/", body: `{"name": "Metropole du Grand-Paris", "description": "d"}`,
				wantStatus: 201, want: []string{`"duplicates"`, id}},
			{method: "GET", path: "/api/1/directory/suggest/?q=metropole%20grand%20paris", key: "-", wantStatus: 200,
				want: []string{`"siren":"200054781"`, `"name":"Métropole du Grand Paris"`}},
			{method: "GET", path: "/api/1/directory/suggest/?q=x&size=0", key: "-", wantStatus: 400},
			{method: "GET", path: "/api/1/organizations/badges/", key: "-", wantStatus: 200, want: []string{`"local-authority"`}},
			{method: "GET", path: path, key: "-", wantStatus: 200, want: []string{`"permissions"`, `"edit":false`}, notWant: []string{"alice@example.org"}},
			{method: "GET", path: "/api/1/organizations/metropole-du-grand-paris/", wantStatus: 200, want: []string{`"edit":true`, "al***@example.org"}},
			{method: "GET", path: "/api/1/organizations/nope/", key: "-", wantStatus: 404},
			{method: "PUT", path: path, key: bobKey, body: `{"description": "pirate"}`, wantStatus: 403},
			{method: "PUT", path: path, body: `{"url": "nope"}`, wantStatus: 400, want: []string{`"url"`}},
			{method: "PUT", path: path, body: `{"description": "Nouvelle", "id": "ignored", "members": []}`, wantStatus: 200, want: []string{`"description":"Nouvelle"`}},
			{method: "POST", path: path + "badges/", body: `{"kind": "certified"}`, wantStatus: 403},
			{method: "POST", path: path + "badges/", key: supportKey, body: `{"kind": "gold"}`, wantStatus: 400},
			{method: "POST", path: path + "badges/", key: supportKey, body: `{"kind": "certified"}`, wantStatus: 201},
			{method: "GET", path: "/api/1/organizations/?badge=certified", key: "-", wantStatus: 200, want: []string{`"total":1`}},
			{method: "DELETE", path: path + "badges/certified/", key: supportKey, wantStatus: 204},
			{method: "DELETE", path: path, key: bobKey, wantStatus: 403},
			{method: "DELETE", path: path, wantStatus: 204},
			{method: "GET", path: path, key: "-", wantStatus: 410, want: []string{"Organization has been deleted"}},
			{method: "PUT", path: path, body: `{"description": "x"}`, wantStatus: 410},
		})
	})
}

func TestMembershipAPI(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		bob, bobKey := e.person(t, "bob@example.org", false)
		carol, carolKey := e.person(t, "carol@example.org", false)
		_, b, _ := e.do(t, call{method: "POST", path: "/api/1/organizations/", body: `{"name": "Rennes Métropole", "description": "d"}`})
		path := "/api/1/organizations/" + decode(t, b)["id"].(string) + "/"
		e.check(t, []call{{method: "POST", path: path + "membership/", key: bobKey, body: `{}`, wantStatus: 400, want: []string{`"comment"`}}})
		status, b, _ := e.do(t, call{method: "POST", path: path + "membership/", key: bobKey, body: `{"comment": "Je fais le SIG"}`})
		req := decode(t, b)
		if status != 201 || req["status"] != "pending" || req["kind"] != "request" || req["user"].(map[string]any)["id"] != bob.ID {
			t.Fatalf("ask: %d %s", status, b)
		}
		rid := req["id"].(string)
		status, b, _ = e.do(t, call{method: "POST", path: path + "membership/", key: bobKey, body: `{"comment": "Relance"}`})
		if again := decode(t, b); status != 200 || again["id"] != rid || again["comment"] != "Relance" {
			t.Fatalf("ask again: %d %s", status, b)
		}
		e.do(t, call{method: "POST", path: path + "membership/", key: carolKey, body: `{"comment": "Exploitant"}`})
		_, b, _ = e.do(t, call{method: "GET", path: path + "membership/?status=pending"})
		var pending []map[string]any
		json.Unmarshal(b, &pending)
		var crid string
		for _, p := range pending {
			if p["user"].(map[string]any)["id"] == carol.ID {
				crid = p["id"].(string)
			}
		}
		e.check(t, []call{
			{method: "POST", path: path + "membership/", body: `{"comment": "moi"}`, wantStatus: 409},
			{method: "GET", path: path + "membership/", key: bobKey, wantStatus: 403},
			{method: "GET", path: path + "membership/?user=" + bob.ID, key: bobKey, wantStatus: 200, want: []string{rid}},
			{method: "GET", path: path + "membership/?user=" + carol.ID, key: bobKey, wantStatus: 403},
			{method: "GET", path: path + "membership/", wantStatus: 200, want: []string{rid, "bo*@example.org"}},
			{method: "POST", path: path + "membership/" + rid + "/accept/", key: carolKey, wantStatus: 403},
			{method: "POST", path: path + "membership/unknown/accept/", wantStatus: 404, want: []string{"Unknown membership request id"}},
			{method: "POST", path: path + "membership/" + rid + "/accept/", body: `{"role": "owner"}`, wantStatus: 400, want: []string{`"role"`}},
			{method: "POST", path: path + "membership/" + rid + "/accept/", wantStatus: 200, want: []string{`"role":"editor"`, `"since"`, bob.ID}},
			{method: "POST", path: path + "membership/" + rid + "/accept/", wantStatus: 409},
			{method: "GET", path: path, key: "-", wantStatus: 200, want: []string{bob.ID, `"members":2`}},
			{method: "GET", path: "/api/1/me/", key: bobKey, wantStatus: 200, want: []string{`"name":"Rennes Métropole"`}},
			{method: "POST", path: path + "membership/" + crid + "/refuse/", body: `{}`, wantStatus: 400, want: []string{`"comment"`}},
			{method: "POST", path: path + "membership/" + crid + "/refuse/", body: `{"comment": "Pas de la métropole"}`, wantStatus: 200},
			// an answered request is a 400 to udata clients, not a 404 or 409
			{method: "POST", path: path + "membership/" + crid + "/refuse/", body: `{"comment": "Encore"}`, wantStatus: 400},
			{method: "POST", path: path + "membership/" + crid + "/accept/", wantStatus: 400},
			{method: "GET", path: path + "membership/?user=" + carol.ID, key: carolKey, wantStatus: 200,
				want: []string{`"status":"refused"`, `"refusal_comment":"Pas de la métropole"`}},
			{method: "POST", path: path + "membership/" + rid + "/cancel/", wantStatus: 400, want: []string{"Only invitations can be canceled"}},
			{method: "PUT", path: path + "member/" + carol.ID + "/", body: `{"role": "admin"}`, wantStatus: 404},
			{method: "PUT", path: path + "member/" + bob.ID + "/", body: `{"role": "boss"}`, wantStatus: 400},
			{method: "PUT", path: path + "member/" + bob.ID + "/", key: bobKey, body: `{"role": "admin"}`, wantStatus: 403},
			{method: "PUT", path: path + "member/" + e.alice.ID + "/", body: `{"role": "editor"}`, wantStatus: 409, want: []string{"autre membre administrateur"}},
			{method: "DELETE", path: path + "member/" + e.alice.ID + "/", wantStatus: 409},
			{method: "PUT", path: path + "member/" + bob.ID + "/", body: `{"role": "admin"}`, wantStatus: 200, want: []string{`"role":"admin"`}},
			{method: "DELETE", path: path + "member/" + e.alice.ID + "/", wantStatus: 204},
			{method: "DELETE", path: path + "member/" + e.alice.ID + "/", key: bobKey, wantStatus: 404},
			{method: "GET", path: "/api/1/notifications/", key: carolKey, wantStatus: 200,
				want: []string{"MembershipRefusedNotificationDetails", `"total":1`}},
			{method: "GET", path: "/api/1/notifications/?handled=false", key: bobKey, wantStatus: 200,
				want: []string{"MembershipAcceptedNotificationDetails"}},
		})
		// The requester withdraws a new request.
		_, b, _ = e.do(t, call{method: "POST", path: path + "membership/", key: carolKey, body: `{"comment": "Encore"}`})
		nrid := decode(t, b)["id"].(string)
		e.check(t, []call{
			{method: "DELETE", path: path + "membership/" + nrid + "/", key: bobKey, wantStatus: 403},
			{method: "DELETE", path: path + "membership/" + nrid + "/", key: carolKey, wantStatus: 204},
			{method: "DELETE", path: path + "membership/" + nrid + "/", key: carolKey, wantStatus: 400}, // udata: 400
		})
		_, b, _ = e.do(t, call{method: "GET", path: "/api/1/notifications/", key: carolKey})
		nid := decode(t, b)["data"].([]any)[0].(map[string]any)["id"].(string)
		e.check(t, []call{
			{method: "POST", path: "/api/1/notifications/" + nid + "/read/", key: bobKey, wantStatus: 404},
			{method: "POST", path: "/api/1/notifications/" + nid + "/read/", key: carolKey, wantStatus: 200, notWant: []string{`"handled_at":null`}},
			{method: "GET", path: "/api/1/notifications/?handled=false", key: carolKey, wantStatus: 200, want: []string{`"total":0`}},
		})
	})
}

func TestInvitationsAPI(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		bob, bobKey := e.person(t, "bob@example.org", false)
		_, carolKey := e.person(t, "carol@example.org", false)
		_, b, _ := e.do(t, call{method: "POST", path: "/api/1/organizations/", body: `{"name": "Strasbourg Eurométropole", "description": "d"}`})
		path := "/api/1/organizations/" + decode(t, b)["id"].(string) + "/"
		e.check(t, []call{
			{method: "POST", path: path + "member/", body: `{}`, wantStatus: 400, want: []string{`"user"`}},
			{method: "POST", path: path + "member/", body: `{"user": "000000000000000000000000"}`, wantStatus: 400, want: []string{`"user"`}},
			{method: "POST", path: path + "member/", body: `{"email": "nope"}`, wantStatus: 400, want: []string{`"email"`}},
			{method: "POST", path: path + "member/", key: bobKey, body: `{"email": "x@example.org"}`, wantStatus: 403},
			{method: "POST", path: path + "member/", body: `{"email": "new@example.org", "role": "editor"}`, wantStatus: 201,
				want: []string{`"kind":"invitation"`, `"user":null`, `"email":"new@example.org"`, `"status":"pending"`}},
		})
		_, b, _ = e.do(t, call{method: "POST", path: path + "member/", body: `{"user": "` + bob.ID + `", "role": "admin", "comment": "Bienvenue"}`})
		inv := decode(t, b)["id"].(string)
		_, b, _ = e.do(t, call{method: "POST", path: path + "member/", body: `{"email": "carol@example.org"}`})
		carolInv := decode(t, b)["id"].(string)
		e.check(t, []call{
			{method: "GET", path: "/api/1/me/org_invitations/", key: bobKey, wantStatus: 200, want: []string{inv, `"role":"admin"`, "Strasbourg"}},
			{method: "POST", path: "/api/1/me/org_invitations/" + inv + "/accept/", key: carolKey, wantStatus: 404},
			{method: "POST", path: "/api/1/me/org_invitations/" + inv + "/accept/", key: bobKey, wantStatus: 200, want: []string{`"role":"admin"`}},
			{method: "POST", path: "/api/1/me/org_invitations/" + inv + "/accept/", key: bobKey, wantStatus: 400},
			{method: "GET", path: path, key: "-", wantStatus: 200, want: []string{bob.ID}},
			{method: "POST", path: path + "member/", body: `{"user": "` + bob.ID + `"}`, wantStatus: 400, want: []string{`"user"`}},
			{method: "POST", path: path + "membership/" + inv + "/cancel/", wantStatus: 400, want: []string{"Only pending invitations can be canceled"}},
			{method: "POST", path: path + "membership/" + inv + "/accept/", wantStatus: 400, want: []string{"Use the cancel endpoint for invitations"}},
			{method: "GET", path: "/api/1/me/org_invitations/", key: carolKey, wantStatus: 200, want: []string{carolInv}},
			{method: "POST", path: "/api/1/me/org_invitations/" + carolInv + "/refuse/", key: carolKey, wantStatus: 200},
			{method: "GET", path: "/api/1/me/org_invitations/", key: carolKey, wantStatus: 200, notWant: []string{carolInv}},
		})
		// An invitation to an address without account is matched once it signs up and confirms.
		_, b, _ = e.do(t, call{method: "POST", path: path + "member/", body: `{"email": "dora@example.org", "role": "partial_editor"}`})
		doraInv := decode(t, b)["id"].(string)
		e.check(t, []call{{method: "POST", path: path + "membership/" + doraInv + "/cancel/", wantStatus: 200}})
		_, b, _ = e.do(t, call{method: "POST", path: path + "member/", body: `{"email": "dora@example.org", "role": "partial_editor"}`})
		doraInv = decode(t, b)["id"].(string)
		_, doraKey := e.person(t, "dora@example.org", false)
		e.check(t, []call{
			{method: "GET", path: "/api/1/me/org_invitations/", key: doraKey, wantStatus: 200, want: []string{doraInv}},
			{method: "POST", path: "/api/1/me/org_invitations/" + doraInv + "/accept/", key: doraKey, wantStatus: 200, want: []string{`"role":"partial_editor"`}},
		})
	})
}

func TestLogoAPI(t *testing.T) {
	e := newEnv(t, testdb.Open(t, sqldb.SQLite))
	_, b, _ := e.do(t, call{method: "POST", path: "/api/1/organizations/", body: `{"name": "Logo", "description": "d"}`})
	path := "/api/1/organizations/" + decode(t, b)["id"].(string) + "/logo/"
	upload := func(key string, data []byte) (int, map[string]any) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		fw, _ := mw.CreateFormFile("file", "logo.png")
		fw.Write(data)
		mw.Close()
		req, _ := http.NewRequest("POST", e.srv.URL+path, &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.Header.Set("X-API-KEY", key)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		json.NewDecoder(res.Body).Decode(&out)
		return res.StatusCode, out
	}
	img := image.NewRGBA(image.Rect(0, 0, 800, 400))
	var png800 bytes.Buffer
	png.Encode(&png800, img)
	_, bobKey := e.person(t, "bob@example.org", false)
	if status, _ := upload(bobKey, png800.Bytes()); status != 403 {
		t.Fatalf("a non-admin uploads: %d", status)
	}
	if status, out := upload(e.key, []byte("GIF89a not an image")); status != 400 || out["errors"] == nil {
		t.Fatalf("not an image: %d %v", status, out)
	}
	status, out := upload(e.key, png800.Bytes())
	if status != 200 || !strings.Contains(out["image"].(string), "-500.png") {
		t.Fatalf("upload: %d %v", status, out)
	}
	e.check(t, []call{{method: "GET", path: strings.TrimSuffix(path, "logo/"), key: "-", wantStatus: 200,
		want: []string{`"logo":"http://socle.test/files/logos/`, `-100.png"`}}})
}
