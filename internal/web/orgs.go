package web

import (
	"errors"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/validate"
)

type searchData struct {
	Q      string
	Badge  string   // the badge filter, "" for all
	Badges []string // every badge kind

	Orgs       []org.Organization
	Total      int
	Page, Last int
	Prev, Next string
}

const orgsPerPage = 20

func (s *Server) searchOrgs(w http.ResponseWriter, r *http.Request) error {
	q, badge := r.URL.Query().Get("q"), r.URL.Query().Get("badge")
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	n = min(max(n, 1), validate.MaxPage)
	list, total, err := s.orgs.Search(r.Context(), org.Query{Q: q, Badge: badge, Page: n, PageSize: orgsPerPage})
	if err != nil {
		return err
	}
	d := searchData{Q: q, Badge: badge, Badges: slices.Sorted(maps.Keys(org.Badges)), Orgs: list, Total: total,
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

type orgData struct {
	Datasets      []catalog.Dataset
	CanAskSupport bool
	MyFunction    org.Function
	Badges        []string
	Org           org.Organization
	Members       []org.Member
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
}

type requestView struct {
	org.Request
	Name, Email string
}

// loadOrg resolves {slug} to a live organization, answering 404 or 410.
func (s *Server) loadOrg(w http.ResponseWriter, r *http.Request) (org.Organization, bool) {
	o, err := s.orgs.Get(r.Context(), r.PathValue("slug"))
	if err == nil && o.Deleted() {
		err = org.ErrDeleted
	}
	if err != nil {
		s.fail(w, r, err)
		return o, false
	}
	return o, true
}

func (s *Server) orgData(w http.ResponseWriter, r *http.Request) (orgData, bool) {
	o, ok := s.loadOrg(w, r)
	if !ok {
		return orgData{}, false
	}
	v := visitorOf(r)
	d := orgData{Org: o, Done: r.URL.Query().Get("done"), Roles: org.RoleIDs(), DefaultRole: org.DefaultRole,
		Functions: org.Functions}
	var err error
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
			case org.StatusRefused:
				d.Refused = &mine[i]
			}
		}
	}
	if err != nil {
		s.fail(w, r, err)
		return d, false
	}
	if err == nil {
		q := catalog.Query{OrgID: o.ID, WithHidden: d.Access.Member || d.Access.CanAdmin(), Page: 1, PageSize: 50}
		d.Datasets, _, err = s.catalog.Search(r.Context(), q)
	}
	if err != nil {
		s.fail(w, r, err)
		return d, false
	}
	d.Health = org.HealthOf(d.Members)
	for _, m := range d.Members {
		if m.User.ID == v.User.ID {
			d.MyFunction = m.Function
		}
	}
	for k := range org.Badges {
		d.Badges = append(d.Badges, k)
	}
	sort.Strings(d.Badges)
	return d, true
}

