package api

import (
	"net/http"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/follow"
)

// myMetrics serves GET /me/metrics/, udata's counts for the caller's
// dashboard: their datasets, their organizations' datasets and followers
// (udata's sum over the caller's organizations).
// socle checks no resource's availability, so it is 100 as udata's default.
func (a *API) myMetrics(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), callerOf(r).user
	count := func(q catalog.Query) (int, error) {
		q.WithHidden, q.Page, q.PageSize = true, 1, 1
		p, err := a.catalog.Search(ctx, u, q)
		return p.Total, err
	}
	own, err := count(catalog.Query{OwnerID: u.ID})
	if err != nil {
		return err
	}
	ms, err := a.orgs.Memberships(ctx, u)
	if err != nil {
		return err
	}
	inOrgs, orgIDs := 0, []string{}
	for _, m := range ms {
		if m.Org.Deleted() {
			continue
		}
		n, err := count(catalog.Query{OrgID: m.Org.ID})
		if err != nil {
			return err
		}
		inOrgs += n
		orgIDs = append(orgIDs, m.Org.ID)
	}
	followers, err := a.followersOf(r, follow.Organization, orgIDs)
	if err != nil {
		return err
	}
	orgFollowers := 0
	for _, n := range followers {
		orgFollowers += n
	}
	// followers_count is the caller's own followers: socle has no following
	// of users, so none.
	a.writeJSON(w, r, http.StatusOK, meMetricsJSON{Availability: 100, Datasets: own, OrgDatasets: inOrgs,
		OrgFollowers: orgFollowers})
	return nil
}

// meMetricsJSON is udata's /me/metrics/.
type meMetricsJSON struct {
	Availability float64 `json:"resources_availability"`
	Datasets     int     `json:"datasets_count"`
	OrgDatasets  int     `json:"datasets_org_count"`
	Followers    int     `json:"followers_count"`
	OrgFollowers int     `json:"followers_org_count"`
}
