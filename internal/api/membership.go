package api

import (
	"errors"
	"net/http"

	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/validate"
)

func (a *API) requestJSON(r *http.Request, req org.Request, o org.Organization) map[string]any {
	ctx := r.Context()
	var user, by any
	if req.UserID != "" {
		if u, err := a.accounts.User(ctx, req.UserID); err == nil {
			user = a.userRef(u, seenBy(callerOf(r).user, true))
		}
	}
	if req.HandledBy != "" {
		if u, err := a.accounts.User(ctx, req.HandledBy); err == nil {
			by = a.userRef(u, seenBy(callerOf(r).user, false))
		}
	}
	return map[string]any{"id": req.ID, "user": user, "email": orNull(req.Email), "kind": req.Kind,
		"status": string(req.Status), "role": string(req.Role), "comment": req.Comment, "created": isoTime(req.CreatedAt),
		"assignments": assignmentRefs(req.Assignments), "handled_on": isoTime(req.HandledAt), "handled_by": by,
		"refusal_comment": orNull(req.RefusalComment), "organization": a.orgRef(o)}
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
	out := make([]any, 0, len(list))
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
	a.writeJSON(w, r, http.StatusOK, map[string]any{})
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
	a.writeJSON(w, r, http.StatusOK, map[string]any{})
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

func (a *API) notificationJSON(r *http.Request, n org.Notification) map[string]any {
	details := map[string]any{"class": n.Kind}
	o, err := a.orgs.Get(r.Context(), n.OrgID)
	var ref any
	if err == nil {
		ref = a.orgRef(o)
	}
	switch n.Kind {
	case org.NotifyRequest:
		details["request_organization"] = ref
		details["kind"] = n.RequestKind
		if u, err := a.accounts.User(r.Context(), n.OtherUserID); err == nil {
			details["request_user"] = a.userRef(u, seenBy(callerOf(r).user, true))
		}
	case org.NotifyBadge:
		details["organization"], details["kind"] = ref, n.Badge
	default:
		details["organization"] = ref
		if n.Comment != "" {
			details["comment"] = n.Comment
		}
	}
	return map[string]any{"id": n.ID, "created_at": isoTime(n.CreatedAt), "handled_at": isoTime(n.ReadAt),
		"user": n.UserID, "details": details}
}

func (a *API) listNotifications(w http.ResponseWriter, r *http.Request) error {
	page, size, err := paging(r, 20)
	if err != nil {
		return err
	}
	// udata's handled: true for read notices only, false for unread ones.
	filter := org.AllNotices
	switch r.URL.Query().Get("handled") {
	case "false":
		filter = org.UnreadNotices
	case "true":
		filter = org.ReadNotices
	case "":
	default:
		return validate.Field("handled", "bool.invalid")
	}
	list, total, err := a.orgs.Notifications(r.Context(), callerOf(r).user, filter, page, size)
	if err != nil {
		return err
	}
	data := make([]any, 0, len(list))
	for _, n := range list {
		data = append(data, a.notificationJSON(r, n))
	}
	a.writeJSON(w, r, http.StatusOK, a.envelope(r, data, page, size, total))
	return nil
}

func (a *API) readNotification(w http.ResponseWriter, r *http.Request) error {
	n, err := a.orgs.MarkRead(r.Context(), callerOf(r).user, r.PathValue("id"))
	if err != nil {
		return err
	}
	a.writeJSON(w, r, http.StatusOK, a.notificationJSON(r, n))
	return nil
}
