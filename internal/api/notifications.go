package api

import (
	"net/http"

	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/validate"
)

// notificationJSON is udata's notification object; its details are one of
// the three kinds below.
type notificationJSON struct {
	ID        string `json:"id"`
	CreatedAt stamp  `json:"created_at"`
	HandledAt stamp  `json:"handled_at"`
	User      string `json:"user"`
	Details   any    `json:"details"`
}

// requestNotice tells admins of a membership request, or a user of an
// invitation; request_user is left out when the account is gone.
type requestNotice struct {
	Class        string `json:"class"`
	Organization any    `json:"request_organization"`
	Kind         string `json:"kind"`
	User         any    `json:"request_user,omitempty"`
}

// badgeNotice tells members of a badge their organization received.
type badgeNotice struct {
	Class        string `json:"class"`
	Organization any    `json:"organization"`
	Kind         string `json:"kind"`
}

// answerNotice tells a user their request was accepted or refused, with
// the refusal's comment if any.
type answerNotice struct {
	Class        string `json:"class"`
	Organization any    `json:"organization"`
	Comment      string `json:"comment,omitempty"`
}

func (a *API) notificationJSON(r *http.Request, n org.Notification) notificationJSON {
	var ref any // null when the organization is gone
	if o, err := a.orgs.Get(r.Context(), n.OrgID); err == nil {
		ref = a.orgRef(o)
	}
	out := notificationJSON{ID: n.ID, CreatedAt: stamp(n.CreatedAt), HandledAt: stamp(n.ReadAt), User: n.UserID}
	switch n.Kind {
	case org.NotifyRequest:
		d := requestNotice{Class: n.Kind, Organization: ref, Kind: n.RequestKind}
		if u, err := a.accounts.User(r.Context(), n.OtherUserID); err == nil {
			d.User = a.userRef(u, seenBy(callerOf(r).user, true))
		}
		out.Details = d
	case org.NotifyBadge:
		out.Details = badgeNotice{Class: n.Kind, Organization: ref, Kind: n.Badge}
	default:
		out.Details = answerNotice{Class: n.Kind, Organization: ref, Comment: n.Comment}
	}
	return out
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
