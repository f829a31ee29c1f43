package api

import (
	"errors"
	"mime/multipart"
	"net/http"
	"slices"

	"github.com/socle-portal/socle/internal/images"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/validate"
)

// orgReadOnly are organization fields a client may send back; ignored.
var orgReadOnly = []string{"id", "slug", "logo", "logo_thumbnail", "badges", "members", "metrics", "created_at",
	"last_modified", "deleted", "page", "uri", "permissions", "extras", "ext", "zone", "image_url", "duplicates"}

func (a *API) orgInput(w http.ResponseWriter, r *http.Request, in *org.Input, confirm *bool) error {
	obj, err := decodeObject(w, r)
	if err != nil {
		return err
	}
	dest := map[string]any{"name": &in.Name, "acronym": &in.Acronym, "description": &in.Description,
		"url": &in.URL, "business_number_id": &in.BusinessNumber}
	if confirm != nil {
		dest["confirm_duplicates"] = confirm
	}
	return fields(langOf(r), obj, dest, orgReadOnly...)
}

// createOrg answers 201 as udata does, look-alike or not (spec section 0):
// the look-alikes come along in "duplicates", and the domain records them
// for support. confirm_duplicates is accepted and changes nothing here; the
// page form keeps its confirmation step.
func (a *API) createOrg(w http.ResponseWriter, r *http.Request) error {
	var in org.Input
	var confirm bool
	if err := a.orgInput(w, r, &in, &confirm); err != nil {
		return err
	}
	dups, err := a.orgs.Duplicates(r.Context(), in.Name, in.BusinessNumber)
	if err != nil {
		return err
	}
	o, err := a.orgs.Create(r.Context(), callerOf(r).user, in, true)
	if err != nil {
		return err
	}
	j, err := a.orgJSON(r, o)
	if err != nil {
		return err
	}
	if len(dups) > 0 {
		j.Duplicates = make([]*orgRefJSON, len(dups))
		for i, d := range dups {
			j.Duplicates[i] = a.orgRef(d)
		}
	}
	a.writeJSON(w, r, http.StatusCreated, j)
	return nil
}

func (a *API) writeOrg(w http.ResponseWriter, r *http.Request, status int, o org.Organization) error {
	j, err := a.orgJSON(r, o)
	if err != nil {
		return err
	}
	a.writeJSON(w, r, status, j)
	return nil
}

func (a *API) putOrg(w http.ResponseWriter, r *http.Request) error {
	o, err := a.liveOrg(r)
	if err != nil {
		return err
	}
	in := org.Input{Name: o.Name, Acronym: o.Acronym, Description: o.Description, URL: o.URL, BusinessNumber: o.BusinessNumber}
	if err := a.orgInput(w, r, &in, nil); err != nil {
		return err
	}
	if o, err = a.orgs.Update(r.Context(), callerOf(r).user, o.ID, in); err != nil {
		return err
	}
	return a.writeOrg(w, r, http.StatusOK, o)
}

func (a *API) deleteOrg(w http.ResponseWriter, r *http.Request) error {
	o, err := a.liveOrg(r)
	if err == nil {
		err = a.orgs.Delete(r.Context(), callerOf(r).user, o.ID)
	}
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) addBadge(w http.ResponseWriter, r *http.Request) error {
	o, err := a.liveOrg(r)
	if err != nil {
		return err
	}
	obj, err := decodeObject(w, r)
	var kind string
	if err == nil {
		err = fields(langOf(r), obj, map[string]any{"kind": &kind})
	}
	if err == nil {
		_, err = a.orgs.AddBadge(r.Context(), callerOf(r).user, o.ID, kind)
	}
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if slices.Contains(o.Badges, kind) {
		status = http.StatusOK // udata: awarding a badge again changes nothing
	}
	a.writeJSON(w, r, status, map[string]string{"kind": kind})
	return nil
}

func (a *API) removeBadge(w http.ResponseWriter, r *http.Request) error {
	o, err := a.liveOrg(r)
	if err == nil {
		err = a.orgs.RemoveBadge(r.Context(), callerOf(r).user, o.ID, r.PathValue("kind"))
	}
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// uploadLogo takes the multipart field "file" and answers {"image": url}.
func (a *API) uploadLogo(w http.ResponseWriter, r *http.Request) error {
	o, err := a.liveOrg(r)
	if err != nil {
		return err
	}
	f, err := imageFile(w, r)
	if err != nil {
		return err
	}
	defer f.Close()
	if o, err = a.orgs.SetLogo(r.Context(), callerOf(r).user, o.ID, f); err != nil {
		return err
	}
	a.writeJSON(w, r, http.StatusOK, map[string]any{"image": a.orgs.LogoURL(o, 500), "success": true})
	return nil
}

// imageFile is the multipart field "file" of a picture upload (a logo, an
// avatar): a body far over images.MaxBytes is a 413, a missing file a 400
// on "file".
func imageFile(w http.ResponseWriter, r *http.Request) (multipart.File, error) {
	r.Body = http.MaxBytesReader(w, r.Body, images.MaxBytes+1<<20)
	f, _, err := r.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, err
		}
		return nil, validate.Field("file", "required")
	}
	return f, nil
}
