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
