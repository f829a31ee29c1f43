package api

import (
	"encoding/json"
	"net/http"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/validate"
)

// checksumJSON is udata's checksum of r, or nil.
// resourceJSON is udata's resource object. extras are the stored ones, with
// the validation report under "validation" when there is one.
type resourceJSON struct {
	ID           string         `json:"id"`
	Title        string         `json:"title"`
	Description  string         `json:"description"`
	Filetype     string         `json:"filetype"`
	Type         string         `json:"type"`
	Format       string         `json:"format"`
	URL          string         `json:"url"`
	Latest       string         `json:"latest"`
	Checksum     *checksumJSON  `json:"checksum"`
	Filesize     int64          `json:"filesize"`
	Mime         optional       `json:"mime"`
	CreatedAt    stamp          `json:"created_at"`
	LastModified stamp          `json:"last_modified"`
	Extras       map[string]any `json:"extras"`
	Schema       empty          `json:"schema"`
	PreviewURL   *string        `json:"preview_url"`
	Internal     internalJSON   `json:"internal"`
}

// checksumJSON is udata's checksum of a file: {type, value}.
type checksumJSON struct {
	Type  string `json:"type"`
	Value string `json:"value"`
}

// checksumOf is a resource's checksum, nil (null) when it has none.
func checksumOf(r catalog.Resource) *checksumJSON {
	if r.SumValue == "" {
		return nil
	}
	return &checksumJSON{r.SumType, r.SumValue}
}

func (a *API) resourceJSON(r catalog.Resource) *resourceJSON {
	extras := map[string]any{}
	json.Unmarshal([]byte(rawOr(r.Extras, "{}")), &extras)
	if r.Report != nil {
		extras["validation"] = r.Report
	}
	return &resourceJSON{ID: r.ID, Title: r.Title, Description: r.Description, Filetype: r.Filetype,
		Type: r.Type, Format: r.Format, URL: a.catalog.FileURL(r), Latest: a.baseURL + "/api/1/datasets/r/" + r.ID,
		Checksum: checksumOf(r), Filesize: r.Size, Mime: optional(r.Mime), CreatedAt: stamp(r.CreatedAt),
		LastModified: stamp(r.UpdatedAt), Extras: extras, Internal: internalOf(r.CreatedAt, r.UpdatedAt)}
}

// versionJSON is one of a resource's earlier files (socle extension).
type versionJSON struct {
	ID        string       `json:"id"`
	URL       string       `json:"url"`
	Filesize  int64        `json:"filesize"`
	Checksum  checksumJSON `json:"checksum"`
	Mime      optional     `json:"mime"`
	CreatedAt stamp        `json:"created_at"`
}

// versionsJSON lists a resource's earlier files.
func (a *API) versionsJSON(vs []catalog.Version) []versionJSON {
	out := make([]versionJSON, len(vs))
	for i, v := range vs {
		out[i] = versionJSON{ID: v.ID, URL: a.catalog.FileURLOf(v.StorageKey), Filesize: v.Size,
			Checksum: checksumJSON{"sha256", v.Checksum}, Mime: optional(v.Mime), CreatedAt: stamp(v.CreatedAt)}
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
	a.writeJSON(w, r, http.StatusOK, struct {
		*resourceJSON
		Versions []versionJSON `json:"versions"`
	}{a.resourceJSON(res), a.versionsJSON(vs)})
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
