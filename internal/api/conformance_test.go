package api_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/api"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
	"github.com/socle-portal/socle/internal/testenv"
)

// The udata conformance suite: udata's own API tests (udata/tests/api/,
// udata 17), translated to HTTP against socle's handler, same requests and
// same assertions. udata's tests log in through the session; here every
// signed-in call carries the user's API key, which udata treats alike.
//
// A test socle does not pass is a deviation: skipped with its reason, and
// listed in docs/api.md (TestUdataDeviationsDocumented checks the list).

// udataCase is one udata test: its class, its name, and its body; a
// deviation has a reason instead of a body.
type udataCase struct {
	class, name string
	run         func(t *testing.T, u *ud)
	deviation   string
	outside     string // out of scope: a part socle does not implement
	fresh       bool   // counts every user or organization: gets a database of its own
}

// udataCases are the ported tests, file by file.
func udataCases() []udataCase {
	var all []udataCase
	for _, f := range []func() []udataCase{udataMeTests, udataAuthTests, udataBaseTests, udataNotificationTests,
		udataUserTests, udataOrgTests, udataMembershipTests, udataPartialEditorTests, udataTransferTests,
		udataDatasetTests, udataFilterTests, udataResourceTests, udataUploadTests, udataFollowTests} {
		all = append(all, f()...)
	}
	return all
}

func TestUdata(t *testing.T) {
	for _, b := range testdb.Backends() {
		t.Run(string(b), func(t *testing.T) { udataOn(t, b) })
	}
}

func udataOn(t *testing.T, b sqldb.Backend) {
	base := newUd(t, testdb.Open(t, b))
	for _, c := range udataCases() {
		t.Run(c.class+"/"+c.name, func(t *testing.T) {
			if c.outside != "" {
				t.Skip("out of scope: " + c.outside)
			}
			if c.deviation != "" {
				t.Skip("deviation: " + c.deviation)
			}
			if c.fresh {
				c.run(t, newUd(t, testdb.Open(t, b)))
				return
			}
			c.run(t, &ud{Env: base.Env, srv: base.srv, root: base.root})
		})
	}
}

// TestUdataDeviationsDocumented: each deviation of the suite is in docs/api.md.
func TestUdataDeviationsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range udataCases() {
		if c.deviation != "" && !bytes.Contains(doc, []byte("`"+c.name+"`")) {
			t.Errorf("docs/api.md does not list the deviation %s/%s (%s)", c.class, c.name, c.deviation)
		}
	}
}

func port(class, name string, run func(t *testing.T, u *ud)) udataCase {
	return udataCase{class: class, name: name, run: run}
}

func deviate(class, name, reason string) udataCase {
	return udataCase{class: class, name: name, deviation: reason}
}

// fresh gives c a database of its own.
func fresh(c udataCase) udataCase { c.fresh = true; return c }

// outside is a test of a part socle does not implement (reuses,
// discussions, harvesting...): not ported.
func outside(class, name, what string) udataCase {
	return udataCase{class: class, name: name, outside: what}
}

// ud is one udata test's world: a socle with its own database (the tests
// count what they made), and udata's factories.
type ud struct {
	*testenv.Env
	srv  *httptest.Server
	root account.User // a sysadmin the factories act as
	as   *person      // the signed-in user (udata's self.login()); nil: anonymous
}

// person is a user with an API key.
type person struct {
	account.User
	key string
}

// newUd wires the backend's socle, shared by the suite (a database per
// test would cost a second each): each test makes its own users,
// organizations and datasets, and counts only within them.
func newUd(t *testing.T, db *sqldb.DB) *ud {
	t.Helper()
	x := testenv.New(t, db, testenv.MaxUpload(1<<20))
	u := &ud{Env: x, srv: httptest.NewServer(api.New(api.Deps{Accounts: x.Accounts, Orgs: x.Orgs,
		Catalog: x.Catalog, Directory: x.Directory, OAuth: x.OAuth, Follows: x.Follows, CORSOrigins: []string{"http://localhost"}},
		testBase, slog.New(slog.DiscardHandler)).Handler())}
	t.Cleanup(u.srv.Close)
	u.root = x.Sysadmin(t)
	return u
}

