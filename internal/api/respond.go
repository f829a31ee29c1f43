package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/errs"
	"github.com/socle-portal/socle/internal/i18n"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/validate"
)

// errorJSON is udata's error answer: a message, with per-field errors, the
// look-alikes of a new organization, or udata's upload fields where they
// apply.
type errorJSON struct {
	Message    string `json:"message"`
	Errors     any    `json:"errors,omitempty"`
	Duplicates any    `json:"duplicates,omitempty"`
	*uploadFailure
}

// uploadFailure is what udata's upload answers add to an error.
type uploadFailure struct {
	Success bool   `json:"success"`
	Error   string `json:"error"`
}

func message(s string) errorJSON { return errorJSON{Message: s} }

// text is a message of socle's own in the caller's language. udata's own
// words (the key and permission errors, "Organization has been deleted", the
// membership and resource refusals) are written with message as udata has
// them: clients compare them.
func text(r *http.Request, key string) errorJSON {
	return message(i18n.Text(langOf(r), key))
}

// writeJSON writes v, restricted to the X-Fields mask when one is given.
func (a *API) writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		a.log.Error("api: encode", "path", r.URL.Path, "err", err)
		status, body = http.StatusInternalServerError, mustJSON(text(r, "api.internal"))
	}
	a.writeBody(w, r, status, body)
}

