package web

import (
	"errors"
	"maps"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/follow"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/validate"
)

type searchData struct {
	Q      string
	Badge  string   // the badge filter, "" for all
	Badges []string // every badge kind

	Orgs       []orgCard
	Total      int
	Page, Last int
	Prev, Next string
}

const orgsPerPage = 20

func (s *Server) searchOrgs(w http.ResponseWriter, r *http.Request) error {
	q, badge := r.URL.Query().Get("q"), r.URL.Query().Get("badge")
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	n = min(max(n, 1), validate.MaxPage)
	found, err := s.orgs.Search(r.Context(), org.Query{Q: q, Badge: badge, Page: n, PageSize: orgsPerPage})
	if err != nil {
		return err
	}
	total := found.Total
	d := searchData{Q: q, Badge: badge, Badges: slices.Sorted(maps.Keys(org.Badges)), Orgs: orgCards(visitorOf(r), found.Items, s.orgs.LogoURL), Total: total,
		Page: n, Last: (total + orgsPerPage - 1) / orgsPerPage}
	link := func(p int) string {
		v := url.Values{"q": {q}, "page": {strconv.Itoa(p)}}
		if badge != "" {
			v.Set("badge", badge)
		}
		return "/organizations?" + v.Encode()
	}
	if n > 1 {
		d.Prev = link(n - 1)
	}
	if n < d.Last {
		d.Next = link(n + 1)
	}
	s.render(w, r, http.StatusOK, "orgs", &page{Title: "orgs.title", Data: d})
	return nil
}

// orgCard is an organization of the search page with its texts resolved in
// Go: each template call costs reflection, and a page has 20 cards.
type orgCard struct {
	Slug, Name, Acronym string
	Logo                string   // the logo's URL, 60 px; empty when none
	Badges              []string // their labels
	Members             string   // "3 membres"
	SIREN               string   // the first 9 digits of the business number
}

func orgCards(v *visitor, list []org.Organization, logo func(org.Organization, int) string) []orgCard {
	p := &page{v: v}
	out := make([]orgCard, len(list))
	for i, o := range list {
		c := orgCard{Slug: o.Slug, Name: o.Name, Acronym: o.Acronym, Logo: logo(o, 60),
			Members: p.N("orgs.members.one", "orgs.members.other", o.Members), SIREN: o.BusinessNumber[:min(9, len(o.BusinessNumber))]}
		for _, b := range o.Badges {
			c.Badges = append(c.Badges, p.T("badge."+b))
		}
		out[i] = c
	}
	return out
}

type orgData struct {
	Datasets      []catalog.Dataset
	CanAskSupport bool
	AskSupportAt  time.Time // when the visitor's pending request may go to support
	EscalatesBy   time.Time // when it goes there by itself
	MyFunction    org.Function
	Badges        []string
	Org           org.Organization
	Members       []org.Member
	Admins        []account.User // the organization's contact on its page
	Access        org.Access
	Pending       *org.Request // the visitor's pending request
	Refused       *org.Request // the visitor's latest refused request
	Done          string
	Health        org.Health
	Requests      []requestView
	Events        []org.Event
	Names         map[string]string          // user id → name, for the history
	Assigned      map[string]map[string]bool // partial editor → dataset ids assigned
	Roles         []org.Role                 // the options of the role lists
	DefaultRole   org.Role                   // preselected in the invitation form
	Functions     []org.Function
	Tab           string // the organization page's tab: info, datasets or members
	OpenRequests  int    // pending requests, counted for admins
	Follow        *followView
}

type requestView struct {
	org.Request
	Name, Email string
}

// loadOrg resolves {slug} to a live organization, answering 404 or 410.
func (s *Server) loadOrg(r *http.Request) (org.Organization, error) {
	o, err := s.orgs.Get(r.Context(), r.PathValue("slug"))
	if err == nil && o.Deleted() {
		err = org.ErrDeleted
	}
	return o, err
}

