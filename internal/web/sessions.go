package web

import (
	"net/http"
	"strconv"

	"github.com/socle-portal/socle/internal/account"
)

type sessionsData struct {
	Sessions []account.Session
	Current  string
	Events   []account.Event
	Revoked  string
}

func (s *Server) sessions(w http.ResponseWriter, r *http.Request) error {
	v := visitorOf(r)
	list, err := s.accounts.Sessions(r.Context(), v.User)
	if err != nil {
		return err
	}
	events, err := s.accounts.Events(r.Context(), v.User, 20)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "sessions", &page{Title: "sessions.title",
		Data: sessionsData{Sessions: list, Current: v.Session.ID, Events: events, Revoked: r.URL.Query().Get("revoked")}})
	return nil
}

func (s *Server) revokeSession(w http.ResponseWriter, r *http.Request) error {
	if err := s.accounts.RevokeSession(r.Context(), visitorOf(r).User, r.PathValue("id"), metaOf(r)); err != nil {
		return err
	}
	http.Redirect(w, r, "/account/sessions?revoked=1", http.StatusSeeOther)
	return nil
}

func (s *Server) revokeOthers(w http.ResponseWriter, r *http.Request) error {
	v := visitorOf(r)
	n, err := s.accounts.RevokeOtherSessions(r.Context(), v.User, v.Session.ID, metaOf(r))
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/account/sessions?revoked="+strconv.Itoa(n), http.StatusSeeOther)
	return nil
}

type keysData struct {
	Keys    []account.APIKey
	NewKey  string // the plaintext of a key just created, shown once
	NewName string
}

func (s *Server) apiKeys(w http.ResponseWriter, r *http.Request) error {
	return s.renderKeys(w, r, http.StatusOK, keysData{}, nil)
}

func (s *Server) renderKeys(w http.ResponseWriter, r *http.Request, status int, d keysData, errs map[string][]string) error {
	keys, err := s.accounts.APIKeys(r.Context(), visitorOf(r).User)
	if err != nil {
		return err
	}
	d.Keys = keys
	s.render(w, r, status, "apikeys", &page{Title: "apikeys.title", Data: d, Errors: errs, Form: r.PostForm})
	return nil
}

func (s *Server) createAPIKey(w http.ResponseWriter, r *http.Request) error {
	k, plain, err := s.accounts.CreateAPIKey(r.Context(), visitorOf(r).User, r.PostFormValue("name"), metaOf(r))
	if err != nil {
		if fields := fieldErrors(err); fields != nil {
			return s.renderKeys(w, r, http.StatusUnprocessableEntity, keysData{}, fields)
		}
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	r.PostForm.Del("name")
	return s.renderKeys(w, r, http.StatusCreated, keysData{NewKey: plain, NewName: k.Name}, nil)
}

func (s *Server) revokeAPIKey(w http.ResponseWriter, r *http.Request) error {
	if err := s.accounts.RevokeAPIKey(r.Context(), visitorOf(r).User, r.PathValue("id"), metaOf(r)); err != nil {
		if err != account.ErrAlreadyRevoked {
			return err
		}
	}
	http.Redirect(w, r, "/account/apikeys", http.StatusSeeOther)
	return nil
}
