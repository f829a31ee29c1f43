package api

import (
	"encoding/json"
	"net/http"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/validate"
)

// checksumJSON is udata's checksum of r, or nil.
func checksumJSON(r catalog.Resource) any {
	if r.SumValue == "" {
		return nil
	}
	return map[string]string{"type": r.SumType, "value": r.SumValue}
}

func (a *API) resourceJSON(r catalog.Resource) map[string]any {
	checksum := checksumJSON(r)
	out := map[string]any{"id": r.ID, "title": r.Title, "description": r.Description, "filetype": r.Filetype,
		"type": r.Type, "format": r.Format, "url": a.catalog.FileURL(r), "latest": a.baseURL + "/api/1/datasets/r/" + r.ID,
		"checksum": checksum, "filesize": r.Size, "mime": orNull(r.Mime), "created_at": isoTime(r.CreatedAt),
		"last_modified": isoTime(r.UpdatedAt), "extras": map[string]any{}, "schema": map[string]any{}, "preview_url": nil,
		"internal": internalJSON(r.CreatedAt, r.UpdatedAt)}
	extras := map[string]any{}
	json.Unmarshal([]byte(rawOr(r.Extras, "{}")), &extras)
	if r.Report != nil {
		extras["validation"] = r.Report
	}
	out["extras"] = extras
	return out
}

// versionsJSON lists a resource's earlier files (socle extension).
func (a *API) versionsJSON(vs []catalog.Version) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = map[string]any{"id": v.ID, "url": a.catalog.FileURLOf(v.StorageKey), "filesize": v.Size,
			"checksum": map[string]string{"type": "sha256", "value": v.Checksum}, "mime": orNull(v.Mime),
			"created_at": isoTime(v.CreatedAt)}
	}
	return out
}

func (a *API) uploadResource(w http.ResponseWriter, r *http.Request) error {
	d, err := a.liveDataset(r)
	if err != nil {
		return err
	}
	f, err := readUpload(r)
	if err != nil {
		return errUpload{err}
	}
	in := catalog.ResourceInput{Title: f.fields["title"], Description: f.fields["description"], Type: f.fields["type"],
		Format: f.fields["format"]}
	var res catalog.Resource
	switch {
	case f.chunk != nil:
		return a.putChunk(w, r, d.ID, f)
	case f.chunked != nil:
		res, err = a.catalog.UploadChunked(r.Context(), callerOf(r).user, d.ID, in, *f.chunked)
	default:
		res, err = a.catalog.UploadResource(r.Context(), callerOf(r).user, d.ID, in, f.upload(false))
	}
	if err != nil {
		return errUpload{err}
	}
	a.writeJSON(w, r, http.StatusCreated, a.resourceJSON(res))
	return nil
}

// replaceFile gives a resource a new file; as udata, the resource takes the
// file's name as title.
func (a *API) replaceFile(w http.ResponseWriter, r *http.Request) error {
	d, err := a.liveDataset(r)
	if err != nil {
		return err
	}
	f, err := readUpload(r)
	if err != nil {
		return errUpload{err}
	}
	var res catalog.Resource
	switch {
	case f.chunk != nil:
		return a.putChunk(w, r, d.ID, f)
	case f.chunked != nil:
		res, err = a.catalog.ReplaceChunked(r.Context(), callerOf(r).user, d.ID, r.PathValue("rid"), *f.chunked, true)
	default:
		res, err = a.catalog.ReplaceFile(r.Context(), callerOf(r).user, d.ID, r.PathValue("rid"), f.upload(true))
	}
	if err != nil {
		return errUpload{err}
	}
	a.writeJSON(w, r, http.StatusOK, a.resourceJSON(res))
	return nil
}

func (a *API) resourceInput(w http.ResponseWriter, r *http.Request, in *catalog.ResourceInput) error {
	obj, err := decodeObject(w, r)
	if err != nil {
		return err
	}
	var extras json.RawMessage
	var sum *checksumBody
	err = fields(langOf(r), obj, map[string]any{"title": &in.Title, "description": &in.Description, "type": &in.Type,
		"format": &in.Format, "url": &in.URL, "filetype": &in.Filetype, "extras": &extras, "checksum": &sum,
		"filesize": &in.Size, "mime": &in.Mime}, "id", "created_at", "last_modified", "latest", "schema", "preview_url",
		"harvest", "internal")
	switch {
	case string(obj["checksum"]) == "null": // udata: removes a remote file's checksum
		in.Checksum = &catalog.Checksum{}
	case sum != nil:
		in.Checksum = &catalog.Checksum{Type: sum.Type, Value: sum.Value}
	}
	if err == nil && len(extras) > 0 {
		if extras[0] != '{' {
			return validate.Field("extras", "type.invalid")
		}
		// socle's own validation report lives beside the client's extras
		var m map[string]json.RawMessage
		json.Unmarshal(extras, &m)
		delete(m, "validation")
		e := compactJSON(mustJSON(m))
		in.Extras = &e
	}
	return err
}

