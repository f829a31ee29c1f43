package api

import (
	"encoding/json"
	"time"
)

// The API's answers are typed structs whose json tags are udata's keys.
// These are the value types they share. The X-Fields mask applies to the
// encoded document (applyMask), so it needs nothing of them.

// stamp is a date as udata writes it (isoTime): null when zero.
type stamp time.Time

func (t stamp) MarshalJSON() ([]byte, error) { return json.Marshal(isoTime(time.Time(t))) }

// optional is a string written null when empty (orNull).
type optional string

func (s optional) MarshalJSON() ([]byte, error) { return json.Marshal(orNull(string(s))) }

// classRef is udata's reference to an object of another class, in requests
// and answers: {"class": "Dataset", "id": ...}.
type classRef struct {
	Class string `json:"class"`
	ID    string `json:"id"`
}

// classRefOr is a reference to an organization when orgID is set, else to a
// user when userID is, else null: an owner or recipient.
func classRefOr(orgID, userID string) *classRef {
	switch {
	case orgID != "":
		return &classRef{"Organization", orgID}
	case userID != "":
		return &classRef{"User", userID}
	}
	return nil
}

// empty is the answer {} of udata's actions that return nothing.
type empty struct{}