func (s *Server) orgPage(w http.ResponseWriter, r *http.Request) error {
	d, ok := s.orgData(w, r)
	if !ok {
		return nil
	}
	s.render(w, r, http.StatusOK, "org", &page{Title: "org.title", Data: d})
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

func (s *Server) join(w http.ResponseWriter, r *http.Request) error {
	o, ok := s.loadOrg(w, r)
	if !ok {
		return nil
	}
	_, _, err := s.orgs.Ask(r.Context(), visitorOf(r).User, o.ID, r.PostFormValue("comment"))
	if err != nil {
		if fields := fieldErrors(err); fields != nil {
			d, ok := s.orgData(w, r)
			if ok {
				s.render(w, r, http.StatusUnprocessableEntity, "org", &page{Title: "org.title", Data: d, Errors: fields, Form: r.PostForm})
			}
			return nil
		}
		return err
	}
	http.Redirect(w, r, "/organizations/"+o.Slug+"?done=asked", http.StatusSeeOther)
	return nil
}

func (s *Server) membersPage(w http.ResponseWriter, r *http.Request) error {
	s.renderMembers(w, r, http.StatusOK, &page{Title: "members.title"})
	return nil
}

// renderMembers shows the members page, with p's problems and values when
// a form of the page came back invalid.
func (s *Server) renderMembers(w http.ResponseWriter, r *http.Request, status int, p *page) {
	d, ok := s.orgData(w, r)
	if !ok {
		return
	}
	if !d.Access.CanAdmin() {
		s.fail(w, r, org.ErrForbidden)
		return
	}
	reqs, err := s.orgs.Requests(r.Context(), visitorOf(r).User, d.Org.ID, org.StatusPending, "")
	if err == nil {
		d.Events, err = s.orgs.History(r.Context(), visitorOf(r).User, d.Org.ID, 30)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Names = s.names(r, d.Events)
	assigned, err := s.catalog.Assignments(r.Context(), visitorOf(r).User, d.Org.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d.Assigned = map[string]map[string]bool{}
	for user, ids := range assigned {
		d.Assigned[user] = map[string]bool{}
		for _, id := range ids {
			d.Assigned[user][id] = true
		}
	}
	for _, rq := range reqs {
		rv := requestView{Request: rq, Email: rq.Email}
		if u, err := s.accounts.User(r.Context(), rq.UserID); err == nil {
			rv.Name, rv.Email = u.FullName(), u.Email
		}
		d.Requests = append(d.Requests, rv)
	}
	p.Data = d
	s.render(w, r, status, "members", p)
}

// names finds the people the history speaks of: who acted, and whom it
// concerned. Ids that are no account (the command line) stay as they are.
func (s *Server) names(r *http.Request, events []org.Event) map[string]string {
	names := map[string]string{}
	for _, e := range events {
		for _, id := range []string{e.ActorID, e.UserID} {
			if _, done := names[id]; done || id == "" {
				continue
			}
			names[id] = id
			if u, err := s.accounts.User(r.Context(), id); err == nil {
				names[id] = u.FullName()
			}
		}
	}
	return names
}

// orgAction makes a handler that runs act on the organization of the path,
// then redirects to where(o). A form problem shows the page of message
// invalid (422); other errors go through fail.
func (s *Server) orgAction(act func(r *http.Request, o org.Organization, u account.User) error,
	where func(r *http.Request, o org.Organization) string, invalid string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		o, ok := s.loadOrg(w, r)
		if !ok {
			return nil
		}
		err := act(r, o, visitorOf(r).User)
		if fields := fieldErrors(err); fields != nil && invalid != "" {
			// The members page again, the problem next to the field and what
			// was typed kept.
			form := r.PostForm
			form.Set("request", r.PathValue("id"))
			s.renderMembers(w, r, http.StatusUnprocessableEntity, &page{Title: "members.title", Message: invalid,
				Errors: fields, Form: form})
			return nil
		}
		if err != nil {
			return err
		}
		http.Redirect(w, r, where(r, o), http.StatusSeeOther)
		return nil
	}
}

// toMembers sends an admin back to the members page, saying what was done.
func toMembers(done string) func(*http.Request, org.Organization) string {
	return func(_ *http.Request, o org.Organization) string {
		return "/organizations/" + o.Slug + "/members?done=" + done
	}
}

// toPage sends the visitor back to the organization's page.
func toPage(done string) func(*http.Request, org.Organization) string {
	return func(_ *http.Request, o org.Organization) string { return "/organizations/" + o.Slug + "?done=" + done }
}

func (s *Server) accept() handler {
	return s.orgAction(func(r *http.Request, o org.Organization, u account.User) error {
		_, err := s.orgs.Accept(r.Context(), u, o.ID, r.PathValue("id"), org.Role(r.PostFormValue("role")))
		return err
	}, toMembers(string(org.StatusAccepted)), "")
}

func (s *Server) refuse() handler {
	return s.orgAction(func(r *http.Request, o org.Organization, u account.User) error {
		return s.orgs.Refuse(r.Context(), u, o.ID, r.PathValue("id"), r.PostFormValue("comment"))
	}, toMembers(string(org.StatusRefused)), "members.reason_required")
}

func (s *Server) setRole() handler {
	return s.orgAction(func(r *http.Request, o org.Organization, u account.User) error {
		_, err := s.orgs.SetRole(r.Context(), u, o.ID, r.PathValue("user"), org.Role(r.PostFormValue("role")))
		return err
	}, toMembers("role"), "")
}

func (s *Server) removeMember() handler {
	return s.orgAction(func(r *http.Request, o org.Organization, u account.User) error {
		return s.orgs.RemoveMember(r.Context(), u, o.ID, r.PathValue("user"))
	}, toMembers("removed"), "")
}

func (s *Server) setFunction() handler {
	return s.orgAction(func(r *http.Request, o org.Organization, u account.User) error {
		return s.orgs.SetFunction(r.Context(), u, o.ID, r.PathValue("user"), org.Function(r.PostFormValue("function")))
	}, func(r *http.Request, o org.Organization) string {
		return localPath(r.PostFormValue("next"), "/organizations/"+o.Slug)
	}, "")
}

// assign sets the datasets a partial editor may edit.
func (s *Server) assign() handler {
	return s.orgAction(func(r *http.Request, o org.Organization, u account.User) error {
		return s.catalog.Assign(r.Context(), u, o.ID, r.PathValue("user"), r.PostForm["datasets"])
	}, toMembers("assigned"), "")
}

func (s *Server) invite() handler {
	return s.orgAction(func(r *http.Request, o org.Organization, u account.User) error {
		_, err := s.orgs.Invite(r.Context(), u, o.ID, org.Invite{Email: r.PostFormValue("email"),
			Role: org.Role(r.PostFormValue("role")), Comment: r.PostFormValue("comment")})
		return err
	}, toMembers("invited"), "invite.invalid")
}

func (s *Server) cancelJoin() handler {
	return s.orgAction(func(r *http.Request, o org.Organization, u account.User) error {
		return s.orgs.CancelRequest(r.Context(), u, o.ID, r.PathValue("id"))
	}, toPage(string(org.StatusCanceled)), "")
}

func (s *Server) leave() handler {
	return s.orgAction(func(r *http.Request, o org.Organization, u account.User) error {
		return s.orgs.RemoveMember(r.Context(), u, o.ID, u.ID)
	}, toPage("left"), "")
}

func (s *Server) askSupport() handler {
	return s.orgAction(func(r *http.Request, o org.Organization, u account.User) error {
		return s.orgs.AskSupport(r.Context(), u, o.ID, r.PathValue("id"))
	}, toPage("support"), "")
}

func (s *Server) answerInvitation(accept bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		_, err := s.orgs.AnswerInvitation(r.Context(), visitorOf(r).User, r.PathValue("id"), accept)
		if err != nil {
			return err
		}
		http.Redirect(w, r, "/account", http.StatusSeeOther)
		return nil
	}
}

func (s *Server) supportQueue(w http.ResponseWriter, r *http.Request) error {
	items, err := s.orgs.SupportQueue(r.Context(), visitorOf(r).User)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "support", &page{Title: "support.title", Data: items})
	return nil
}

