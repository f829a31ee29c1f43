package web_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// fieldInvalid reports what is wrong with the markup of field id in a page
// that should show its problem: the control is aria-invalid and described
// by its message, the message sits inside the field's group, and the form's
// summary links to the control. "" when all is right.
func fieldInvalid(body, id string) string {
	q := regexp.QuoteMeta(id)
	control := regexp.MustCompile(`<(?:input|textarea|select)[^>]*\bid="` + q + `"[^>]*>`).FindString(body)
	switch {
	case control == "":
		return "no control"
	case !strings.Contains(control, `aria-invalid="true"`):
		return "the control is not aria-invalid: " + control
	case !strings.Contains(control, `aria-describedby="`+id+`-err"`):
		return "the control is not described by its message: " + control
	}
	group := strings.Index(body, `id="`+id+`-group"`)
	msg := strings.Index(body, `id="`+id+`-err"`)
	if group < 0 || msg < group || otherGroup.MatchString(body[group+len(id)+10:msg]) {
		return "the message is not inside the field's group"
	}
	if !strings.Contains(body[group-200:group], "fr-input-group--error") && !strings.Contains(body[group-200:group], "fr-fieldset--error") {
		return "the group is not marked as in error"
	}
	summary := strings.Index(body, `id="error-summary"`)
	if summary < 0 || summary > group || !strings.Contains(body[summary:], `href="#`+id+`"`) {
		return "the summary above the form does not link to the field"
	}
	return ""
}

var otherGroup = regexp.MustCompile(`id="[^"]*-group"`)

// nestedP finds a paragraph inside a paragraph, which browsers split apart
// (and so move an error away from its field).
var nestedP = regexp.MustCompile(`<p\b[^>]*>(?:[^<]|<(?:[^/p]|/[^p]|p[a-z])[^>]*>)*<p\b`)

// TestFormErrors_markup: every form that comes back with problems shows
// all of them at once, each inside its field's group, the control
// aria-invalid and described by it, and a summary at the top linking to
// each.
func TestFormErrors_markup(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		anon := e.browser()
		r := anon.post("/signup", url.Values{"email": {"nope"}})
		if r.status != 422 {
			t.Fatalf("sign-up: %d", r.status)
		}
		for _, id := range []string{"first_name", "last_name", "email", "password", "accept_terms"} {
			if why := fieldInvalid(r.body, id); why != "" {
				t.Errorf("sign-up, field %s: %s", id, why)
			}
		}
		if !strings.Contains(r.body, "Le formulaire contient 5 erreurs") {
			t.Errorf("sign-up: the summary does not count the problems")
		}
		if m := nestedP.FindString(r.body); m != "" {
			t.Errorf("sign-up: a paragraph in a paragraph: %s", m)
		}

		alice := e.signedIn("alice@example.org")
		r = alice.post("/datasets/new", url.Values{"title": {""}, "temporal_start": {"31/01/2026"}})
		if r.status != 422 {
			t.Fatalf("dataset: %d", r.status)
		}
		for _, id := range []string{"title", "description", "temporal_start"} {
			if why := fieldInvalid(r.body, id); why != "" {
				t.Errorf("dataset form, field %s: %s", id, why)
			}
		}
		r2 := alice.post("/datasets/new", url.Values{"title": {""}, "description": {"d"}, "publish": {"now"}, "zones": {"fr:epci:999"}})
		for _, id := range []string{"title", "zones"} {
			if why := fieldInvalid(r2.body, id); r2.status != 422 || why != "" {
				t.Errorf("dataset form, title and zone both wrong, field %s: %d %s", id, r2.status, why)
			}
		}
		radio := regexp.MustCompile(`<input type="radio" id="publish-now"[^>]*>`).FindString(r.body)
		if !strings.Contains(radio, `aria-invalid="true" aria-describedby="publish-err"`) || !strings.Contains(r.body, `href="#publish-now"`) {
			t.Errorf("dataset form: the publish question is not marked as missing: %s", radio)
		}
		if strings.Contains(r.body, `name="publish" value="now" checked`) || strings.Contains(r.body, `name="publish" value="draft" checked`) {
			t.Errorf("dataset form: an answer to publish is chosen for the producer")
		}
		if m := nestedP.FindString(r.body); m != "" {
			t.Errorf("dataset form: a paragraph in a paragraph: %s", m)
		}

		alice.post("/organizations/new", url.Values{"name": {"Métropole du Grand Paris"}, "description": {"d"}})
		r = alice.post("/organizations/metropole-du-grand-paris/invite", url.Values{"email": {"nope"}, "comment": {"Bienvenue"}})
		if why := fieldInvalid(r.body, "invite-email"); r.status != 422 || why != "" {
			t.Errorf("invitation: %d %s", r.status, why)
		}
		if !strings.Contains(r.body, `value="Bienvenue"`) {
			t.Errorf("invitation: the message typed is lost")
		}
	})
}

