package api_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/socle-portal/socle/internal/api"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// The tests' server checks every answer against the OpenAPI document the API
// itself serves, so the document cannot drift from the handlers: an answer
// on an undocumented route, with an undocumented status, or whose body does
// not match its schema fails the test that caused it.

const testBase = "http://socle.test"

func init() {
	openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.PlainBodyDecoder)
	openapi3filter.RegisterBodyDecoder("text/turtle", openapi3filter.PlainBodyDecoder)
	openapi3filter.RegisterBodyDecoder("application/rdf+xml", openapi3filter.PlainBodyDecoder)
	// udata's exports separate fields with semicolons: a comma reader would
	// count fields wrong.
	openapi3filter.RegisterBodyDecoder("text/csv", func(body io.Reader, _ http.Header, _ *openapi3.SchemaRef,
		_ openapi3filter.EncodingFn) (any, error) {
		r := csv.NewReader(body)
		r.Comma = ';'
		if _, err := r.ReadAll(); err != nil {
			return nil, err
		}
		return "", nil
	})
}

type spec struct {
	raw    []byte
	doc    *openapi3.T
	router routers.Router
}

// specs caches loaded documents by content: every test env serves the same.
var specs sync.Map

// specOf loads and checks the document h serves.
func specOf(t testing.TB, h http.Handler) *spec {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/1/swagger.json", nil))
	if rec.Code != 200 {
		t.Fatalf("GET /api/1/swagger.json: %d %s", rec.Code, rec.Body)
	}
	raw := rec.Body.Bytes()
	if s, ok := specs.Load(string(raw)); ok {
		return s.(*spec)
	}
	doc, err := openapi3.NewLoader().LoadFromData(raw)
	if err != nil {
		t.Fatalf("load the OpenAPI document: %v", err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Fatalf("the document is OpenAPI %s, want 3.1", doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("invalid OpenAPI document: %v", err)
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatalf("route the OpenAPI document: %v", err)
	}
	s := &spec{raw: raw, doc: doc, router: router}
	specs.Store(string(raw), s)
	return s
}

// validating serves h and checks each exchange against the document.
// Benchmarks are left alone: they measure the API, not the checker.
func validating(tb testing.TB, h http.Handler) http.Handler {
	t, ok := tb.(*testing.T)
	if !ok {
		return h
	}
	s := specOf(t, h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// JSON bodies are 1 MiB at most; uploads beyond are not checked, and
		// must not be held in memory (TestBigUploadUsesLittleMemory).
		reqBody := &capped{max: 1<<20 + 1<<16}
		if r.Body != nil {
			r.Body = readCloser{io.TeeReader(r.Body, reqBody), r.Body}
		}
		req := r.Clone(r.Context())
		rec := &recorder{ResponseWriter: w, status: 200}
		h.ServeHTTP(rec, r)
		if r.Body != nil {
			// Handlers may stop reading at the file part; the rest is needed to
			// check the request.
			io.Copy(io.Discard, r.Body)
		}
		if err := s.check(req, reqBody, rec); err != nil {
			t.Errorf("OpenAPI: %s %s -> %d: %v\nbody: %.600s", r.Method, r.URL, rec.status, err, rec.body.Bytes())
		}
	})
}

type readCloser struct {
	io.Reader
	io.Closer
}

// capped keeps the first max bytes written to it.
type capped struct {
	bytes.Buffer
	max  int
	over bool
}

func (c *capped) Write(p []byte) (int, error) {
	if c.Len()+len(p) > c.max {
		c.over = true
	} else {
		c.Buffer.Write(p)
	}
	return len(p), nil
}

type recorder struct {
	http.ResponseWriter
	status int
	wrote  bool
	body   capped
}

func (r *recorder) WriteHeader(status int) {
	if !r.wrote {
		r.status, r.wrote = status, true
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *recorder) Write(p []byte) (int, error) {
	r.wrote = true
	if r.body.max == 0 {
		r.body.max = 4 << 20
	}
	r.body.Write(p)
	return r.ResponseWriter.Write(p)
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func (s *spec) check(req *http.Request, reqBody *capped, rec *recorder) error {
	u := *req.URL
	u.Scheme, u.Host = "http", "socle.test"
	req.URL, req.Host, req.RequestURI = &u, "socle.test", ""
	route, params, err := s.router.FindRoute(req)
	if err != nil {
		return s.checkUnrouted(req, rec)
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
		IncludeResponseStatus: true, MultiError: true}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	if rec.status < 300 {
		// An accepted request must be one the document allows: its limits are
		// the handler's.
		reqOpts := *opts
		reqOpts.ExcludeRequestBody = reqBody.over
		req.Body = io.NopCloser(bytes.NewReader(reqBody.Bytes()))
		in.Options = &reqOpts
		if err := openapi3filter.ValidateRequest(req.Context(), in); err != nil {
			return errors.New("accepted a request the document refuses: " + err.Error())
		}
		in.Options = opts
	}
	if rec.body.over {
		return errors.New("answer too large to check")
	}
	respOpts := *opts
	// A mask keeps some fields only: the shape is the client's choice.
	respOpts.ExcludeResponseBody = req.Header.Get("X-Fields") != "" && rec.status < 300
	return openapi3filter.ValidateResponse(req.Context(), &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: rec.status, Header: rec.Header(),
		Body: io.NopCloser(bytes.NewReader(rec.body.Bytes())), Options: &respOpts})
}

// checkUnrouted allows the two answers the document describes in general:
// 308 to the slashed path of a documented route, and the JSON 404.
func (s *spec) checkUnrouted(req *http.Request, rec *recorder) error {
	switch rec.status {
	case http.StatusPermanentRedirect:
		loc, err := url.Parse(rec.Header().Get("Location"))
		if err != nil {
			return err
		}
		to := req.Clone(req.Context())
		to.URL = req.URL.ResolveReference(loc)
		if _, _, err := s.router.FindRoute(to); err != nil {
			return errors.New("redirects to an undocumented route " + to.URL.Path)
		}
		return nil
	case http.StatusNotFound:
		var v any
		if err := json.Unmarshal(rec.body.Bytes(), &v); err != nil {
			return err
		}
		return s.doc.Components.Schemas["Error"].Value.VisitJSON(v, openapi3.EnableJSONSchema2020())
	}
	return errors.New("no documented route")
}

// TestOpenAPIDocumentsEveryRoute compares the patterns of routes() with the
// document's operations, both ways.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "api.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var patterns []string
	for _, d := range f.Decls {
		fn, ok := d.(*ast.FuncDecl)
		if !ok || fn.Name.Name != "routes" {
			continue
		}
		ast.Inspect(fn, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "HandleFunc" && len(call.Args) > 0 {
				if lit, ok := call.Args[0].(*ast.BasicLit); ok {
					p, _ := strconv.Unquote(lit.Value)
					patterns = append(patterns, p)
				}
			}
			return true
		})
	}
	if len(patterns) < 50 {
		t.Fatalf("found %d patterns in routes(): the parser lost them", len(patterns))
	}
	s := specOf(t, api.New(api.Deps{}, testBase, slog.New(slog.DiscardHandler)).Handler())
	documented := map[string]bool{}
	for path, item := range s.doc.Paths.Map() {
		server := "/api/1"
		if len(item.Servers) > 0 {
			server = strings.TrimPrefix(item.Servers[0].URL, testBase)
		}
		for method, o := range item.Operations() {
			p := method + " " + server + path
			if strings.HasSuffix(p, "/") {
				p += "{$}"
			}
			if x, ok := o.Extensions["x-mux-pattern"].(string); ok {
				p = x
			}
			documented[p] = true
			if !slices.Contains(patterns, p) {
				t.Errorf("%s %s%s is documented but no route serves it (%s)", method, server, path, p)
			}
		}
	}
	for _, p := range patterns {
		if p != "/api/" && !documented[p] {
			t.Errorf("route %q is not in the OpenAPI document", p)
		}
	}
}

