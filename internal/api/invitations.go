package api

import (
	"errors"
	"net/http"

	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/validate"
)

func (a *API) invite(w http.ResponseWriter, r *http.Request) error {
	o, err := a.liveOrg(r)
	if err != nil {
		return err
	}
	var in org.Invite
	var role string
	var assignments []classRef
	obj, err := decodeObject(w, r)
	if err == nil {
		err = fields(langOf(r), obj, map[string]any{"user": &in.UserID, "email": &in.Email, "role": &role,
			"comment": &in.Comment, "assignments": &assignments})
	}
	for _, ref := range assignments {
		if err == nil && (ref.Class != "Dataset" || !objectID.MatchString(ref.ID)) {
			err = validate.Field("assignments", "assign.malformed")
		}
		in.Assignments = append(in.Assignments, ref.ID)
	}
	var req org.Request
	if err == nil {
		in.Role = org.Role(role)
		req, err = a.orgs.Invite(r.Context(), callerOf(r).user, o.ID, in)
	}
	if err != nil {
		return err
	}
	a.writeJSON(w, r, http.StatusCreated, a.requestJSON(r, req, o))
	return nil
}

// invitationJSON is an invitation as its invitee sees it.
type invitationJSON struct {
	ID           string     `json:"id"`
	Organization any        `json:"organization"`
	Role         string     `json:"role"`
	Comment      string     `json:"comment"`
	Created      stamp      `json:"created"`
	Expires      stamp      `json:"expires"`
	Assignments  []classRef `json:"assignments"`
}

func (a *API) myInvitations(w http.ResponseWriter, r *http.Request) error {
	list, err := a.orgs.Invitations(r.Context(), callerOf(r).user)
	if err != nil {
		return err
	}
	out := make([]invitationJSON, 0, len(list))
	for _, inv := range list {
		out = append(out, invitationJSON{ID: inv.ID, Organization: a.orgRef(inv.Org), Role: string(inv.Role),
			Comment: inv.Comment, Created: stamp(inv.CreatedAt), Expires: stamp(inv.ExpiresAt),
			Assignments: assignmentRefs(inv.Assignments)})
	}
	a.writeJSON(w, r, http.StatusOK, out)
	return nil
}

func (a *API) answerInvitation(accept bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		m, err := a.orgs.AnswerInvitation(r.Context(), callerOf(r).user, r.PathValue("id"), accept)
		switch {
		case errors.Is(err, org.ErrExpired):
			a.writeJSON(w, r, http.StatusGone, text(r, "invitation.expired"))
		case err != nil:
			return err
		case accept:
			a.writeJSON(w, r, http.StatusOK, a.memberJSON(m, seenBy(callerOf(r).user, true)))
		default:
			a.writeJSON(w, r, http.StatusOK, empty{})
		}
		return nil
	}
}

// assignmentRefs are an invitation's datasets as udata's {class, id}.
func assignmentRefs(ids []string) []classRef {
	out := make([]classRef, len(ids))
	for i, id := range ids {
		out[i] = classRef{"Dataset", id}
	}
	return out
}