// postFile sends a multipart form, the CSRF token first (as the pages'
// forms do), then fields, then the file (none when name is "").
func (b *browser) postFile(path string, fields url.Values, name string, content []byte) resp {
	b.e.t.Helper()
	m := csrfRE.FindStringSubmatch(b.get("/").body)
	if m == nil {
		b.e.t.Fatal("no CSRF token on the home page")
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf_token", m[1])
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", b.e.srv.URL+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	return resp{res.StatusCode, string(raw), res.Header}
}

// TestFormErrors_noDeadEnd: an upload with no file, a logo that is no
// image, a transfer to no organization: the form again, the problem on its
// field and what was typed kept, never an error page.
func TestFormErrors_noDeadEnd(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice := e.signedIn("alice@example.org")
		alice.post("/organizations/new", url.Values{"name": {"Métropole du Grand Paris"}, "description": {"d"}})
		alice.post("/datasets/new", url.Values{"title": {"Réseau de bus"}, "description": {"d"}, "publish": {"now"}})

		r := alice.postFile("/datasets/reseau-de-bus/upload", url.Values{"title": {"Horaires GTFS"}}, "", nil)
		if why := fieldInvalid(r.body, "res-file"); r.status != 422 || why != "" || !strings.Contains(r.body, `value="Horaires GTFS"`) {
			t.Errorf("upload with no file: %d %q, title kept: %v", r.status, why, strings.Contains(r.body, `value="Horaires GTFS"`))
		}
		r = alice.postFile("/datasets/reseau-de-bus/upload", url.Values{"title": {"Horaires GTFS"}}, "horaires.exe", []byte("MZ"))
		if r.status != 422 || !strings.Contains(r.body, "Ce type de fichier n") || !strings.Contains(r.body, `value="Horaires GTFS"`) {
			t.Errorf("upload of a refused file type: %d", r.status)
		}
		r = alice.postFile("/organizations/metropole-du-grand-paris/logo", nil, "logo.png", []byte("no image"))
		if why := fieldInvalid(r.body, "logo"); r.status != 422 || why != "" || !strings.Contains(r.body, "PNG, JPEG ou WebP") {
			t.Errorf("a logo that is no image: %d %q", r.status, why)
		}
		if !strings.Contains(r.body, `value="Métropole du Grand Paris"`) {
			t.Errorf("the edit form lost the organization's name")
		}
		r = alice.postFile("/organizations/metropole-du-grand-paris/logo", nil, "logo.png", bytes.Repeat([]byte("x"), 7<<20))
		if why := fieldInvalid(r.body, "logo"); r.status != 422 || why != "" {
			t.Errorf("a logo over the body limit: %d %q", r.status, why)
		}
		o, err := e.Orgs.Get(ctx, "metropole-du-grand-paris")
		if err != nil {
			t.Fatal(err)
		}
		bob := e.signedIn("bob@example.org")
		r = bob.post("/datasets/new", url.Values{"organization": {o.ID}, "title": {"Pirate"}, "description": {"d"}, "publish": {"now"}})
		if why := fieldInvalid(r.body, "organization"); r.status != 422 || why != "" || !strings.Contains(r.body, `value="Pirate"`) {
			t.Errorf("a dataset for an organization one may not publish for: %d %q", r.status, why)
		}
		r = alice.post("/organizations/metropole-du-grand-paris/delete", url.Values{"confirm": {"oups"}})
		if why := fieldInvalid(r.body, "confirm"); r.status != 422 || why != "" || !strings.Contains(r.body, `value="oups"`) {
			t.Errorf("deletion not confirmed: %d %q", r.status, why)
		}
		r = alice.post("/datasets/reseau-de-bus/transfer", url.Values{"organization": {"nulle-part"}, "comment": {"Pour vous"}})
		if why := fieldInvalid(r.body, "transfer-org"); r.status != 422 || why != "" || !strings.Contains(r.body, `value="Pour vous"`) {
			t.Errorf("transfer to no organization: %d %q", r.status, why)
		}
	})
}

// TestFormErrors_everyFormUsesThePartial: no template draws a field by
// hand any more (a <p class="field"> could hold an error <p>, which
// browsers move out of it).
func TestFormErrors_everyFormUsesThePartial(t *testing.T) {
	pages, err := filepath.Glob("templates/pages/*.html")
	if err != nil || len(pages) < 20 {
		t.Fatalf("templates: %v %d", err, len(pages))
	}
	for _, f := range append(pages, "templates/layout.html") {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{`<p class="field`, `template "errors"`} {
			if strings.Contains(string(b), bad) {
				t.Errorf("%s draws a field by hand (%s): use the \"field\" partial", f, bad)
			}
		}
	}
}
