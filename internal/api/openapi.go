package api

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"html/template"
	"maps"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/socle-portal/socle/internal/validate"
)

// The OpenAPI document is built from Go values rather than kept as a JSON
// file: the enums come from the domain's own lists (roles, badges, licenses,
// frequencies), the error responses every operation shares are added by rule
// instead of by hand, and the JSON and the HTML page come from the same list
// of operations. The tests check every API response against it.

// schema is a JSON Schema (2020-12, as OpenAPI 3.1 has it).
type schema = map[string]any

// auth says who may call an operation.
type auth int

const (
	authNone     auth = iota // credentials are not even read
	authOptional             // anyone; a user sees more; a bad key is still 401
	authUser                 // a user is required
)

// op is one operation of the document.
type op struct {
	Method, Path string // Path is relative to the server (/api/1, or Server)
	Tag, Summary string
	Description  string
	Auth         auth
	Params       []param
	Body         *body
	Responses    []resp
	Errors       []int  // shared error responses, beyond those added by rule
	Server       string // a server path other than /api/1
	Pattern      string // the mux pattern serving it, when not derived from Method and Path
	NoMask       bool   // not written by writeJSON: X-Fields does not apply
	Infallible   bool   // answers no error at all (a built document, a streamed export)
	applied      bool   // complete() ran
}

type param struct {
	Name, In, Description string
	Required              bool
	Schema                schema
	Explode               bool // a repeatable query parameter
}

type body struct {
	Type        string // media type
	Description string
	Schema      schema
	Optional    bool
}

type resp struct {
	Status      int
	Description string
	Type        string // media type; empty for no content
	Schema      schema
	Headers     map[string]string // name: description
}

// Shared error responses, named in components.responses.
var errorResponses = map[int]struct{ name, desc string }{
	400: {"BadRequest", "Bad input: per-field errors in `errors` (a malformed body, an invalid field, a bad query parameter or X-Fields mask)."},
	401: {"Unauthorized", "No credentials where a user is required, or an unknown, revoked or expired API key, or an inactive user."},
	403: {"Forbidden", "Authenticated but not allowed (or a session-cookie write without its CSRF token)."},
	404: {"NotFound", "Unknown object, or one the caller may not see."},
	409: {"Conflict", "The request conflicts with the object's state."},
	410: {"Gone", "The object was deleted."},
	413: {"TooLarge", "The request body is too large."},
	429: {"TooManyRequests", "Too many attempts: a rate limit refused the request; Retry-After says when to try again."},
	500: {"InternalError", "Unexpected server error."},
}

func ref(name string) schema { return schema{"$ref": "#/components/schemas/" + name} }

func str() schema                 { return schema{"type": "string"} }
func integer() schema             { return schema{"type": "integer"} }
func boolean() schema             { return schema{"type": "boolean"} }
func arrayOf(items schema) schema { return schema{"type": "array", "items": items} }
func enumOf(values ...string) schema {
	return schema{"type": "string", "enum": values}
}
func dateTime() schema { return schema{"type": "string", "format": "date-time"} }
func uri() schema      { return schema{"type": "string", "format": "uri"} }

// nullable allows null besides s.
func nullable(s schema) schema {
	if t, ok := s["type"].(string); ok {
		out := maps.Clone(s)
		out["type"] = []string{t, "null"}
		if e, ok := s["enum"].([]string); ok {
			out["enum"] = append(toAny(e), nil)
		}
		return out
	}
	return schema{"anyOf": []any{s, schema{"type": "null"}}}
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, x := range s {
		out[i] = x
	}
	return out
}

// object is a closed object: every property is required unless listed in
// optional, and no other property may appear, so a field added to a
// handler without documenting it fails the tests.
func object(props map[string]schema, optional ...string) schema {
	required := []string{}
	p := map[string]any{}
	for k, v := range props {
		p[k] = v
		if !slices.Contains(optional, k) {
			required = append(required, k)
		}
	}
	slices.Sort(required)
	return schema{"type": "object", "properties": p, "required": required, "additionalProperties": false}
}

