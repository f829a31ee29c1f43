package web

import (
	"net/http"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/org"
)

// producerOrg is one organization of the producer space, with its datasets.
type producerDataset struct {
	catalog.Dataset
	Resources []catalog.Resource
	Warnings  int // resources whose GTFS check found errors
}

type producerOrg struct {
	org.Membership
	Datasets []producerDataset
	Total    int
	Pending  int // requests waiting for this user, when admin
}

type producerData struct {
	Transfers   []transferView
	Orgs        []producerOrg
	Own         []catalog.Dataset
	Requests    []pendingView
	Invitations []org.Invitation
}

type pendingView struct {
	org.Request
	Org org.Organization
}

// producer is the producer space: everything the signed-in user publishes
// or may publish, in one page.
func (s *Server) producer(w http.ResponseWriter, r *http.Request) error {
	ctx, u := r.Context(), visitorOf(r).User
	ms, err := s.orgs.Memberships(ctx, u)
	if err != nil {
		return err
	}
	var d producerData
	for _, m := range ms {
		po := producerOrg{Membership: m}
		found, err := s.catalog.Search(ctx, u, catalog.Query{OrgID: m.Org.ID, WithHidden: true, Page: 1, PageSize: 50})
		if err != nil {
			return err
		}
		po.Total = found.Total
		for _, ds := range found.Items {
			pd := producerDataset{Dataset: ds}
			if pd.Resources, err = s.catalog.Resources(ctx, ds.ID); err != nil {
				return err
			}
			for _, res := range pd.Resources {
				if res.Report != nil && !res.Report.Valid {
					pd.Warnings++
				}
			}
			po.Datasets = append(po.Datasets, pd)
		}
		if m.Role == org.RoleAdmin {
			reqs, err := s.orgs.Requests(ctx, u, m.Org.ID, org.StatusPending, "")
			if err != nil {
				return err
			}
			po.Pending = len(reqs)
		}
		d.Orgs = append(d.Orgs, po)
	}
	own, err := s.catalog.Search(ctx, u, catalog.Query{OwnerID: u.ID, WithHidden: true, Page: 1, PageSize: 50})
	if err == nil {
		d.Own = own.Items
		d.Invitations, err = s.orgs.Invitations(ctx, u)
	}
	if err == nil {
		d.Requests, err = s.myPendingRequests(r)
	}
	if err == nil {
		d.Transfers, err = s.transferViews(r)
	}
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "producer", &page{Title: "producer.title", Data: d})
	return nil
}

func (s *Server) myPendingRequests(r *http.Request) ([]pendingView, error) {
	reqs, err := s.orgs.MyRequests(r.Context(), visitorOf(r).User)
	if err != nil {
		return nil, err
	}
	out := make([]pendingView, 0, len(reqs))
	for _, rq := range reqs {
		o, err := s.orgs.Get(r.Context(), rq.OrgID)
		if err != nil {
			return nil, err
		}
		out = append(out, pendingView{Request: rq, Org: o})
	}
	return out, nil
}
