package api

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"

	"github.com/socle-portal/socle/internal/validate"
)

// assignmentJSON is udata's assignment object: one subject assigned to a
// partial editor. socle keeps no row id nor date for it: the id is derived
// from what it links, so it stays the same from one answer to the next.
type assignmentJSON struct {
	ID           string   `json:"id"`
	User         classRef `json:"user"`
	Organization classRef `json:"organization"`
	Subject      classRef `json:"subject"`
	CreatedAt    stamp    `json:"created_at"`
}

func newAssignmentJSON(orgID, userID, datasetID string) assignmentJSON {
	sum := sha256.Sum256([]byte(orgID + "/" + userID + "/" + datasetID))
	return assignmentJSON{ID: hex.EncodeToString(sum[:12]), User: classRef{"User", userID},
		Organization: classRef{"Organization", orgID}, Subject: classRef{"Dataset", datasetID}}
}

// listAssignments serves GET /organizations/{org}/assignments/: udata's
// list of assignment objects, to admins.
func (a *API) listAssignments(w http.ResponseWriter, r *http.Request) error {
	o, err := a.liveOrg(r)
	if err != nil {
		return err
	}
	m, err := a.catalog.Assignments(r.Context(), callerOf(r).user, o.ID)
	if err != nil {
		return err
	}
	out := []assignmentJSON{}
	for _, user := range slices.Sorted(func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}) {
		for _, id := range m[user] {
			out = append(out, newAssignmentJSON(o.ID, user, id))
		}
	}
	a.writeJSON(w, r, http.StatusOK, out)
	return nil
}

// syncAssignments serves udata's PUT /organizations/{org}/member/{user}/assignments/:
// the body is the member's whole list of {class: "Dataset", id}; the answer
// the new list of assignment objects.
func (a *API) syncAssignments(w http.ResponseWriter, r *http.Request) error {
	o, err := a.liveOrg(r)
	if err != nil {
		return err
	}
	var refs []map[string]any
	if err := decodeList(w, r, &refs); err != nil {
		return validate.Field("assignments", "assign.malformed")
	}
	ids := make([]string, 0, len(refs))
	for _, ref := range refs {
		class, _ := ref["class"].(string)
		id, _ := ref["id"].(string)
		if class != "Dataset" || !objectID.MatchString(id) {
			return validate.Field("assignments", "assign.malformed")
		}
		ids = append(ids, id)
	}
	user := r.PathValue("user")
	if err := a.catalog.Assign(r.Context(), callerOf(r).user, o.ID, user, ids); err != nil {
		return err
	}
	out := make([]assignmentJSON, len(ids))
	for i, id := range ids {
		out[i] = newAssignmentJSON(o.ID, user, id)
	}
	a.writeJSON(w, r, http.StatusOK, out)
	return nil
}

// setAssignments is socle's earlier PUT /organizations/{org}/assignments/{user}/,
// body {"datasets": [ids]}, kept as an alias.
func (a *API) setAssignments(w http.ResponseWriter, r *http.Request) error {
	o, err := a.liveOrg(r)
	if err != nil {
		return err
	}
	var ids []string
	obj, err := decodeObject(w, r)
	if err == nil {
		err = fields(langOf(r), obj, map[string]any{"datasets": &ids})
	}
	if err == nil {
		err = a.catalog.Assign(r.Context(), callerOf(r).user, o.ID, r.PathValue("user"), ids)
	}
	if err != nil {
		return err
	}
	a.writeJSON(w, r, http.StatusOK, struct {
		User     string   `json:"user"`
		Datasets []string `json:"datasets"`
	}{r.PathValue("user"), ids})
	return nil
}
