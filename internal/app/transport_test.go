package app_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/app"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/follow"
	"github.com/socle-portal/socle/internal/oauth"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/testdb"
)

// transport replays, against socle, the calls transport.data.gouv.fr's
// producer space makes to data.gouv.fr (etalab/transport-site,
// apps/transport/lib/datagouvfr/), with its headers, and reads the answers
// as its Elixir code does.
type transport struct {
	t     *testing.T
	p     *portal
	token string // the producer's access token; "" for its anonymous API calls
}

// call sends one request as transport's HTTP clients do; body is JSON
// unless ctype says otherwise. It returns the status and the decoded answer.
func (tr *transport) call(method, path string, headers map[string]string, body io.Reader, ctype string) (int, any) {
	tr.t.Helper()
	// Client.process_url: joined under /api/1/, a slash added to the path.
	u, _ := url.Parse(tr.p.base + "/api/1/" + strings.TrimPrefix(path, "/"))
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	req, _ := http.NewRequest(method, u.String(), body)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if tr.token != "" {
		req.Header.Set("Authorization", "Bearer "+tr.token)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		tr.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out any
	if len(raw) > 0 && json.Unmarshal(raw, &out) != nil {
		tr.t.Fatalf("%s %s: %d, not JSON: %.300s", method, path, res.StatusCode, raw)
	}
	return res.StatusCode, out
}

// ok is call that wants status and an object.
func (tr *transport) ok(status int, method, path string, headers map[string]string, body io.Reader, ctype string) map[string]any {
	tr.t.Helper()
	st, out := tr.call(method, path, headers, body, ctype)
	m, _ := out.(map[string]any)
	if st != status || (status != http.StatusNoContent && m == nil) {
		tr.t.Fatalf("%s %s: %d %v, want %d", method, path, st, out, status)
	}
	return m
}

// jsonBody is transport's JSON payload (Jason.encode).
func jsonBody(v any) io.Reader {
	b, _ := json.Marshal(v)
	return bytes.NewReader(b)
}

// has fails unless m has every key (a null value counts: Elixir's
// pattern matches need the key, Map.get copes with null).
func has(t *testing.T, what string, m map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("%s lacks %q, which transport reads: %v", what, k, m)
		}
	}
}

func obj(v any) map[string]any { m, _ := v.(map[string]any); return m }
func list(v any) []any         { l, _ := v.([]any); return l }
func str(v any) string         { s, _ := v.(string); return s }

func first(v any) map[string]any {
	if l := list(v); len(l) > 0 {
		return obj(l[0])
	}
	return nil
}

// gtfsZip is a small zip, as the producer uploads.
func gtfsZip(t *testing.T) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	w, _ := z.Create("agency.txt")
	w.Write([]byte("agency_id,agency_name,agency_url,agency_timezone\n1,Régie,https://example.org,Europe/Paris\n"))
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// multipartFile is hackney's multipart body: one "file" part.
func multipartFile(t *testing.T, name string, data []byte) (io.Reader, string) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	w, err := mw.CreateFormFile("file", name)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(data)
	mw.Close()
	return &b, mw.FormDataContentType()
}

// TestTransportDataGouvFr replays the producer space in its order: sign in
// (authorization code, scope default, no PKCE, the credentials in the body
// and in Basic; a 30-day token), /me/ with its X-Fields, the organization
// with its members, the user's public profile, the dataset and what
// transport reads beside it (followers, discussions, community resources),
// an upload and its metadata update, a file replaced, a remote resource
// added and updated, a resource deleted, each followed by transport's
// re-import of the dataset; on both backends.
func TestTransportDataGouvFr(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(string(b), func(t *testing.T) { replayTransport(t, testConfig(t, b)) })
	}
}