func TestOpenAPIServed(t *testing.T) {
	srv := httptest.NewServer(validating(t, api.New(api.Deps{}, testBase, slog.New(slog.DiscardHandler)).Handler()))
	defer srv.Close()
	get := func(path string) (*http.Response, []byte) {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, b
	}
	_, udata := get("/api/1/swagger.json")
	_, own := get("/api/openapi.json")
	if !bytes.Equal(udata, own) {
		t.Error("/api/1/swagger.json and /api/openapi.json differ")
	}
	var doc struct {
		OpenAPI string
		Servers []struct{ URL string }
	}
	json.Unmarshal(udata, &doc)
	if doc.OpenAPI != "3.1.0" || len(doc.Servers) != 1 || doc.Servers[0].URL != testBase+"/api/1" {
		t.Errorf("openapi %q, servers %+v: want 3.1.0 at %s/api/1", doc.OpenAPI, doc.Servers, testBase)
	}
	for _, want := range []string{`"maximum": 100`, `"authorizationUrl": "` + testBase + `/oauth/authorize"`,
		`"offline_access"`, `"name": "X-API-KEY"`} {
		if !bytes.Contains(udata, []byte(want)) {
			t.Errorf("the document lacks %s", want)
		}
	}

	res, page := get("/api/1/swagger/")
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("page: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, bad := range []string{"<script", "style=", "<style"} {
		if bytes.Contains(page, []byte(bad)) {
			t.Errorf("the page has %q: the CSP forbids inline code", bad)
		}
	}
	for _, want := range []string{"GET /api/1/organizations/{org}/", "POST /api/1/datasets/{dataset}/upload/",
		"page_size", "≤ 100", "X-Fields", "GET /api/openapi.json"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if res, _ := get("/api/1/swagger"); res.Request.URL.Path != "/api/1/swagger/" {
		t.Errorf("/api/1/swagger ends at %s", res.Request.URL.Path)
	}
}

// TestErrorShapes: bad input is a 400 with messages by field, and the other
// errors are {"message"}; the checker holds each to the document's Error.
func TestErrorShapes(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		_, bobKey := e.person(t, "bob@example.org", false)
		_, b, _ := e.do(t, call{method: "POST", path: "/api/1/organizations/", body: `{"name": "Brest Métropole", "description": "d"}`})
		org := "/api/1/organizations/" + decode(t, b)["id"].(string) + "/"
		_, b, _ = e.do(t, call{method: "POST", path: "/api/1/organizations/", body: `{"name": "Ancienne", "description": "d"}`})
		gone := "/api/1/organizations/" + decode(t, b)["id"].(string) + "/"
		e.do(t, call{method: "DELETE", path: gone})
		tooBig := `"page_size":["`
		cases := []call{
			{method: "GET", path: "/api/1/organizations/?page_size=101", wantStatus: 400, want: []string{tooBig}},
			{method: "GET", path: "/api/1/organizations/?page_size=100", wantStatus: 200},
			{method: "GET", path: "/api/1/datasets/?page_size=101", wantStatus: 400, want: []string{tooBig}},
			{method: "GET", path: "/api/1/notifications/?page_size=101", wantStatus: 400, want: []string{tooBig}},
			{method: "GET", path: org + "datasets/?page_size=101", wantStatus: 400, want: []string{tooBig}},
			{method: "GET", path: "/api/1/site/catalog?page_size=1001", wantStatus: 400, want: []string{tooBig}},
			{method: "GET", path: "/api/1/site/catalog?page_size=1000", wantStatus: 200},
			{method: "GET", path: "/api/1/organizations/suggest/?size=101", wantStatus: 400, want: []string{`"size":["`}},
			{method: "GET", path: "/api/1/datasets/?page=0", wantStatus: 400, want: []string{`"page":["`}},
			{method: "GET", path: "/api/1/datasets/?sort=nope", wantStatus: 400, want: []string{`"sort":["`}},
			{method: "POST", path: "/api/1/datasets/", body: `{"title": ""}`, wantStatus: 400, want: []string{`"title":["`, `"message":`}},
			{method: "PUT", path: "/api/1/me/", body: `[]`, wantStatus: 400, want: []string{`"request":"expecting a JSON object"`}},
			{method: "GET", path: "/api/1/me/", key: "-", wantStatus: 401, want: []string{`{"message":"Authentication required"}`}},
			{method: "DELETE", path: org, key: bobKey, wantStatus: 403, want: []string{`"message":"You do not have the permission`}},
			{method: "GET", path: "/api/1/organizations/nobody/", wantStatus: 404, want: []string{`{"message":"Introuvable."}`}},
			{method: "GET", path: gone, key: bobKey, wantStatus: 410, want: []string{`{"message":"Organization has been deleted"}`}},
		}
		e.check(t, cases)
	})
}