// user is udata's UserFactory(): a confirmed user with an API key.
func (u *ud) user(t *testing.T) *person {
	t.Helper()
	return u.withKey(t, u.User(t, "user"))
}

// sysadmin is UserFactory(roles=["admin"]) / AdminFactory().
func (u *ud) sysadmin(t *testing.T) *person {
	t.Helper()
	return u.withKey(t, u.Sysadmin(t))
}

func (u *ud) withKey(t *testing.T, usr account.User) *person {
	t.Helper()
	_, key, err := u.Accounts.CreateAPIKey(ctx, usr, "udata", account.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	return &person{User: usr, key: key}
}

// deactivate is UserFactory(active=False): socle has no API for it.
func (u *ud) deactivate(t *testing.T, id string) {
	t.Helper()
	err := account.NewStore(u.DB).InTx(ctx, func(tx account.Tx) error {
		usr, err := tx.UserByID(ctx, id)
		if err != nil {
			return err
		}
		usr.Active = false
		return tx.UpdateUser(ctx, usr)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// promote is AdminFactory() for an existing user.
func (u *ud) promote(t *testing.T, id string) {
	t.Helper()
	err := account.NewStore(u.DB).InTx(ctx, func(tx account.Tx) error {
		usr, err := tx.UserByID(ctx, id)
		if err != nil {
			return err
		}
		usr.Sysadmin = true
		return tx.UpdateUser(ctx, usr)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// login is self.login(): a new user, signed in for the calls that follow.
func (u *ud) login(t *testing.T) *person {
	t.Helper()
	u.as = u.user(t)
	return u.as
}

// loginAs is self.login(user).
func (u *ud) loginAs(p *person) *person { u.as = p; return p }

// logout is self.logout().
func (u *ud) logout() { u.as = nil }

// mem is a Member(user=..., role=...) of OrganizationFactory.
type mem struct {
	p    *person
	role org.Role
}

// org is OrganizationFactory(members=[...]): its members are written as
// the factory writes them, without requests nor notifications. A founder
// makes it and stays its admin only when no member is one.
func (u *ud) org(t *testing.T, ms ...mem) org.Organization {
	t.Helper()
	return u.orgOf(t, org.Input{}, ms...)
}

// orgOf is OrganizationFactory(name=..., acronym=..., members=[...]).
func (u *ud) orgOf(t *testing.T, in org.Input, ms ...mem) org.Organization {
	t.Helper()
	founder := u.User(t, "founder")
	if in.Name == "" {
		in.Name = "Organisation " + founder.ID[len(founder.ID)-8:]
	}
	if in.Description == "" {
		in.Description = "Les données de " + in.Name
	}
	o, err := u.Orgs.Create(ctx, founder, in, true)
	if err != nil {
		t.Fatal(err)
	}
	err = org.NewStore(u.DB).InTx(ctx, func(tx org.Tx) error {
		admin := false
		for _, m := range ms {
			if err := tx.AddMember(ctx, o.ID, m.p.ID, m.role, u.Now()); err != nil {
				return err
			}
			admin = admin || m.role == org.RoleAdmin
		}
		if admin {
			return tx.RemoveMember(ctx, o.ID, founder.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if o, err = u.Orgs.Get(ctx, o.ID); err != nil {
		t.Fatal(err)
	}
	return o
}

// dataset is DatasetFactory(owner=...) or DatasetFactory(organization=...):
// owned by owner when orgID is empty.
func (u *ud) dataset(t *testing.T, owner *person, orgID string, tune ...func(*catalog.Input)) catalog.Dataset {
	t.Helper()
	in := catalog.Input{Title: "Jeu " + account.NewID()[16:], Description: "Des données", OrgID: orgID}
	for _, f := range tune {
		f(&in)
	}
	actor := u.root
	if orgID == "" {
		actor = owner.User
	}
	d, err := u.Catalog.Create(ctx, actor, in)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// remote is ResourceFactory() on d: a remote file.
func (u *ud) remote(t *testing.T, d catalog.Dataset) catalog.Resource {
	t.Helper()
	r, err := u.Catalog.AddRemote(ctx, u.root, d.ID, catalog.ResourceInput{Title: "Fichier " + account8(),
		URL: "https://example.org/" + account8() + ".csv", Format: "csv"})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// account8 is eight random letters no search of the suite looks for.
func account8() string {
	b := []byte(account.NewID()[:8])
	for i, c := range b {
		b[i] = 'g' + c%16 // g to v: never "tes", never hex
	}
	return string(b)
}

// pngImage is create_test_image(): a small PNG.
func pngImage() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 100, 100))
	for i := range img.Pix {
		img.Pix[i] = byte(i)
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// res is an answer: its status and its decoded JSON.
type res struct {
	status int
	header http.Header
	raw    []byte
	json   any
}

// call sends a request as the signed-in user (or anonymously), with body
// JSON-encoded unless it is a string; headers go as given.
func (u *ud) call(t *testing.T, method, path string, body any, headers ...string) *res {
	t.Helper()
	return u.callAs(t, u.as, method, path, body, headers...)
}

func (u *ud) callAs(t *testing.T, p *person, method, path string, body any, headers ...string) *res {
	t.Helper()
	var r io.Reader
	ct := ""
	switch b := body.(type) {
	case nil:
		if method != "GET" {
			r, ct = strings.NewReader("{}"), "application/json" // udata's client sends {} by default
		}
	case string:
		r, ct = strings.NewReader(b), "application/json"
	case *multipart.Writer:
		panic("use upload")
	default:
		j, _ := json.Marshal(b)
		r, ct = bytes.NewReader(j), "application/json"
	}
	req, _ := http.NewRequest(method, u.srv.URL+path, r)
	if ct != "" {
		req.Header.Set("Content-Type", ct)
	}
	if p != nil {
		req.Header.Set("X-API-KEY", p.key)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return u.send(t, req)
}

func (u *ud) send(t *testing.T, req *http.Request) *res {
	t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out := &res{status: resp.StatusCode, header: resp.Header}
	out.raw, _ = io.ReadAll(resp.Body)
	if len(out.raw) > 0 {
		json.Unmarshal(out.raw, &out.json)
	}
	return out
}

// upload posts a multipart form: fields then one file.
func (u *ud) upload(t *testing.T, path, field, filename string, content []byte, fields ...string) *res {
	t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	for i := 0; i+1 < len(fields); i += 2 {
		mw.WriteField(fields[i], fields[i+1])
	}
	if filename != "" {
		fw, _ := mw.CreateFormFile(field, filename)
		fw.Write(content)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", u.srv.URL+path, &b)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if u.as != nil {
		req.Header.Set("X-API-KEY", u.as.key)
	}
	return u.send(t, req)
}

// assert is self.assertStatus.
func (r *res) assert(t *testing.T, status int) *res {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %.800s", r.status, status, r.raw)
	}
	return r
}

// get walks the JSON: string keys into objects, ints into lists.
func (r *res) get(path ...any) any { return dig(r.json, path...) }

func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

// has reports whether the object at path has key.
func (r *res) has(key string, path ...any) bool {
	m, ok := dig(r.json, path...).(map[string]any)
	if !ok {
		return false
	}
	_, ok = m[key]
	return ok
}

// list is the list at path (or the answer itself).
func (r *res) list(path ...any) []any {
	l, _ := dig(r.json, path...).([]any)
	return l
}

// eq is assertEqual on a JSON value: numbers compare as float64.
func eq(t *testing.T, what string, got, want any) {
	t.Helper()
	if n, ok := want.(int); ok {
		want = float64(n)
	}
	if n, ok := got.(int); ok {
		got = float64(n)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %#v, want %#v", what, got, want)
	}
}

// ids are the "id" fields of a list of objects.
func ids(l []any) []string {
	var out []string
	for _, v := range l {
		if s, ok := dig(v, "id").(string); ok {
			out = append(out, s)
		}
	}
	return out
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
