package web

import (
	"errors"
	"net/http"

	"github.com/socle-portal/socle/internal/follow"
)

// followView is the follow button of an organization's or a dataset's
// page: the followers count, whether the visitor follows, and where the
// form posts (Action + "/follow" or "/unfollow").
type followView struct {
	Count     int
	Following bool
	Kind      follow.Kind
	Action    string
}

// followState reads t's follow button for the visitor; nil when the pages
// are built without following.
func (s *Server) followState(r *http.Request, t follow.Target, action string) (*followView, error) {
	if s.follows == nil {
		return nil, nil
	}
	n, on, err := s.follows.State(r.Context(), visitorOf(r).User.ID, t)
	if err != nil {
		return nil, err
	}
	return &followView{Count: n, Following: on, Kind: t.Kind, Action: action}, nil
}

// followOrg and followDataset follow (on) or stop following the page's
// object, then show its page again. Both are idempotent, as a second click
// or a form sent twice should be: following twice changes nothing, and
// stopping what one does not follow is done already.
func (s *Server) followOrg(on bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		o, err := s.loadOrg(r)
		if err != nil {
			return err
		}
		if err := s.setFollow(r, follow.Target{Kind: follow.Organization, ID: o.ID}, on); err != nil {
			return err
		}
		http.Redirect(w, r, "/organizations/"+o.Slug+"?done="+followDone(on)+"#follow", http.StatusSeeOther)
		return nil
	}
}

func (s *Server) followDataset(on bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		d, err := s.loadDataset(r) // the catalog's visibility: a hidden dataset is not found
		if err != nil {
			return err
		}
		if err := s.setFollow(r, follow.Target{Kind: follow.Dataset, ID: d.ID}, on); err != nil {
			return err
		}
		http.Redirect(w, r, "/datasets/"+d.Slug+"?done="+followDone(on)+"#follow", http.StatusSeeOther)
		return nil
	}
}

func (s *Server) setFollow(r *http.Request, t follow.Target, on bool) error {
	u := visitorOf(r).User
	if on {
		_, _, err := s.follows.Follow(r.Context(), u, t)
		return err
	}
	_, err := s.follows.Unfollow(r.Context(), u, t)
	if errors.Is(err, follow.ErrNotFollowing) {
		return nil
	}
	return err
}

// followRoutes are the follow buttons' forms, when following is on.
func (s *Server) followRoutes(m *http.ServeMux) {
	m.HandleFunc("POST /organizations/{slug}/follow", s.signedIn(s.followOrg(true)))
	m.HandleFunc("POST /organizations/{slug}/unfollow", s.signedIn(s.followOrg(false)))
	m.HandleFunc("POST /datasets/{slug}/follow", s.signedIn(s.followDataset(true)))
	m.HandleFunc("POST /datasets/{slug}/unfollow", s.signedIn(s.followDataset(false)))
}

func followDone(on bool) string {
	if on {
		return "followed"
	}
	return "unfollowed"
}