// TestRarelyCalledOperations calls the operations no other test reaches, so
// that the checker sees their answers too.
func TestRarelyCalledOperations(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		bob, bobKey := e.person(t, "bob@example.org", false)
		_, carolKey := e.person(t, "carol@example.org", false)
		_, supportKey := e.person(t, "support@example.org", true)
		_, b, _ := e.do(t, call{method: "POST", path: "/api/1/organizations/", body: `{"name": "Quimper", "description": "d"}`})
		orgID := decode(t, b)["id"].(string)
		org := "/api/1/organizations/" + orgID + "/"
		_, b, _ = e.do(t, call{method: "POST", path: "/api/1/datasets/", body: `{"title": "Arrêts", "description": "d", "organization": "` + orgID + `"}`})
		ds := decode(t, b)["id"].(string)
		_, b, _ = e.do(t, call{method: "POST", path: org + "membership/", key: bobKey, body: `{"comment": "SIG"}`})
		request := decode(t, b)["id"].(string)
		_, b, _ = e.do(t, call{method: "POST", path: "/api/1/transfer/", body: `{"subject": {"class": "Dataset", "id": "` + ds +
			`"}, "recipient": {"class": "User", "id": "` + bob.ID + `"}}`})
		transfer := "/api/1/transfer/" + decode(t, b)["id"].(string) + "/"
		e.check(t, []call{
			{method: "GET", path: "/api/1/site/catalog.jsonld", key: "-", wantStatus: 200, want: []string{ds}},
			{method: "GET", path: org + "catalog", key: "-", wantStatus: 200, want: []string{ds}},
			{method: "GET", path: org + "catalog.jsonld?page_size=1", key: "-", wantStatus: 200, want: []string{"hydra:PagedCollection"}},
			{method: "GET", path: org + "catalog.ttl", key: "-", wantStatus: 200, want: []string{"dcat:Catalog"}},
			{method: "GET", path: org + "catalog.xml", key: "-", wantStatus: 200, want: []string{"<dcat:Catalog rdf:about="}},
			{method: "GET", path: "/api/1/organizations/nobody/catalog.ttl", key: "-", wantStatus: 404},
			{method: "GET", path: "/api/1/datasets/" + ds + "/rdf.jsonld", key: "-", wantStatus: 200, want: []string{"dcat:Dataset"}},
			{method: "POST", path: org + "membership/" + request + "/support/", key: bobKey, wantStatus: 409},
			{method: "GET", path: "/api/1/support/requests/", key: supportKey, wantStatus: 200},
			{method: "GET", path: "/api/1/support/requests/", wantStatus: 403},
			{method: "GET", path: transfer, wantStatus: 200, want: []string{`"status":"pending"`}},
			{method: "GET", path: transfer, key: bobKey, wantStatus: 200},
			{method: "GET", path: transfer, key: carolKey, wantStatus: 404},
		})
	})
}
