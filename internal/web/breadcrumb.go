package web

import (
	"net/url"
	"strings"
)

// crumb is a step of a breadcrumb; the last one, the current page, has no
// link.
type crumb struct{ Label, Href string }

// trail is a page's breadcrumb, after DSFR's fr-breadcrumb.
type trail struct {
	Label string // the nav's name for screen readers
	Items []crumb
}

// Crumbs builds a breadcrumb from the home page through pairs of label and
// link; the last label is the current page, and its link is ignored.
func (p *page) Crumbs(pairs ...string) trail {
	t := trail{Label: p.T("crumbs.label"), Items: []crumb{{p.T("crumbs.home"), "/"}}}
	for i := 0; i+1 < len(pairs); i += 2 {
		t.Items = append(t.Items, crumb{pairs[i], pairs[i+1]})
	}
	if len(pairs)%2 == 1 {
		t.Items = append(t.Items, crumb{Label: pairs[len(pairs)-1]})
	}
	t.Items[len(t.Items)-1].Href = ""
	return t
}

// crumbParents are the pages above the pages under a path, for pages whose
// template names no breadcrumb of its own.
var crumbParents = []struct{ prefix, key, href string }{
	{"/account/", "account.title", "/account"},
	{"/organizations/", "orgs.title", "/organizations"},
	{"/datasets/", "datasets.title", "/datasets"},
	{"/login/", "login.title", "/login"},
}

// Trail is the breadcrumb of a page that defines none: home, the section
// the path is in, and the page's title. The home page and error pages have
// none.
func (p *page) Trail() trail {
	u, _ := url.Parse(p.path)
	if u == nil || u.Path == "/" || strings.HasPrefix(p.Title, "error.") {
		return trail{}
	}
	var pairs []string
	for _, c := range crumbParents {
		if strings.HasPrefix(u.Path, c.prefix) {
			pairs = append(pairs, p.T(c.key), c.href)
			break
		}
	}
	return p.Crumbs(append(pairs, p.T(p.Title))...)
}