func (a *API) addRemote(w http.ResponseWriter, r *http.Request) error {
	d, err := a.liveDataset(r)
	if err != nil {
		return err
	}
	var in catalog.ResourceInput
	if err := a.resourceInput(w, r, &in); err != nil {
		return err
	}
	res, err := a.catalog.AddRemote(r.Context(), callerOf(r).user, d.ID, in)
	if err != nil {
		return err
	}
	a.writeJSON(w, r, http.StatusCreated, a.resourceJSON(res))
	return nil
}

func (a *API) getResource(w http.ResponseWriter, r *http.Request) error {
	res, d, err := a.catalog.Resource(r.Context(), callerOf(r).user, r.PathValue("rid"))
	if err == nil && d.ID != r.PathValue("dataset") && d.Slug != r.PathValue("dataset") {
		err = catalog.ErrNotFound
	}
	if err != nil {
		return err
	}
	vs, err := a.catalog.Versions(r.Context(), res.ID)
	if err != nil {
		return err
	}
	out := a.resourceJSON(res)
	out["versions"] = a.versionsJSON(vs)
	a.writeJSON(w, r, http.StatusOK, out)
	return nil
}

func (a *API) putResource(w http.ResponseWriter, r *http.Request) error {
	d, err := a.liveDataset(r)
	if err != nil {
		return err
	}
	cur, _, err := a.catalog.Resource(r.Context(), callerOf(r).user, r.PathValue("rid"))
	if err != nil {
		return err
	}
	in := catalog.ResourceInput{Title: cur.Title, Description: cur.Description, Type: cur.Type, Format: cur.Format, URL: cur.URL}
	if err := a.resourceInput(w, r, &in); err != nil {
		return err
	}
	res, err := a.catalog.UpdateResource(r.Context(), callerOf(r).user, d.ID, cur.ID, in)
	if err != nil {
		return err
	}
	a.writeJSON(w, r, http.StatusOK, a.resourceJSON(res))
	return nil
}

func (a *API) deleteResource(w http.ResponseWriter, r *http.Request) error {
	d, err := a.liveDataset(r)
	if err != nil {
		return err
	}
	if err := a.catalog.DeleteResource(r.Context(), callerOf(r).user, d.ID, r.PathValue("rid")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// reorderResources takes the list of {id} in the new order.
func (a *API) reorderResources(w http.ResponseWriter, r *http.Request) error {
	d, err := a.liveDataset(r)
	if err != nil {
		return err
	}
	var list []json.RawMessage
	if err := decodeList(w, r, &list); err != nil {
		return err
	}
	items := make([]catalog.ResourceEdit, len(list))
	for i, raw := range list {
		if items[i], err = reorderItem(raw); err != nil {
			return err
		}
	}
	if err := a.catalog.ReorderEdit(r.Context(), callerOf(r).user, d.ID, items); err != nil {
		return err
	}
	res, err := a.catalog.Resources(r.Context(), d.ID)
	if err != nil {
		return err
	}
	out := make([]any, len(res))
	for i, x := range res {
		out[i] = a.resourceJSON(x)
	}
	a.writeJSON(w, r, http.StatusOK, out)
	return nil
}

// reorderItem reads one item of a reorder: an id, or {id, title,
// description} (udata takes both).
func reorderItem(raw json.RawMessage) (catalog.ResourceEdit, error) {
	var id string
	if json.Unmarshal(raw, &id) == nil {
		return catalog.ResourceEdit{ID: id}, nil
	}
	var x struct {
		ID          string  `json:"id"`
		Title       *string `json:"title"`
		Description *string `json:"description"`
	}
	if json.Unmarshal(raw, &x) != nil {
		return catalog.ResourceEdit{}, errBody{map[string]any{"request": "expecting a JSON list"}}
	}
	return catalog.ResourceEdit{ID: x.ID, Title: x.Title, Description: x.Description}, nil
}

// datasetFile serves /datasets/r/{rid} (the latest file of a resource) and
// /datasets/{dataset}/rdf, rdf.jsonld, rdf.ttl and rdf.xml.
func (a *API) datasetFile(w http.ResponseWriter, r *http.Request) error {
	file := r.PathValue("file")
	switch {
	case r.PathValue("dataset") == "r":
		return a.latest(w, r, file)
	case file == "rdf" || file == "rdf.jsonld":
		return a.datasetRDF("jsonld")(w, r)
	case file == "rdf.ttl":
		return a.datasetRDF("ttl")(w, r)
	case file == "rdf.xml":
		return a.datasetRDF("xml")(w, r)
	}
	return catalog.ErrNotFound
}

// latest redirects to a resource's current file or URL.
func (a *API) latest(w http.ResponseWriter, r *http.Request, rid string) error {
	res, _, err := a.catalog.Resource(r.Context(), callerOf(r).user, rid)
	if err != nil {
		return err
	}
	http.Redirect(w, r, a.catalog.FileURL(res), http.StatusFound)
	return nil
}