func (s *Server) editOrgForm(w http.ResponseWriter, r *http.Request) error {
	d, ok := s.orgData(w, r)
	if !ok {
		return nil
	}
	if !d.Access.CanAdmin() {
		return org.ErrForbidden
	}
	o := d.Org
	form := url.Values{"name": {o.Name}, "acronym": {o.Acronym}, "description": {o.Description}, "url": {o.URL},
		"business_number_id": {o.BusinessNumber}}
	s.render(w, r, http.StatusOK, "orgedit", &page{Title: "orgedit.title", Form: form, Data: o})
	return nil
}

func (s *Server) editOrg(w http.ResponseWriter, r *http.Request) error {
	o, ok := s.loadOrg(w, r)
	if !ok {
		return nil
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
	o, ok := s.loadOrg(w, r)
	if !ok {
		return nil
	}
	if r.PostFormValue("confirm") != o.Slug {
		s.render(w, r, http.StatusUnprocessableEntity, "error", &page{Title: "orgedit.delete", Message: "orgedit.delete_confirm_missing"})
		return nil
	}
	if err := s.orgs.Delete(r.Context(), visitorOf(r).User, o.ID); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "message", &page{Title: "orgedit.deleted.title", Message: "orgedit.deleted", Data: o.Name})
	return nil
}

func (s *Server) badge(w http.ResponseWriter, r *http.Request) error {
	o, ok := s.loadOrg(w, r)
	if !ok {
		return nil
	}
	v, kind := visitorOf(r), r.PostFormValue("kind")
	var err error
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
	o, ok := s.loadOrg(w, r)
	if !ok {
		return nil
	}
	f, _, err := r.FormFile("file")
	if err != nil {
		s.render(w, r, http.StatusUnprocessableEntity, "error", &page{Title: "orgedit.logo", Message: "orgedit.logo_hint"})
		return nil
	}
	defer f.Close()
	if _, err := s.orgs.SetLogo(r.Context(), visitorOf(r).User, o.ID, f); err != nil {
		if fieldErrors(err) != nil {
			s.render(w, r, http.StatusUnprocessableEntity, "error", &page{Title: "orgedit.logo", Message: "orgedit.logo_hint"})
			return nil
		}
		return err
	}
	http.Redirect(w, r, "/organizations/"+o.Slug+"?done=logo", http.StatusSeeOther)
	return nil
}
