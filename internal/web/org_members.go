package web

import (
	"net/http"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/org"
)

func (s *Server) join(w http.ResponseWriter, r *http.Request) error {
	o, err := s.loadOrg(r)
	if err != nil {
		return err
	}
	_, _, err = s.orgs.Ask(r.Context(), visitorOf(r).User, o.ID, r.PostFormValue("comment"))
	if err != nil {
		if fields := fieldErrors(err); fields != nil {
			d, err := s.orgData(r)
			if err != nil {
				return err
			}
			s.render(w, r, http.StatusUnprocessableEntity, "org", &page{Title: "org.title", Data: d, Errors: fields, Form: r.PostForm})
			return nil
		}
		return err
	}
	http.Redirect(w, r, "/organizations/"+o.Slug+"?done=asked", http.StatusSeeOther)
	return nil
}

func (s *Server) membersPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderMembers(w, r, http.StatusOK, &page{Title: "members.title"})
}

// renderMembers shows the members page, with p's problems and values when
// a form of the page came back invalid.
func (s *Server) renderMembers(w http.ResponseWriter, r *http.Request, status int, p *page) error {
	d, err := s.orgData(r)
	if err != nil {
		return err
	}
	if !d.Access.CanAdmin() {
		return org.ErrForbidden
	}
	d.Tab = "members"
	reqs, err := s.orgs.Requests(r.Context(), visitorOf(r).User, d.Org.ID, org.StatusPending, "")
	if err == nil {
		d.Events, err = s.orgs.History(r.Context(), visitorOf(r).User, d.Org.ID, 30)
	}
	if err != nil {
		return err
	}
	d.Names = s.names(r, d.Events)
	assigned, err := s.catalog.Assignments(r.Context(), visitorOf(r).User, d.Org.ID)
	if err != nil {
		return err
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
	return nil
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
		o, err := s.loadOrg(r)
		if err != nil {
			return err
		}
		err = act(r, o, visitorOf(r).User)
		if fields := fieldErrors(err); fields != nil && invalid != "" {
			// The members page again, the problem next to the field and what
			// was typed kept.
			form := r.PostForm
			form.Set("request", r.PathValue("id"))
			if form.Get("next") == "/support" { // answered from the support queue: the queue again
				return s.renderSupport(w, r, http.StatusUnprocessableEntity, &page{Title: "support.title", Errors: fields, Form: form})
			}
			return s.renderMembers(w, r, http.StatusUnprocessableEntity, &page{Title: "members.title", Message: invalid,
				Errors: fields, Form: form})
		}
		if err != nil {
			return err
		}
		http.Redirect(w, r, where(r, o), http.StatusSeeOther)
		return nil
	}
}

// toMembers sends an admin back to the members page, saying what was done;
// support staff, who answer from their queue, go back to the queue.
func toMembers(done string) func(*http.Request, org.Organization) string {
	return func(r *http.Request, o org.Organization) string {
		if r.PostFormValue("next") == "/support" {
			return "/support?done=" + done
		}
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
		m, err := s.orgs.AnswerInvitation(r.Context(), visitorOf(r).User, r.PathValue("id"), accept)
		if err != nil {
			return err
		}
		if !accept {
			http.Redirect(w, r, "/account?declined=1", http.StatusSeeOther)
			return nil
		}
		// The organization's page welcomes the new member.
		o, err := s.orgs.Get(r.Context(), m.OrgID)
		if err != nil {
			return err
		}
		http.Redirect(w, r, "/organizations/"+o.Slug+"?done=joined", http.StatusSeeOther)
		return nil
	}
}

type supportData struct {
	Items      []org.QueueItem
	Lookalikes []org.Lookalike
	Done       string // the answer just given: accepted, refused or dismissed
}

func (s *Server) supportQueue(w http.ResponseWriter, r *http.Request) error {
	return s.renderSupport(w, r, http.StatusOK, &page{Title: "support.title"})
}

// renderSupport shows the support queue, with p's problems and values when
// an answer given from it came back invalid.
func (s *Server) renderSupport(w http.ResponseWriter, r *http.Request, status int, p *page) error {
	items, err := s.orgs.SupportQueue(r.Context(), visitorOf(r).User)
	if err != nil {
		return err
	}
	lookalikes, err := s.orgs.Lookalikes(r.Context(), visitorOf(r).User)
	if err != nil {
		return err
	}
	p.Data = supportData{Items: items, Lookalikes: lookalikes, Done: r.URL.Query().Get("done")}
	s.render(w, r, status, "support", p)
	return nil
}

// dismissLookalike settles a look-alike pair from the support queue as
// two different organizations.
func (s *Server) dismissLookalike(w http.ResponseWriter, r *http.Request) error {
	if err := s.orgs.DismissLookalike(r.Context(), visitorOf(r).User, r.PathValue("org"), r.PathValue("like")); err != nil {
		return err
	}
	http.Redirect(w, r, "/support?done=dismissed#lookalikes", http.StatusSeeOther)
	return nil
}
