package api

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/validate"
)

// uploadForm is an upload request: a whole file, a part of a chunked
// upload, or the last request of one (udata's fields: uuid, filename,
// partindex, partbyteoffset, totalparts, chunksize, totalfilesize).
type uploadForm struct {
	fields  map[string]string
	part    *multipart.Part // the file, unread; nil when none
	chunk   *catalog.Chunk
	chunked *catalog.Chunked
}

// upload is the whole file of f.
func (f uploadForm) upload(rename bool) catalog.Upload {
	return catalog.Upload{Filename: f.part.FileName(), Mime: f.part.Header.Get("Content-Type"), Body: f.part, Rename: rename}
}

// maxFormFields bounds the small fields read before the file.
const maxFormFields = 50

// readUpload reads the form's small fields up to the field "file", which
// it leaves unread: the file is streamed, never held whole in memory nor
// spooled by the server. A chunked upload's fields must come before its
// file, as udata's uploader and its test client send them.
func readUpload(r *http.Request) (uploadForm, error) {
	f := uploadForm{fields: map[string]string{}}
	mr, err := r.MultipartReader()
	if err != nil {
		return f, validate.Field("file", "required")
	}
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return f, validate.Field("file", "required")
		}
		if p.FormName() == "file" && p.FileName() != "" {
			f.part = p
			break
		}
		if len(f.fields) == maxFormFields {
			return f, validate.Field("file", "required") // no file among the fields a form may have
		}
		b, _ := io.ReadAll(io.LimitReader(p, 100_000))
		f.fields[p.FormName()] = string(b)
	}
	return f, f.chunks()
}

// chunks reads the chunk fields: udata takes an upload as chunked when
// totalparts is more than 1.
func (f *uploadForm) chunks() error {
	var v validate.Errors
	n := func(name string, def int64) int64 {
		s, ok := f.fields[name]
		if !ok || s == "" {
			return def
		}
		x, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			v.Add(name, "type.invalid")
		}
		return x
	}
	total := n("totalparts", 0)
	index, size, totalSize := n("partindex", 0), n("chunksize", 0), n("totalfilesize", -1)
	n("partbyteoffset", 0) // read for its check; the place of a part is its index
	if err := v.Err(); err != nil {
		return err
	}
	switch {
	case total > 1 && f.part != nil:
		f.chunk = &catalog.Chunk{UUID: f.fields["uuid"], Index: int(index), TotalParts: int(total), Size: size, Body: f.part}
	case total > 1:
		f.chunked = &catalog.Chunked{UUID: f.fields["uuid"], Filename: f.fields["filename"], TotalParts: int(total),
			TotalSize: totalSize}
	case f.part == nil:
		return validate.Field("file", "required")
	}
	return nil
}

// putChunk keeps a part of a chunked upload: 200 and udata's
// {"success": true}, nothing else.
func (a *API) putChunk(w http.ResponseWriter, r *http.Request, datasetID string, f uploadForm) error {
	if err := a.catalog.PutChunk(r.Context(), callerOf(r).user, datasetID, *f.chunk); err != nil {
		return errUpload{err}
	}
	a.writeJSON(w, r, http.StatusOK, struct {
		Success bool `json:"success"`
	}{true})
	return nil
}

// allowedExtensions lists the extensions an upload may have, sorted
// (udata's /datasets/extensions/).
func (a *API) allowedExtensions(w http.ResponseWriter, r *http.Request) error {
	a.writeJSON(w, r, http.StatusOK, a.catalog.Extensions())
	return nil
}

// suggestFileTypes answers udata's /datasets/suggest/formats/ and
// /datasets/suggest/mime/: [{text}] out of the operator's lists.
func (a *API) suggestFileTypes(suggest func(*catalog.Service, string, int) []string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		size, err := sizeParam(r)
		if err != nil {
			return err
		}
		q := r.URL.Query().Get("q")
		if q == "" {
			return validate.Field("q", "required")
		}
		out := []suggestion{}
		for _, s := range suggest(a.catalog, q, size) {
			out = append(out, suggestion{s})
		}
		a.writeJSON(w, r, http.StatusOK, out)
		return nil
	}
}

// suggestion is an item of udata's suggestions of formats and mime types.
type suggestion struct {
	Text string `json:"text"`
}