func (s *Server) orgData(r *http.Request) (orgData, error) {
	o, err := s.loadOrg(r)
	if err != nil {
		return orgData{}, err
	}
	v := visitorOf(r)
	d := orgData{Org: o, Tab: "info", Done: r.URL.Query().Get("done"), Roles: org.RoleIDs(), DefaultRole: org.DefaultRole,
		Functions: org.Functions}
	if d.Members, err = s.orgs.Members(r.Context(), o.ID); err == nil {
		d.Access, err = s.orgs.Access(r.Context(), v.User, o.ID)
	}
	if err == nil && v.SignedIn && !d.Access.Member {
		var mine []org.Request
		mine, err = s.orgs.Requests(r.Context(), v.User, o.ID, "", v.User.ID)
		for i := range mine {
			switch mine[i].Status {
			case org.StatusPending:
				d.Pending = &mine[i]
				d.CanAskSupport = s.orgs.CanAskSupport(mine[i])
				d.AskSupportAt, d.EscalatesBy = s.orgs.AskSupportFrom(mine[i]), s.orgs.EscalatesBy(mine[i])
			case org.StatusRefused:
				d.Refused = &mine[i]
			}
		}
	}
	if err != nil {
		return d, err
	}
	q := catalog.Query{OrgID: o.ID, WithHidden: true, Page: 1, PageSize: 50}
	found, err := s.catalog.Search(r.Context(), v.User, q)
	if err != nil {
		return d, err
	}
	d.Datasets = found.Items
	if d.Access.CanAdmin() {
		open, err := s.orgs.Requests(r.Context(), v.User, o.ID, org.StatusPending, "")
		if err != nil {
			return d, err
		}
		d.OpenRequests = len(open)
	}
	if d.Follow, err = s.followState(r, follow.Target{Kind: follow.Organization, ID: o.ID}, "/organizations/"+o.Slug); err != nil {
		return d, err
	}
	d.Health = org.HealthOf(d.Members)
	for _, m := range d.Members {
		if m.User.ID == v.User.ID {
			d.MyFunction = m.Function
		}
		if m.Role == org.RoleAdmin {
			d.Admins = append(d.Admins, m.User)
		}
	}
	for k := range org.Badges {
		d.Badges = append(d.Badges, k)
	}
	sort.Strings(d.Badges)
	return d, nil
}

func (s *Server) orgPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.orgData(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "org", &page{Title: "org.title", Data: d})
	return nil
}

// orgDatasets is the organization's "Jeux de données" tab.
func (s *Server) orgDatasets(w http.ResponseWriter, r *http.Request) error {
	d, err := s.orgData(r)
	if err != nil {
		return err
	}
	d.Tab = "datasets"
	s.render(w, r, http.StatusOK, "orgdatasets", &page{Title: "org.datasets", Data: d})
	return nil
}

func (s *Server) newOrgForm(w http.ResponseWriter, r *http.Request) error {
	s.render(w, r, http.StatusOK, "orgnew", &page{Title: "orgnew.title", Form: r.URL.Query()})
	return nil
}

func (s *Server) createOrg(w http.ResponseWriter, r *http.Request) error {
	in := org.Input{Name: r.PostFormValue("name"), Acronym: r.PostFormValue("acronym"),
		Description: r.PostFormValue("description"), URL: r.PostFormValue("url"),
		BusinessNumber: r.PostFormValue("business_number_id")}
	o, err := s.orgs.Create(r.Context(), visitorOf(r).User, in, r.PostFormValue("confirm_duplicates") == "on")
	var dup *org.DuplicateError
	if errors.As(err, &dup) {
		s.render(w, r, http.StatusConflict, "orgnew", &page{Title: "orgnew.title", Form: r.PostForm, Data: dup.Orgs})
		return nil
	}
	if err != nil {
		return s.form(w, r, "orgnew", &page{Title: "orgnew.title"}, err)
	}
	http.Redirect(w, r, "/organizations/"+o.Slug+"?done=created", http.StatusSeeOther)
	return nil
}

