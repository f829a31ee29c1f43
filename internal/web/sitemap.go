package web

import "net/http"

// siteLink is a page of the site map: its title key and its address.
type siteLink struct{ Key, Href string }

// siteSection is a heading of the site map and its pages.
type siteSection struct {
	Key   string
	Links []siteLink
}

// sitemap lists the pages this visitor can reach, by section: the routes
// of web.go that take no parameter, less those reached only from a link
// (confirmation, reset, setup) or a form, and files. TestSitemapCoversRoutes keeps the
// two lists together.
func (s *Server) sitemap(v *visitor) []siteSection {
	portal := siteSection{"sitemap.portal", []siteLink{{"crumbs.home", "/"}, {"datasets.title", "/datasets"},
		{"orgs.title", "/organizations"}, {"sitemap.api", "/api/1/swagger/"}}}
	you := siteSection{Key: "sitemap.account"}
	if !v.SignedIn {
		you.Links = []siteLink{{"login.title", "/login"}, {"signup.title", "/signup"},
			{"forgot.title", "/password/forgot"}, {"resend.title", "/confirm/resend"}}
	} else {
		you.Links = []siteLink{{"producer.title", "/producer"}, {"notifications.title", "/notifications"},
			{"orgnew.title", "/organizations/new"}, {"datasetnew.title", "/datasets/new"},
			{"account.title", "/account"}, {"email.title", "/account/email"}, {"password.title", "/account/password"},
			{"twofactor.title", "/account/two-factor"}, {"sessions.title", "/account/sessions"},
			{"apikeys.title", "/account/apikeys"}, {"prefs.title", "/account/notifications"},
			{"export.title", "/account/export"}, {"delete.title", "/account/delete"}}
		if s.oauth != nil {
			you.Links = append(you.Links, siteLink{"apps.title", "/account/apps"})
		}
	}
	out := []siteSection{portal, you}
	if v.SignedIn && v.User.Sysadmin {
		admin := siteSection{"sitemap.admin", []siteLink{{"support.title", "/support"}}}
		if s.oauth != nil {
			admin.Links = append(admin.Links, siteLink{"clients.title", "/admin/oauth"})
		}
		out = append(out, admin)
	}
	return append(out, siteSection{"sitemap.about", []siteLink{{"contact.title", "/contact"}, {"terms.title", "/terms"},
		{"legal.accessibilite.title", "/accessibilite"}, {"legal.mentions.title", "/mentions-legales"},
		{"legal.donnees.title", "/donnees-personnelles"}, {"sitemap.title", "/plan-du-site"}}})
}

func (s *Server) sitemapPage(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "sitemap", &page{Title: "sitemap.title", Data: s.sitemap(visitorOf(r))})
	return nil
}
