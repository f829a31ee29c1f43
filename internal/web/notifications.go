package web

import (
	"net/http"

	"github.com/socle-portal/socle/internal/org"
)

type notificationView struct {
	org.Notification
	OrgName, OrgSlug, Other string
}

func (s *Server) notifications(w http.ResponseWriter, r *http.Request) error {
	v := visitorOf(r)
	list, _, err := s.orgs.Notifications(r.Context(), v.User, org.AllNotices, 1, 100)
	if err != nil {
		return err
	}
	views := make([]notificationView, len(list))
	for i, n := range list {
		views[i].Notification = n
		if o, err := s.orgs.Get(r.Context(), n.OrgID); err == nil {
			views[i].OrgName, views[i].OrgSlug = o.Name, o.Slug
		}
		if n.OtherUserID != "" {
			if u, err := s.accounts.User(r.Context(), n.OtherUserID); err == nil {
				views[i].Other = u.FullName()
			}
		}
	}
	s.render(w, r, http.StatusOK, "notifications", &page{Title: "notifications.title", Data: views})
	return nil
}

func (s *Server) readNotification(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.orgs.MarkRead(r.Context(), visitorOf(r).User, r.PathValue("id")); err != nil {
		return err
	}
	http.Redirect(w, r, localPath(r.PostFormValue("next"), "/notifications"), http.StatusSeeOther)
	return nil
}
