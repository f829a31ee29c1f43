package api

import (
	"net/http"
)

// escalationJSON is a request sent to support, with the organization's
// admins who left it unanswered.
type escalationJSON struct {
	requestJSON
	EscalatedOn stamp  `json:"escalated_on"`
	Reason      string `json:"escalation_reason"`
	Admins      []any  `json:"admins"`
}

// supportQueue lists the requests waiting for support (socle extension);
// sysadmins only.
func (a *API) supportQueue(w http.ResponseWriter, r *http.Request) error {
	items, err := a.orgs.SupportQueue(r.Context(), callerOf(r).user)
	if err != nil {
		return err
	}
	out := make([]escalationJSON, 0, len(items))
	for _, it := range items {
		j := escalationJSON{requestJSON: a.requestJSON(r, it.Request, it.Org), EscalatedOn: stamp(it.EscalatedAt),
			Reason: it.EscalationWhy, Admins: []any{}}
		for _, m := range it.Admins {
			j.Admins = append(j.Admins, a.memberJSON(m, seenBy(callerOf(r).user, true)))
		}
		out = append(out, j)
	}
	a.writeJSON(w, r, http.StatusOK, out)
	return nil
}

// askSupport sends the caller's unanswered request to support.
func (a *API) askSupport(w http.ResponseWriter, r *http.Request) error {
	o, err := a.liveOrg(r)
	if err == nil {
		err = a.orgs.AskSupport(r.Context(), callerOf(r).user, o.ID, r.PathValue("id"))
	}
	if err != nil {
		return err
	}
	a.writeJSON(w, r, http.StatusOK, empty{})
	return nil
}

// supportLookalikes lists the organizations created although they look
// like a live one, waiting for support (socle extension); sysadmins only.
func (a *API) supportLookalikes(w http.ResponseWriter, r *http.Request) error {
	viewer := callerOf(r).user
	items, err := a.orgs.Lookalikes(r.Context(), viewer)
	if err != nil {
		return err
	}
	out := make([]lookalikeJSON, 0, len(items))
	for _, it := range items {
		var creator any
		if it.Creator.ID != "" {
			creator = a.userRef(it.Creator, seenBy(viewer, false))
		}
		out = append(out, lookalikeJSON{Org: a.orgRef(it.Org), Like: a.orgRef(it.Like),
			CreatedAt: stamp(it.CreatedAt), CreatedBy: creator})
	}
	a.writeJSON(w, r, http.StatusOK, out)
	return nil
}

// dismissLookalike settles a pair as two different organizations.
func (a *API) dismissLookalike(w http.ResponseWriter, r *http.Request) error {
	if err := a.orgs.DismissLookalike(r.Context(), callerOf(r).user, r.PathValue("org"), r.PathValue("like")); err != nil {
		return err
	}
	a.writeJSON(w, r, http.StatusOK, empty{})
	return nil
}

// lookalikeJSON is an organization created although it looks like a live
// one; created_by is null when its creator is gone.
type lookalikeJSON struct {
	Org       any   `json:"organization"`
	Like      any   `json:"lookalike"`
	CreatedAt stamp `json:"created_at"`
	CreatedBy any   `json:"created_by"`
}