// writeBody writes encoded JSON, restricted to the X-Fields mask when one
// is given.
func (a *API) writeBody(w http.ResponseWriter, r *http.Request, status int, body []byte) {
	if mask := r.Header.Get("X-Fields"); mask != "" && status < 300 {
		var err error
		body, err = applyMask(body, mask)
		switch {
		case errors.Is(err, errBadMask):
			status, body = http.StatusBadRequest, mustJSON(errorJSON{Message: i18n.Text(langOf(r), "error.mask"),
				Errors: map[string][]string{"X-Fields": {err.Error()}}})
		case err != nil:
			a.log.Error("api: encode", "path", r.URL.Path, "err", err)
			status, body = http.StatusInternalServerError, mustJSON(text(r, "api.internal"))
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	// not append(body, '\n'): body may be a cached answer, shared by
	// concurrent requests, with room left in its array
	w.Write(body)
	w.Write([]byte{'\n'})
}

// writePage writes udata's paginated list around items, objects encoded
// already (kept encoded by a cache): the envelope is encoded alone ("data" is
// pageJSON's first field, so its empty list opens the body) and the items
// go in that list.
func (a *API) writePage(w http.ResponseWriter, r *http.Request, items [][]byte, page, size, total int, next string) {
	env, err := json.Marshal(a.keyedEnvelope(r, []any{}, page, size, total, next))
	rest, ok := bytes.CutPrefix(env, []byte(`{"data":[]`))
	if err != nil || !ok {
		a.log.Error("api: encode page", "path", r.URL.Path, "err", err)
		a.writeJSON(w, r, http.StatusInternalServerError, text(r, "api.internal"))
		return
	}
	n := len(env) + len(items)
	for _, it := range items {
		n += len(it)
	}
	body := make([]byte, 0, n+1)
	body = append(body, `{"data":[`...)
	for i, it := range items {
		if i > 0 {
			body = append(body, ',')
		}
		body = append(body, it...)
	}
	body = append(append(body, ']'), rest...)
	a.writeBody(w, r, http.StatusOK, body)
}

func mustJSON(v any) []byte {
	b, _ := json.Marshal(v)
	return b
}

// errGone is a deleted object: 410 with udata's message.
type errGone struct{ what string }

func (e errGone) Error() string { return e.what + " has been deleted" }
func (e errGone) Unwrap() error { return errs.ErrGone }

// errBody is a malformed request body: 400 with per-field errors.
type errBody struct{ fields map[string]any }

func (e errBody) Error() string { return "bad request body" }
func (e errBody) Unwrap() error { return errs.ErrBadRequest }

func bodyError(field, problem string) errBody { return errBody{map[string]any{field: problem}} }

// writeError is the API's only translation from errors to responses: the
// status is errs.Status's, the message the text of errs.Key in the caller's
// language (udata's own words where udata's clients read them). A few
// errors add to that: per-field problems, the look-alikes of a new
// organization, the organizations a last admin holds, and the headers of
// refused credentials and attempts.
func (a *API) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var (
		verr *validate.Errors
		body errBody
		gone errGone
		dup  *org.DuplicateError
		last *org.LastAdminError
		rl   *account.RateLimitError
	)
	lang, status := langOf(r), errs.Status(err)
	out := text(r, errs.Key(err))
	var order *catalog.OrderError
	switch {
	case errors.As(err, &order):
		out = errorJSON{Message: orderMessage(order), Errors: order.Messages(lang)}
	case errors.As(err, &verr) && slices.Contains(verr.Fields["file"], catalog.FileTypeRefused):
		// udata's words, its missing space included: clients compare them
		out = errorJSON{Message: "This file type is not allowed.The allowed file type list is available at " +
			a.baseURL + "/api/1/datasets/extensions/", Errors: verr.Messages(lang)}
	case errors.As(err, &verr):
		out = errorJSON{Message: i18n.Text(lang, "error.validation"), Errors: verr.Messages(lang)}
	case errors.As(err, &body):
		out = errorJSON{Message: i18n.Text(lang, "error.bad_request"), Errors: body.fields}
	case errors.As(err, &gone):
		out = message(gone.Error())
	case errors.As(err, &dup):
		list := []any{}
		for _, o := range dup.Orgs {
			list = append(list, a.orgRef(o))
		}
		out = errorJSON{Message: i18n.Text(lang, "org.duplicate"), Duplicates: list}
	case errors.As(err, &last):
		out = text(r, "org.last_admin")
		if len(last.Orgs) > 0 {
			out = message(fmt.Sprintf(i18n.Text(lang, "org.last_admin_of"), strings.Join(last.Orgs, ", ")))
		}
	case errors.As(err, &rl):
		w.Header().Set("Retry-After", strconv.Itoa(int(rl.RetryAfter.Seconds()+0.999)))
	case errors.Is(err, errBadBearer):
		w.Header().Set("WWW-Authenticate", `Bearer realm="socle", error="invalid_token"`)
	case errors.Is(err, errScope):
		need := "default"
		if safeMethod(r.Method) {
			need = "read"
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="socle", error="insufficient_scope", scope="`+need+`"`)
	case status == http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="socle"`)
	case status == http.StatusInternalServerError:
		a.log.Error("api", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	var up errUpload
	if errors.As(err, &up) {
		out.uploadFailure = &uploadFailure{Success: false, Error: out.Message}
	}
	a.writeJSON(w, r, status, out)
}

// maxBody bounds JSON request bodies.
const maxBody = 1 << 20

// decodeObject reads a JSON object body into fields, so handlers can tell
// writable fields from read-only ones (ignored) and unknown ones (refused).
func decodeObject(w http.ResponseWriter, r *http.Request) (map[string]json.RawMessage, error) {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "application/json" {
		return nil, bodyError("Content-Type", "expecting application/json")
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return nil, err
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		if len(raw) > 0 && !json.Valid(raw) {
			return nil, bodyError("request", "malformed JSON")
		}
		return nil, bodyError("request", "expecting a JSON object")
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return nil, bodyError("request", "malformed JSON")
	}
	for k, v := range obj {
		if hasNUL(v) {
			return nil, validate.Field(k, "text.invalid")
		}
	}
	return obj, nil
}

// decodeOptional reads an optional JSON object body: none at all, even
// sent chunked and without a Content-Type, is an empty object.
func decodeOptional(w http.ResponseWriter, r *http.Request) (map[string]json.RawMessage, error) {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return map[string]json.RawMessage{}, nil
	}
	r.Body = io.NopCloser(bytes.NewReader(raw))
	return decodeObject(w, r)
}

// decodeList reads a JSON array body into v.
func decodeList(w http.ResponseWriter, r *http.Request, v any) error {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct != "application/json" {
		return bodyError("Content-Type", "expecting application/json")
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		return err
	}
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '[' || json.Unmarshal(raw, v) != nil {
		return bodyError("request", "expecting a JSON list")
	}
	if hasNUL(raw) {
		return validate.Field("request", "text.invalid")
	}
	return nil
}

// hasNUL reports whether JSON text holds an escaped NUL character, which
// decodes into a string no database column should take. (Invalid UTF-8 is
// not a concern here: decoding replaces it.)
func hasNUL(raw []byte) bool {
	return bytes.Contains(bytes.ToLower(raw), []byte(`\u0000`))
}

// fields reads the writable fields of obj into their destinations. Fields
// named in readOnly are ignored; any other field is an error on that field.
func fields(lang string, obj map[string]json.RawMessage, dest map[string]any, readOnly ...string) error {
	var v validate.Errors
	for k, raw := range obj {
		d, ok := dest[k]
		switch {
		case ok:
			if string(raw) == "null" {
				continue
			}
			if err := json.Unmarshal(raw, d); err != nil {
				v.Add(k, "type.invalid")
			}
		case contains(readOnly, k):
		default:
			v.Add(k, "field.unknown")
		}
	}
	return v.Err()
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// langOf picks the language of messages as udata does: ?lang=, then the
// signed-in user's language, then the portal's, French. Accept-Language is
// not read: a script's messages must not change with the machine it runs on.
func langOf(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); i18n.Supported(l) {
		return l
	}
	if b, ok := r.Context().Value(langKey{}).(*langBox); ok && i18n.Supported(b.lang) {
		return b.lang
	}
	return "fr"
}

// langKey holds a *langBox: handle puts it in the request, authentication
// fills it, and the error written after the handler returns reads it.
type langKey struct{}

type langBox struct{ lang string }

// errUpload marks an upload's error: its answer also carries udata's
// "success": false and "error".
type errUpload struct{ error }

func (e errUpload) Unwrap() error { return e.error }

// orderMessage is udata's answer to a reorder that does not give every
// resource once, in udata's words (its clients compare them); the ids are
// written as Python writes a set.
func orderMessage(e *catalog.OrderError) string {
	if e.Given != len(e.IDs) {
		return fmt.Sprintf("All resources must be reordered, you provided %d out of %d", e.Given, len(e.IDs))
	}
	return "Resource ids must match existing ones in dataset, ie: {'" + strings.Join(e.IDs, "', '") + "'}"
}