// input is an open request object: read-only fields of the answer may be
// sent back and are ignored.
func input(props map[string]schema, required ...string) schema {
	p := map[string]any{}
	for k, v := range props {
		p[k] = v
	}
	s := schema{"type": "object", "properties": p}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

// with returns props plus more: objects that extend others stay closed.
func with(props map[string]schema, more map[string]schema) map[string]schema {
	out := map[string]schema{}
	for k, v := range props {
		out[k] = v
	}
	for k, v := range more {
		out[k] = v
	}
	return out
}

func jsonResp(status int, desc string, s schema) resp {
	return resp{Status: status, Description: desc, Type: "application/json", Schema: s}
}

func noContent(desc string) resp { return resp{Status: http.StatusNoContent, Description: desc} }

var (
	pageParam     = param{Name: "page", In: "query", Description: "Page number, from 1; deeper pages are reached by following next_page.", Schema: schema{"type": "integer", "minimum": 1, "maximum": validate.MaxPage, "default": 1}}
	pageSizeParam = param{Name: "page_size", In: "query", Description: "Items per page; above the maximum is a 400.",
		Schema: schema{"type": "integer", "minimum": 1, "maximum": maxPageSize, "default": 20}}
	arrayPageSizeParam = param{Name: "page_size", In: "query", Description: "Items in the array; above the maximum is a 400.",
		Schema: schema{"type": "integer", "minimum": 1, "maximum": maxPageSize, "default": maxPageSize}}
	exportPageSizeParam = param{Name: "page_size", In: "query", Description: "Datasets per page; above the maximum is a 400.",
		Schema: schema{"type": "integer", "minimum": 1, "maximum": 1000, "default": 100}}
	sizeParamDoc = param{Name: "size", In: "query", Description: "Number of suggestions.",
		Schema: schema{"type": "integer", "minimum": 1, "maximum": maxPageSize, "default": 10}}
	qParam = param{Name: "q", In: "query", Description: "Free text: every word must match (the last one as a prefix); case and accents are ignored.", Schema: str()}
)

// pathParams describes the path parameters by name; an op may override one.
var pathParams = map[string]param{
	"org":     {Description: "Organization id or slug."},
	"dataset": {Description: "Dataset id or slug."},
	"user":    {Description: "User id."},
	"id":      {Description: "Object id."},
	"rid":     {Description: "Resource id (UUID)."},
	"kind":    {Description: "Badge kind."},
}

var pathVar = regexp.MustCompile(`\{([a-z_]+)\}`)

// complete adds what every operation of a kind has: path parameters, the
// X-Fields header, security, and the error responses that the wrappers,
// body decoding and writeJSON can produce.
func (o op) complete() op {
	if o.applied {
		return o
	}
	o.applied = true
	have := map[string]bool{}
	for _, p := range o.Params {
		have[p.In+":"+p.Name] = true
	}
	var params []param
	for _, m := range pathVar.FindAllStringSubmatch(o.Path, -1) {
		if have["path:"+m[1]] {
			continue
		}
		p := pathParams[m[1]]
		p.Name, p.In, p.Required = m[1], "path", true
		if p.Schema == nil {
			p.Schema = str()
		}
		params = append(params, p)
	}
	o.Params = append(params, o.Params...)
	jsonOK := false
	for _, r := range o.Responses {
		if r.Status < 300 && r.Type == "application/json" {
			jsonOK = true
		}
	}
	if jsonOK && !o.NoMask {
		o.Params = append(o.Params, param{Name: "X-Fields", In: "header",
			Description: "A field mask, such as `{id,title,organization{id}}`: the answer keeps only these fields. Malformed: 400.",
			Schema:      str()})
	}
	errs := slices.Clone(o.Errors)
	hasQuery := slices.ContainsFunc(o.Params, func(p param) bool { return p.In == "query" })
	if (jsonOK && !o.NoMask) || o.Body != nil || hasQuery {
		errs = append(errs, 400)
	}
	if o.Auth != authNone {
		errs = append(errs, 401)
	}
	if o.Auth == authUser && !safeMethod(o.Method) {
		errs = append(errs, 403)
	}
	if o.Body != nil && o.Body.Type == "application/json" {
		errs = append(errs, 413) // maxBody; uploads have their own limits
	}
	if !o.Infallible {
		errs = append(errs, 500)
	}
	slices.Sort(errs)
	o.Errors = slices.Compact(errs)
	return o
}

// mediaTypes returns the OpenAPI content object of one media type.
func content(mediaType string, s schema) map[string]any {
	if s == nil {
		s = str()
	}
	return map[string]any{mediaType: map[string]any{"schema": s}}
}

var (
	securityUser     = []any{map[string]any{"apiKey": []string{}}, map[string]any{"oauth2": []string{"default"}}}
	securityOptional = []any{map[string]any{}, map[string]any{"apiKey": []string{}}, map[string]any{"oauth2": []string{"default"}}}
)

func (o op) operation() map[string]any {
	o = o.complete()
	out := map[string]any{"tags": []string{o.Tag}, "summary": o.Summary,
		"operationId": o.ID()}
	if o.Description != "" {
		out["description"] = o.Description
	}
	switch o.Auth {
	case authNone:
		out["security"] = []any{}
	case authOptional:
		out["security"] = securityOptional
	case authUser:
		if safeMethod(o.Method) {
			out["security"] = append(slices.Clone(securityUser), map[string]any{"oauth2": []string{"read"}})
		} else {
			out["security"] = securityUser
		}
	}
	if o.Pattern != "" {
		out["x-mux-pattern"] = o.Pattern
	}
	if len(o.Params) > 0 {
		ps := []any{}
		for _, p := range o.Params {
			x := map[string]any{"name": p.Name, "in": p.In, "schema": p.Schema}
			if p.Description != "" {
				x["description"] = p.Description
			}
			if p.Required {
				x["required"] = true
			}
			if p.Explode {
				x["style"], x["explode"] = "form", true
			}
			ps = append(ps, x)
		}
		out["parameters"] = ps
	}
	if o.Body != nil {
		b := map[string]any{"required": !o.Body.Optional, "content": content(o.Body.Type, o.Body.Schema)}
		if o.Body.Description != "" {
			b["description"] = o.Body.Description
		}
		out["requestBody"] = b
	}
	rs := map[string]any{}
	for _, r := range o.Responses {
		x := map[string]any{"description": r.Description}
		if r.Type != "" {
			x["content"] = content(r.Type, r.Schema)
		}
		if len(r.Headers) > 0 {
			h := map[string]any{}
			for name, desc := range r.Headers {
				h[name] = map[string]any{"description": desc, "schema": str()}
			}
			x["headers"] = h
		}
		key := strconv.Itoa(r.Status)
		if prev, ok := rs[key].(map[string]any); ok {
			// Two shapes for one status (e.g. a 409 with the member or an error).
			x = mergeResponses(prev, x)
		}
		rs[key] = x
	}
	for _, code := range o.Errors {
		key := strconv.Itoa(code)
		if prev, ok := rs[key].(map[string]any); ok {
			rs[key] = mergeResponses(prev, errorResponse(code))
			continue
		}
		rs[key] = map[string]any{"$ref": "#/components/responses/" + errorResponses[code].name}
	}
	out["responses"] = rs
	return out
}

// mergeResponses documents a status that answers one of two JSON shapes.
func mergeResponses(a, b map[string]any) map[string]any {
	sa := a["content"].(map[string]any)["application/json"].(map[string]any)["schema"]
	sb := b["content"].(map[string]any)["application/json"].(map[string]any)["schema"]
	out := map[string]any{"description": a["description"].(string) + " Or: " + b["description"].(string),
		"content": content("application/json", schema{"anyOf": []any{sa, sb}})}
	if h, ok := a["headers"]; ok {
		out["headers"] = h
	}
	return out
}

func errorResponse(code int) map[string]any {
	x := map[string]any{"description": errorResponses[code].desc, "content": content("application/json", ref("Error"))}
	if code == http.StatusUnauthorized {
		x["headers"] = map[string]any{"WWW-Authenticate": map[string]any{
			"description": `Bearer realm="socle"`, "schema": str()}}
	}
	return x
}

// ID names the operation in the document and anchors it on the page.
func (o op) ID() string { return operationID(o.Method, o.Server+o.Path) }

var nonWord = regexp.MustCompile(`[^A-Za-z0-9]+`)

func operationID(method, path string) string {
	return strings.ToLower(method) + "_" + strings.Trim(nonWord.ReplaceAllString(path, "_"), "_")
}

// openAPIDoc is the whole document, servers and OAuth URLs under baseURL.
func (a *API) openAPIDoc() map[string]any {
	paths := map[string]any{}
	for _, o := range apiOps() {
		key := o.Path
		item, ok := paths[key].(map[string]any)
		if !ok {
			item = map[string]any{}
			if o.Server != "" {
				item["servers"] = []any{map[string]any{"url": a.baseURL + o.Server}}
			}
			paths[key] = item
		}
		item[strings.ToLower(o.Method)] = o.operation()
	}
	responses := map[string]any{}
	for code, r := range errorResponses {
		responses[r.name] = errorResponse(code)
	}
	return map[string]any{
		"openapi":           "3.1.0",
		"jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
		"info": map[string]any{
			"title":   "socle API",
			"version": "1",
			"summary": "Accounts, organizations and publishing of the portal, compatible with udata's API v1.",
			"description": "Paths end with a slash; a path without it answers 308 to the slashed path. " +
				"Unknown paths answer 404 with `{\"message\": \"Introuvable.\"}` (`\"Not found\"` in English). " +
				"Messages are in French (the default) or English (`?lang=` or `Accept-Language`), except udata's own " +
				"words, kept as udata has them for the clients that compare them: the 401 texts, the permission " +
				"403, the 410 of deleted objects, and the refusals the spec quotes. Dates are ISO 8601 with zone. " +
				"Every successful JSON answer " +
				"honours the `X-Fields` mask.",
			"license": map[string]any{"name": "EUPL-1.2", "identifier": "EUPL-1.2"},
		},
		"servers": []any{map[string]any{"url": a.baseURL + "/api/1"}},
		"tags":    apiTags,
		"paths":   paths,
		"components": map[string]any{
			"schemas":   apiSchemas(),
			"responses": responses,
			"securitySchemes": map[string]any{
				"apiKey": map[string]any{"type": "apiKey", "in": "header", "name": "X-API-KEY",
					"description": "A personal API token (`socle_…`), created with `POST /me/api_tokens/`."},
				"oauth2": map[string]any{"type": "oauth2", "description": "OAuth2 authorization code (PKCE S256); " +
					"send the access token as `Authorization: Bearer …`.",
					"flows": map[string]any{"authorizationCode": map[string]any{
						"authorizationUrl": a.baseURL + "/oauth/authorize",
						"tokenUrl":         a.baseURL + "/oauth/token",
						"refreshUrl":       a.baseURL + "/oauth/token",
						"scopes": map[string]string{
							"default":        "Act as the user, with the user's own permissions.",
							"read":           "Read-only access.",
							"openid":         "OpenID Connect: an ID token.",
							"profile":        "The user's name in the ID token and userinfo.",
							"email":          "The user's e-mail address in the ID token and userinfo.",
							"offline_access": "A refresh token.",
							"admin":          "Sysadmin rights (sysadmins only).",
						}}}},
			},
		},
	}
}

var apiTags = []any{
	map[string]any{"name": "me", "description": "The current user: profile, API tokens, invitations, datasets."},
	map[string]any{"name": "users", "description": "Public user profiles."},
	map[string]any{"name": "organizations", "description": "Organizations, badges, logos, suggestions."},
	map[string]any{"name": "membership", "description": "Members, membership requests, invitations, support."},
	map[string]any{"name": "notifications", "description": "In-app notifications."},
	map[string]any{"name": "datasets", "description": "Datasets, licenses, frequencies, assignments of partial editors."},
	map[string]any{"name": "resources", "description": "Resources of datasets: remote links and uploaded files."},
	map[string]any{"name": "transfers", "description": "Transfers of datasets between owners."},
	map[string]any{"name": "exports", "description": "DCAT catalogs and CSV exports."},
	map[string]any{"name": "directory", "description": "The official directory of local authorities."},
	map[string]any{"name": "documentation", "description": "This document."},
}

// openAPIJSON serves the document.
func (a *API) openAPIJSON() handler {
	doc, err := json.MarshalIndent(a.openAPIDoc(), "", " ")
	return func(w http.ResponseWriter, r *http.Request) error {
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", "application/json")
		// Public, and meant for tools running elsewhere (API explorers, generators).
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Write(doc)
		return nil
	}
}

//go:embed openapi.html
var openAPIPageHTML string

var openAPIPage = template.Must(template.New("doc").Funcs(template.FuncMap{
	"label": schemaLabel, "md": codeSpans, "errname": func(c int) string { return errorResponses[c].desc },
}).Parse(openAPIPageHTML))

// codeSpans renders the document's `code` spans, the only markdown its
// descriptions use; everything else is escaped.
func codeSpans(s string) template.HTML {
	var b strings.Builder
	for i, part := range strings.Split(s, "`") {
		if i%2 == 1 {
			b.WriteString("<code>" + template.HTMLEscapeString(part) + "</code>")
		} else {
			b.WriteString(template.HTMLEscapeString(part))
		}
	}
	return template.HTML(b.String())
}

// pageSchema is a component on the page: its fields, for objects.
type pageSchema struct {
	Name, Description string
	Label             string // for schemas that are not objects with fields
	Fields            []pageField
}

type pageField struct {
	Name, Type, Description string
	Required                bool
}

func pageSchemas() []pageSchema {
	all := apiSchemas()
	names := make([]string, 0, len(all))
	for n := range all {
		names = append(names, n)
	}
	slices.Sort(names)
	var out []pageSchema
	for _, n := range names {
		s := all[n]
		ps := pageSchema{Name: n}
		ps.Description, _ = s["description"].(string)
		props, _ := s["properties"].(map[string]any)
		if len(props) == 0 {
			ps.Label = schemaLabel(s)
		}
		required, _ := s["required"].([]string)
		for _, f := range slices.Sorted(maps.Keys(props)) {
			fs := props[f].(schema)
			desc, _ := fs["description"].(string)
			ps.Fields = append(ps.Fields, pageField{Name: f, Type: schemaLabel(fs), Description: desc,
				Required: slices.Contains(required, f)})
		}
		out = append(out, ps)
	}
	return out
}

type pageTag struct {
	Name, Description string
	Ops               []op
}

// openAPIHTML serves the document as a page: operations by tag, with their
// parameters and answers. No script and no inline style, for the site's CSP.
func (a *API) openAPIHTML() handler {
	var tags []pageTag
	byName := map[string]int{}
	for _, t := range apiTags {
		m := t.(map[string]any)
		byName[m["name"].(string)] = len(tags)
		tags = append(tags, pageTag{Name: m["name"].(string), Description: m["description"].(string)})
	}
	for _, o := range apiOps() {
		i := byName[o.Tag]
		tags[i].Ops = append(tags[i].Ops, o.complete())
	}
	var buf bytes.Buffer
	err := openAPIPage.Execute(&buf, map[string]any{"Base": a.baseURL, "Tags": tags, "Schemas": pageSchemas()})
	return func(w http.ResponseWriter, r *http.Request) error {
		if err != nil {
			return err
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; "+
			"base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
		w.Write(buf.Bytes())
		return nil
	}
}

// schemaLabel names a schema for the page: a component, a list or a page of
// one, or its type.
func schemaLabel(s schema) string {
	if s == nil {
		return ""
	}
	if r, ok := s["$ref"].(string); ok {
		return strings.TrimPrefix(r, "#/components/schemas/")
	}
	if alts, ok := s["anyOf"].([]any); ok {
		parts := []string{}
		for _, x := range alts {
			if l := schemaLabel(x.(schema)); l != "null" {
				parts = append(parts, l)
			}
		}
		return strings.Join(parts, " or ")
	}
	if props, ok := s["properties"].(map[string]any); ok && props["next_page"] != nil {
		return "page of " + schemaLabel(props["data"].(schema)["items"].(schema))
	}
	switch t := s["type"].(type) {
	case string:
		if t == "array" {
			return "array of " + schemaLabel(s["items"].(schema))
		}
		if e, ok := s["enum"].([]string); ok {
			return strings.Join(e, " | ")
		}
		if f, ok := s["format"].(string); ok {
			return t + " (" + f + ")"
		}
		var bounds []string
		if m, ok := s["minimum"]; ok {
			bounds = append(bounds, "≥ "+toString(m))
		}
		if m, ok := s["maximum"]; ok {
			bounds = append(bounds, "≤ "+toString(m))
		}
		if len(bounds) > 0 {
			return t + " " + strings.Join(bounds, ", ")
		}
		return t
	case []string:
		return strings.Join(t, " or ")
	}
	return "object"
}

func toString(v any) string {
	switch x := v.(type) {
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	return ""
}
