package web

import "sync"

// layoutText holds the layout's fixed texts in one language: every page
// shows them, and a template's call of T costs reflection each time (a
// fifth of the organization search page's rendering).
type layoutText struct {
	Skip, NavLabel, Datasets, Orgs, Producer, Notifications,
	Support, Clients, Logout, Login, Signup, Resend,
	FooterLabel, Sitemap, Mentions, Donnees, Terms, Contact string
}

var layoutTexts sync.Map // language → *layoutText; languages are i18n's few

// L returns the layout's texts in the visitor's language.
func (p *page) L() *layoutText {
	if l, ok := layoutTexts.Load(p.v.Lang); ok {
		return l.(*layoutText)
	}
	t := func(key string) string { return translate(p.v.Lang, key) }
	l := &layoutText{
		Skip:          t("nav.skip"),
		NavLabel:      t("nav.label"),
		Datasets:      t("nav.datasets"),
		Orgs:          t("nav.orgs"),
		Producer:      t("nav.producer"),
		Notifications: t("nav.notifications"),
		Support:       t("nav.support"),
		Clients:       t("nav.clients"),
		Logout:        t("nav.logout"),
		Login:         t("nav.login"),
		Signup:        t("nav.signup"),
		Resend:        t("banner.resend"),
		FooterLabel:   t("footer.label"),
		Sitemap:       t("sitemap.title"),
		Mentions:      t("legal.mentions.title"),
		Donnees:       t("legal.donnees.title"),
		Terms:         t("terms.title"),
		Contact:       t("contact.title"),
	}
	layoutTexts.Store(p.v.Lang, l)
	return l
}