func (s *Server) editOrgForm(w http.ResponseWriter, r *http.Request) error {
	d, err := s.orgData(r)
	if err != nil {
		return err
	}
	if !d.Access.CanAdmin() {
		return org.ErrForbidden
	}
	s.render(w, r, http.StatusOK, "orgedit", &page{Title: "orgedit.title", Form: orgForm(d.Org), Data: d.Org})
	return nil
}

// orgForm is how an organization shows in its edit form.
func orgForm(o org.Organization) url.Values {
	return url.Values{"name": {o.Name}, "acronym": {o.Acronym}, "description": {o.Description}, "url": {o.URL},
		"business_number_id": {o.BusinessNumber}}
}

func (s *Server) editOrg(w http.ResponseWriter, r *http.Request) error {
	o, err := s.loadOrg(r)
	if err != nil {
		return err
	}
	in := org.Input{Name: r.PostFormValue("name"), Acronym: r.PostFormValue("acronym"),
		Description: r.PostFormValue("description"), URL: r.PostFormValue("url"),
		BusinessNumber: r.PostFormValue("business_number_id")}
	if _, err := s.orgs.Update(r.Context(), visitorOf(r).User, o.ID, in); err != nil {
		return s.form(w, r, "orgedit", &page{Title: "orgedit.title", Data: o}, err)
	}
	http.Redirect(w, r, "/organizations/"+o.Slug+"?done=updated", http.StatusSeeOther)
	return nil
}

func (s *Server) deleteOrg(w http.ResponseWriter, r *http.Request) error {
	o, err := s.loadOrg(r)
	if err != nil {
		return err
	}
	// Only an admin sees the edit page again; Delete checks the right again,
	// in its transaction.
	acc, err := s.orgs.Access(r.Context(), visitorOf(r).User, o.ID)
	if err == nil && !acc.CanAdmin() {
		err = org.ErrForbidden
	}
	if err != nil {
		return err
	}
	if r.PostFormValue("confirm") != o.Slug {
		// The edit page again, the problem on the confirmation field.
		form := orgForm(o)
		form.Set("form", "delete")
		form.Set("confirm", r.PostFormValue("confirm"))
		s.render(w, r, http.StatusUnprocessableEntity, "orgedit", &page{Title: "orgedit.title", Form: form, Data: o,
			Errors: map[string][]string{"confirm": {"orgedit.delete_confirm_missing"}}})
		return nil
	}
	if err := s.orgs.Delete(r.Context(), visitorOf(r).User, o.ID); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "message", &page{Title: "orgedit.deleted.title", Message: "orgedit.deleted", Data: o.Name})
	return nil
}

func (s *Server) badge(w http.ResponseWriter, r *http.Request) error {
	o, err := s.loadOrg(r)
	if err != nil {
		return err
	}
	v, kind := visitorOf(r), r.PostFormValue("kind")
	if r.PostFormValue("action") == "remove" {
		err = s.orgs.RemoveBadge(r.Context(), v.User, o.ID, kind)
	} else {
		_, err = s.orgs.AddBadge(r.Context(), v.User, o.ID, kind)
	}
	if err != nil && fieldErrors(err) == nil {
		return err
	}
	http.Redirect(w, r, "/organizations/"+o.Slug, http.StatusSeeOther)
	return nil
}

func (s *Server) uploadLogo(w http.ResponseWriter, r *http.Request) error {
	o, err := s.loadOrg(r)
	if err != nil {
		return err
	}
	err = uploadTooBig(r, "logo.too_big")
	if err == nil {
		var f multipart.File
		if f, _, err = r.FormFile("file"); err != nil {
			err = validate.Field("file", "image.none")
		} else {
			defer f.Close()
			_, err = s.orgs.SetLogo(r.Context(), visitorOf(r).User, o.ID, f)
		}
	}
	if problems := fieldErrors(err); problems != nil {
		// The edit page again, the problem next to the logo field.
		form := orgForm(o)
		form.Set("form", "logo")
		s.render(w, r, http.StatusUnprocessableEntity, "orgedit", &page{Title: "orgedit.title", Form: form, Data: o, Errors: problems})
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/organizations/"+o.Slug+"?done=logo", http.StatusSeeOther)
	return nil
}
