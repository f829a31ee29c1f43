package web

import (
	"errors"
	"net/http"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/org"
)

// transferView is a pending transfer with the names a person reads.
type transferView struct {
	catalog.Transfer
	Dataset                string
	Slug                   string
	To                     string
	catalog.TransferRights // what the visitor may do with it
}

func (s *Server) transferViews(r *http.Request) ([]transferView, error) {
	ctx, u := r.Context(), visitorOf(r).User
	list, err := s.catalog.Transfers(ctx, u)
	if err != nil {
		return nil, err
	}
	out := make([]transferView, 0, len(list))
	for _, t := range list {
		rights, err := s.catalog.TransferRightsOf(ctx, u, t)
		if err != nil {
			return nil, err
		}
		v := transferView{Transfer: t, TransferRights: rights}
		if d, err := s.catalog.Get(ctx, u, t.DatasetID); err == nil {
			v.Dataset, v.Slug = d.Title, d.Slug
		}
		if t.ToOrg != "" {
			if o, err := s.orgs.Get(ctx, t.ToOrg); err == nil {
				v.To = o.Name
			}
		} else if to, err := s.accounts.User(ctx, t.ToUser); err == nil {
			v.To = to.FullName()
		}
		out = append(out, v)
	}
	return out, nil
}

// requestTransfer asks to give the dataset to an organization, named by its
// slug or id in the form.
func (s *Server) requestTransfer(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadDataset(r)
	if err != nil {
		return err
	}
	problem := ""
	o, err := s.orgs.Get(r.Context(), r.PostFormValue("organization"))
	switch {
	case errors.Is(err, org.ErrNotFound) || (err == nil && o.Deleted()):
		problem = "transfer.unknown_org"
	case err != nil:
		return err
	default:
		_, err = s.catalog.RequestTransfer(r.Context(), visitorOf(r).User, d.ID, o.ID, "", r.PostFormValue("comment"))
		if fieldErrors(err) != nil || errors.Is(err, catalog.ErrSameOwner) {
			problem = "transfer.refused_request"
		} else if err != nil {
			return err
		}
	}
	if problem != "" {
		// The dataset's page again, the problem on the recipient field.
		form := r.PostForm
		form.Set("form", "transfer")
		return s.renderDataset(w, r, d, http.StatusUnprocessableEntity, &page{Title: "dataset.title",
			Errors: map[string][]string{"organization": {problem}}, Form: form})
	}
	http.Redirect(w, r, "/datasets/"+d.Slug+"?done=transfer", http.StatusSeeOther)
	return nil
}

// lateAnswer names the message of an answer that came too late, if err is
// one: the transfer was answered, or another one moved the dataset first.
func lateAnswer(err error) (string, bool) {
	switch {
	case errors.Is(err, catalog.ErrTransferHandled):
		return "transfer.handled", true
	case errors.Is(err, catalog.ErrTransferStale):
		return "transfer.stale", true
	}
	return "", false
}

func (s *Server) answerTransfer(accept bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if _, err := s.catalog.AnswerTransfer(r.Context(), visitorOf(r).User, r.PathValue("id"), accept); err != nil {
			if msg, ok := lateAnswer(err); ok {
				s.render(w, r, http.StatusBadRequest, "error", &page{Title: "error.handled.title", Message: msg})
				return nil
			}
			return err
		}
		http.Redirect(w, r, "/producer", http.StatusSeeOther)
		return nil
	}
}
