package web

import (
	"crypto/subtle"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/validate"
)

// streamed reports whether r is a file upload the handler reads as a
// stream, instead of the CSRF middleware parsing (and spooling) it whole.
func streamed(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") &&
		strings.HasPrefix(r.URL.Path, "/datasets/") && strings.HasSuffix(r.URL.Path, "/upload")
}

var errNoFile = errors.New("no file in the form")

// filePart reads a streamed upload form: its CSRF token must come first
// (the page's form puts it first), then the small fields, then the file,
// which is returned unread.
func (s *Server) filePart(r *http.Request) (*multipart.Part, map[string]string, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, errNoFile
	}
	fields := map[string]string{}
	csrfOK := false
	cookie, cerr := r.Cookie(csrfCookie)
	for {
		p, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, fields, errNoFile
		}
		if err != nil {
			return nil, nil, err
		}
		if p.FormName() == "file" {
			if !csrfOK {
				return nil, nil, errCSRF
			}
			if p.FileName() == "" {
				return nil, fields, errNoFile
			}
			return p, fields, nil
		}
		b, _ := io.ReadAll(io.LimitReader(p, 10_000))
		if p.FormName() == "csrf_token" {
			csrfOK = cerr == nil && len(cookie.Value) >= 32 && subtle.ConstantTimeCompare(b, []byte(cookie.Value)) == 1
		}
		fields[p.FormName()] = string(b)
	}
}

var errCSRF = errors.New("missing CSRF token")

func (s *Server) uploadResource(w http.ResponseWriter, r *http.Request) error {
	return s.upload(w, r, func(d catalog.Dataset, part *multipart.Part, fields map[string]string) error {
		_, err := s.catalog.UploadResource(r.Context(), visitorOf(r).User, d.ID,
			catalog.ResourceInput{Title: fields["title"], Type: fields["type"], Description: fields["description"]},
			catalog.Upload{Filename: part.FileName(),
				Mime: part.Header.Get("Content-Type"), Body: part})
		return err
	})
}

func (s *Server) uploadVersion(w http.ResponseWriter, r *http.Request) error {
	return s.upload(w, r, func(d catalog.Dataset, part *multipart.Part, _ map[string]string) error {
		_, err := s.catalog.ReplaceFile(r.Context(), visitorOf(r).User, d.ID, r.PathValue("rid"),
			catalog.Upload{Filename: part.FileName(), Mime: part.Header.Get("Content-Type"), Body: part})
		return err
	})
}

func (s *Server) upload(w http.ResponseWriter, r *http.Request, store func(catalog.Dataset, *multipart.Part, map[string]string) error) error {
	d, err := s.loadDataset(r)
	if err != nil {
		return err
	}
	part, fields, err := s.filePart(r)
	switch {
	case errors.Is(err, errCSRF):
		s.forbidden(w, r)
		return nil
	case errors.Is(err, errNoFile):
		err = validate.Field("file", "resource.no_file")
	case err == nil:
		err = store(d, part, fields)
	}
	if problems := fieldErrors(err); problems != nil {
		// The dataset's page again, the problem next to the file field of
		// the form that was sent and what was typed kept.
		form := url.Values{"form": {"upload"}}
		if rid := r.PathValue("rid"); rid != "" {
			form.Set("form", "version-"+rid)
		}
		for k, v := range fields {
			if k != "csrf_token" {
				form.Set(k, v)
			}
		}
		return s.renderDataset(w, r, d, http.StatusUnprocessableEntity, &page{Title: "dataset.title", Errors: problems, Form: form})
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/datasets/"+d.Slug+"?done=uploaded", http.StatusSeeOther)
	return nil
}