func replayTransport(t *testing.T, cfg app.Config) {
	p := newPortal(t, cfg, oauth.NewClient{Name: "transport.data.gouv.fr", Scopes: []string{"default"}, TokenTTL: 30 * 24 * time.Hour}, false)
	ctx := context.Background()
	o, err := p.app.Orgs.Create(ctx, p.user, org.Input{Name: "Régie des transports", Description: "Réseau urbain"}, true)
	if err != nil {
		t.Fatal(err)
	}
	d, err := p.app.Catalog.Create(ctx, p.user, catalog.Input{Title: "Horaires théoriques", Description: "GTFS du réseau",
		License: "lov2", Frequency: "weekly", Tags: []string{"transport"}, OrgID: o.ID})
	if err != nil {
		t.Fatal(err)
	}

	// SessionController.new: the browser goes to authorize_url (scope
	// default, no state, no PKCE); the user signs in and agrees.
	br := newHTTPBrowser(t)
	br.login(p.base, "olga@example.org")
	code := p.code(t, br)

	// Authentication.get_token!: OAuth2.Strategy.AuthCode with
	// client_secret put in the body too, and Basic auth.
	st, tok := exchange(t, p, url.Values{"client_secret": {p.secret}, "grant_type": {"authorization_code"}, "code": {code},
		"client_id": {p.client.ID}, "redirect_uri": {redirectURI}}, p.client.ID, p.secret)
	if st != http.StatusOK || str(tok["access_token"]) == "" || tok["token_type"] != "Bearer" {
		t.Fatalf("token: %d %v", st, tok)
	}
	if ttl, _ := tok["expires_in"].(float64); ttl < 30*24*3600-60 {
		t.Errorf("expires_in %v: the client's 30 days were not applied (transport never refreshes)", tok["expires_in"])
	}
	tr := &transport{t: t, p: p, token: str(tok["access_token"])}

	// User.me: its X-Fields, without braces, with a field udata had (apikey).
	me := tr.ok(200, "GET", "me", map[string]string{"x-fields": "avatar,avatar_thumbnail,first_name,id,last_name,organizations,page,id,uri,apikey,email"}, nil, "")
	has(t, "/me/", me, "id", "email", "first_name", "last_name", "avatar_thumbnail", "organizations")
	if me["email"] != "olga@example.org" || me["id"] != p.user.ID {
		t.Errorf("/me/: %v", me)
	}
	mo := first(me["organizations"])
	has(t, "/me/ organization", mo, "id", "slug", "name", "acronym", "logo", "logo_thumbnail", "badges")
	if mo["id"] != o.ID {
		t.Errorf("/me/ organizations: %v", me["organizations"])
	}

	// Organization.get(id, restrict_fields: true), anonymous.
	anon := &transport{t: t, p: p}
	og := anon.ok(200, "GET", "organizations/"+o.ID, map[string]string{"x-fields": "{logo_thumbnail,members{user{id}}}"}, nil, "")
	if m := first(og["members"]); str(obj(m["user"])["id"]) != p.user.ID {
		t.Errorf("organization members as transport reads them: %v", og)
	}

	// UpdateContactsJob: a user's organizations, anonymously.
	pub := anon.ok(200, "GET", "users/"+p.user.ID, nil, nil, "")
	if po := first(pub["organizations"]); po["id"] != o.ID {
		t.Errorf("users/{id}/ organizations: %v", pub["organizations"])
	} else {
		has(t, "users/{id}/ organization", po, "id", "slug", "name", "badges")
	}

	importDataset(t, anon, d.ID)
	// Datasets.get_followers, CommentsChecker (Discussions.get), ImportData
	// (CommunityResources.get): lists beside the dataset.
	if _, _, err := p.app.Follows.Follow(ctx, p.user, follow.Target{Kind: follow.Dataset, ID: d.ID}); err != nil {
		t.Fatal(err)
	}
	// ImportDatasetFollowersJob: follower ids only, 500 a page.
	fl := anon.ok(200, "GET", "datasets/"+d.ID+"/followers/?page_size=500", map[string]string{"x-fields": "data{follower{id}}, next_page"}, nil, "")
	if f := first(fl["data"]); len(fl) != 2 || fl["next_page"] != nil || len(f) != 1 || str(obj(f["follower"])["id"]) != p.user.ID {
		t.Errorf("followers as transport reads them: %v", fl)
	}
	for _, path := range []string{"discussions/?for=" + d.ID, "datasets/community_resources/?dataset=" + d.ID} {
		page := anon.ok(200, "GET", path, nil, nil, "")
		if l, ok := page["data"].([]any); !ok || len(l) != 0 || page["next_page"] != nil {
			t.Errorf("%s: %v", path, page)
		}
	}

	// Resources.update with a file: upload, then PUT the metadata merged
	// with what the anonymous GET of the resource gives.
	body, ctype := multipartFile(t, "Hello_world_1.zip", gtfsZip(t))
	up := tr.ok(201, "POST", "datasets/"+d.ID+"/upload", nil, body, ctype)
	rid := str(up["id"])
	putMetadata(t, tr, anon, d.ID, rid, "file", map[string]any{"title": "GTFS 2026", "format": "GTFS"})
	checkResource(t, importDataset(t, anon, d.ID), rid, "GTFS 2026", "file")

	// A new file for the same resource.
	body, ctype = multipartFile(t, "Hello_world_2.zip", gtfsZip(t))
	st, out := tr.call("POST", "datasets/"+d.ID+"/resources/"+rid+"/upload", nil, body, ctype)
	if (st != 200 && st != 201) || str(obj(out)["id"]) != rid { // post_process takes 200, 201, 202 and 204
		t.Fatalf("replaced file: %d %v, want the resource %s", st, out, rid)
	}
	putMetadata(t, tr, anon, d.ID, rid, "file", map[string]any{"title": "GTFS 2026 v2", "format": "GTFS"})
	checkResource(t, importDataset(t, anon, d.ID), rid, "GTFS 2026 v2", "file")

	// Resources.update with a URL: a remote resource, then its update.
	rem := tr.ok(201, "POST", "/datasets/"+d.ID+"/resources/", nil, jsonBody(map[string]any{"url": "https://example.org/netex.zip",
		"format": "NeTEx", "title": "NeTEx", "filetype": "remote", "mime": "application/zip"}), "application/json")
	remID := str(rem["id"])
	putMetadata(t, tr, anon, d.ID, remID, "remote", map[string]any{"url": "https://example.org/netex-2.zip", "format": "NeTEx"})
	ds := importDataset(t, anon, d.ID)
	checkResource(t, ds, remID, "NeTEx", "remote")

	// EspaceProducteurController.delete_resource: DELETE with a JSON
	// content type and no body.
	tr.ok(204, "DELETE", "datasets/"+d.ID+"/resources/"+remID, nil, nil, "application/json")
	if ds = importDataset(t, anon, d.ID); len(list(ds["resources"])) != 1 {
		t.Errorf("after the delete: %d resources, want 1", len(list(ds["resources"])))
	}
}

