package api

import (
	"errors"
	"net/http"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/validate"
)

// transferJSON is udata's transfer object.
type transferJSON struct {
	ID        string    `json:"id"`
	Subject   classRef  `json:"subject"`
	Owner     *classRef `json:"owner"`
	Recipient *classRef `json:"recipient"`
	Comment   string    `json:"comment"`
	Status    string    `json:"status"`
	Created   stamp     `json:"created"`
	Responded stamp     `json:"responded"`
	Responder optional  `json:"responder"`
	User      classRef  `json:"user"`
}

func newTransferJSON(t catalog.Transfer) transferJSON {
	return transferJSON{ID: t.ID, Subject: classRef{"Dataset", t.DatasetID},
		Owner: classRefOr(t.FromOrg, t.FromUser), Recipient: classRefOr(t.ToOrg, t.ToUser), Comment: t.Comment,
		Status: string(t.Status), Created: stamp(t.CreatedAt), Responded: stamp(t.HandledAt),
		Responder: optional(t.HandledBy), User: classRef{"User", t.RequestedBy}}
}

// requestTransfer: {subject: {class: Dataset, id}, recipient: {class:
// Organization|User, id}, comment}.
func (a *API) requestTransfer(w http.ResponseWriter, r *http.Request) error {
	var subject, recipient classRef
	var comment string
	obj, err := decodeObject(w, r)
	if err == nil {
		err = fields(langOf(r), obj, map[string]any{"subject": &subject, "recipient": &recipient, "comment": &comment})
	}
	if err == nil && subject.Class != "Dataset" {
		err = validate.Field("subject", "transfer.subject")
	}
	var toOrg, toUser string
	switch recipient.Class {
	case "Organization":
		toOrg = recipient.ID
	case "User":
		toUser = recipient.ID
	}
	var t catalog.Transfer
	if err == nil {
		t, err = a.catalog.RequestTransfer(r.Context(), callerOf(r).user, subject.ID, toOrg, toUser, comment)
	}
	if errors.Is(err, catalog.ErrSameOwner) {
		err = validate.Field("recipient", "transfer.same")
	}
	if err != nil {
		return err
	}
	a.writeJSON(w, r, http.StatusCreated, newTransferJSON(t))
	return nil
}

// listTransfers is udata's list of the caller's transfers, filtered by
// subject (a dataset id), subject_type (socle transfers only datasets) and
// recipient (an organization or user id).
func (a *API) listTransfers(w http.ResponseWriter, r *http.Request) error {
	list, err := a.catalog.Transfers(r.Context(), callerOf(r).user)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	out := []transferJSON{}
	for _, t := range list {
		switch {
		case q.Get("subject") != "" && q.Get("subject") != t.DatasetID,
			q.Get("subject_type") != "" && q.Get("subject_type") != "Dataset",
			q.Get("recipient") != "" && q.Get("recipient") != t.ToOrg && q.Get("recipient") != t.ToUser:
			continue
		}
		out = append(out, newTransferJSON(t))
	}
	a.writeJSON(w, r, http.StatusOK, out)
	return nil
}

func (a *API) getTransfer(w http.ResponseWriter, r *http.Request) error {
	t, err := a.catalog.TransferOf(r.Context(), callerOf(r).user, r.PathValue("id"))
	if err != nil {
		return err
	}
	a.writeJSON(w, r, http.StatusOK, newTransferJSON(t))
	return nil
}

// answerTransfer: {response: accept|refuse, comment?}.
func (a *API) answerTransfer(w http.ResponseWriter, r *http.Request) error {
	var response, comment string
	obj, err := decodeObject(w, r)
	if err == nil {
		err = fields(langOf(r), obj, map[string]any{"response": &response, "comment": &comment})
	}
	if err == nil && response != "accept" && response != "refuse" {
		err = validate.Field("response", "transfer.response")
	}
	var t catalog.Transfer
	if err == nil {
		t, err = a.catalog.AnswerTransfer(r.Context(), callerOf(r).user, r.PathValue("id"), response == "accept")
	}
	if err != nil {
		return err
	}
	a.writeJSON(w, r, http.StatusOK, newTransferJSON(t))
	return nil
}
