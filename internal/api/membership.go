package api

import (
	"errors"
	"net/http"

	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/validate"
)

// requestJSON is udata's membership request object (an invitation is one
// too, with its e-mail address and assignments).
type requestJSON struct {
	ID             string     `json:"id"`
	User           any        `json:"user"`
	Email          optional   `json:"email"`
	Kind           string     `json:"kind"`
	Status         string     `json:"status"`
	Role           string     `json:"role"`
	Comment        string     `json:"comment"`
	Created        stamp      `json:"created"`
	Assignments    []classRef `json:"assignments"`
	HandledOn      stamp      `json:"handled_on"`
	HandledBy      any        `json:"handled_by"`
	RefusalComment optional   `json:"refusal_comment"`
	Organization   any        `json:"organization"`
}

func (a *API) requestJSON(r *http.Request, req org.Request, o org.Organization) requestJSON {
	ctx := r.Context()
	out := requestJSON{ID: req.ID, Email: optional(req.Email), Kind: req.Kind, Status: string(req.Status),
		Role: string(req.Role), Comment: req.Comment, Created: stamp(req.CreatedAt),
		Assignments: assignmentRefs(req.Assignments), HandledOn: stamp(req.HandledAt),
		RefusalComment: optional(req.RefusalComment), Organization: a.orgRef(o)}
	if req.UserID != "" {
		if u, err := a.accounts.User(ctx, req.UserID); err == nil {
			out.User = a.userRef(u, seenBy(callerOf(r).user, true))
		}
	}
	if req.HandledBy != "" {
		if u, err := a.accounts.User(ctx, req.HandledBy); err == nil {
			out.HandledBy = a.userRef(u, seenBy(callerOf(r).user, false))
		}
	}
	return out
}

// askMembership: 201 with a new request, 200 when a pending one was updated.
func (a *API) askMembership(w http.ResponseWriter, r *http.Request) error {
	o, err := a.liveOrg(r)
	if err != nil {
		return err
	}
	obj, err := decodeObject(w, r)
	var comment string
	if err == nil {
		err = fields(langOf(r), obj, map[string]any{"comment": &comment}, "id", "user", "status", "created", "kind", "role")
	}
	if err != nil {
		return err
	}
	req, created, err := a.orgs.Ask(r.Context(), callerOf(r).user, o.ID, comment)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	a.writeJSON(w, r, status, a.requestJSON(r, req, o))
	return nil
}

func (a *API) listMembership(w http.ResponseWriter, r *http.Request) error {
	o, err := a.liveOrg(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	status := org.RequestStatus(q.Get("status"))
	if status != "" && !status.Valid() {
		return validate.Field("status", "status.unknown")
	}
	list, err := a.orgs.Requests(r.Context(), callerOf(r).user, o.ID, status, q.Get("user"))
	if err != nil {
		return err
	}
	out := make([]requestJSON, 0, len(list))
	for _, req := range list {
		out = append(out, a.requestJSON(r, req, o))
	}
	a.writeJSON(w, r, http.StatusOK, out)
	return nil
}

func (a *API) acceptMembership(w http.ResponseWriter, r *http.Request) error {
	o, err := a.liveOrg(r)
	if err != nil {
		return err
	}
	var role string
	obj, err := decodeOptional(w, r)
	if err == nil {
		err = fields(langOf(r), obj, map[string]any{"role": &role})
	}
	if err != nil {
		return err
	}
	m, err := a.orgs.Accept(r.Context(), callerOf(r).user, o.ID, r.PathValue("id"), org.Role(role))
	if err != nil {
		if m.User.ID != "" { // already a member: 409 with the member, as udata
			a.writeJSON(w, r, http.StatusConflict, a.memberJSON(m, seenBy(callerOf(r).user, true)))
			return nil
		}
		if errors.Is(err, org.ErrNotFound) {
			a.writeJSON(w, r, http.StatusNotFound, message("Unknown membership request id"))
			return nil
		}
		return err
	}
	a.writeJSON(w, r, http.StatusOK, a.memberJSON(m, seenBy(callerOf(r).user, true)))
	return nil
}

func (a *API) refuseMembership(w http.ResponseWriter, r *http.Request) error {
	o, err := a.liveOrg(r)
	if err != nil {
		return err
	}
	var comment string
	obj, err := decodeObject(w, r)
	if err == nil {
		err = fields(langOf(r), obj, map[string]any{"comment": &comment})
	}
	if err == nil {
		err = a.orgs.Refuse(r.Context(), callerOf(r).user, o.ID, r.PathValue("id"), comment)
	}
	if errors.Is(err, org.ErrNotFound) {
		a.writeJSON(w, r, http.StatusNotFound, message("Unknown membership request id"))
		return nil
	}
	if err != nil {
		return err
	}
	a.writeJSON(w, r, http.StatusOK, empty{})
	return nil
}

// cancelMembership is for invitations only; requests are withdrawn with
// DELETE by their author.
func (a *API) cancelMembership(w http.ResponseWriter, r *http.Request) error {
	o, err := a.liveOrg(r)
	if err == nil {
		err = a.orgs.CancelInvitation(r.Context(), callerOf(r).user, o.ID, r.PathValue("id"))
	}
	if err != nil {
		return err
	}
	a.writeJSON(w, r, http.StatusOK, empty{})
	return nil
}

func (a *API) withdrawMembership(w http.ResponseWriter, r *http.Request) error {
	o, err := a.liveOrg(r)
	if err == nil {
		err = a.orgs.CancelRequest(r.Context(), callerOf(r).user, o.ID, r.PathValue("id"))
	}
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (a *API) setMemberRole(w http.ResponseWriter, r *http.Request) error {
	o, err := a.liveOrg(r)
	if err != nil {
		return err
	}
	var role string
	obj, err := decodeObject(w, r)
	if err == nil {
		err = fields(langOf(r), obj, map[string]any{"role": &role}, "user", "since", "label")
	}
	var m org.Member
	if err == nil {
		m, err = a.orgs.SetRole(r.Context(), callerOf(r).user, o.ID, r.PathValue("user"), org.Role(role))
	}
	if err != nil {
		return err
	}
	a.writeJSON(w, r, http.StatusOK, a.memberJSON(m, seenBy(callerOf(r).user, true)))
	return nil
}

func (a *API) removeMember(w http.ResponseWriter, r *http.Request) error {
	o, err := a.liveOrg(r)
	if err == nil {
		err = a.orgs.RemoveMember(r.Context(), callerOf(r).user, o.ID, r.PathValue("user"))
	}
	if err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