// putMetadata is Resources.update #2: GET the resource anonymously, keep
// url, format, title and filetype, merge the form's values, set filetype
// and mime as transport does, and PUT it with the token.
func putMetadata(t *testing.T, tr, anon *transport, datasetID, rid, filetype string, form map[string]any) {
	t.Helper()
	path := "datasets/" + datasetID + "/resources/" + rid
	got := anon.ok(200, "GET", path, nil, nil, "")
	payload := map[string]any{}
	for _, k := range []string{"url", "format", "title", "filetype"} {
		if v, ok := got[k]; ok {
			payload[k] = v
		}
	}
	for k, v := range form {
		payload[k] = v
	}
	payload["filetype"] = filetype
	if f := payload["format"]; f == "GTFS" || f == "NeTEx" {
		payload["mime"] = "application/zip"
	}
	tr.ok(200, "PUT", path, nil, jsonBody(payload), "application/json")
}

// importDataset is ImportData.import_from_data_gouv: the anonymous GET of
// the dataset and the fields prepare_dataset_from_data_gouv_response and
// get_resources read.
func importDataset(t *testing.T, anon *transport, id string) map[string]any {
	t.Helper()
	ds := anon.ok(200, "GET", "datasets/"+id+"/", nil, nil, "")
	has(t, "dataset", ds, "id", "slug", "title", "description", "frequency", "tags", "organization", "created_at",
		"last_update", "resources", "metrics", "license")
	has(t, "dataset organization", obj(ds["organization"]), "id", "name", "logo", "logo_thumbnail")
	if _, ok := obj(ds["metrics"])["reuses"]; !ok {
		t.Errorf("dataset metrics lack reuses: %v", ds["metrics"])
	}
	for _, r := range list(ds["resources"]) {
		has(t, "resource", obj(r), "id", "url", "latest", "format", "title", "filetype", "type", "last_modified",
			"description", "filesize")
	}
	return ds
}

// checkResource finds rid in the dataset with its title and filetype.
func checkResource(t *testing.T, ds map[string]any, rid, title, filetype string) {
	t.Helper()
	for _, r := range list(ds["resources"]) {
		if m := obj(r); m["id"] == rid {
			if m["title"] != title || m["filetype"] != filetype || !strings.HasPrefix(str(m["url"]), "http") {
				t.Errorf("resource %s: %v, want title %q filetype %q", rid, m, title, filetype)
			}
			return
		}
	}
	t.Errorf("resource %s not in the dataset: %v", rid, ds["resources"])
}
