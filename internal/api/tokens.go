package api

import (
	"net/http"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/validate"
)

// tokenJSON is udata's API token object; Token, the key itself, only in
// the answer that creates it.
type tokenJSON struct {
	ID         string   `json:"id"`
	Name       optional `json:"name"`
	Prefix     string   `json:"token_prefix"`
	Scopes     []string `json:"scopes"`
	Kind       string   `json:"kind"`
	CreatedAt  stamp    `json:"created_at"`
	LastUsedAt stamp    `json:"last_used_at"`
	ExpiresAt  stamp    `json:"expires_at"`
	UserAgents []string `json:"user_agents"`
	Token      string   `json:"token,omitempty"`
}

func newTokenJSON(k account.APIKey) tokenJSON {
	scopes := k.Scopes
	if scopes == nil {
		scopes = []string{}
	}
	return tokenJSON{ID: k.ID, Name: optional(k.Name), Prefix: k.Prefix, Scopes: scopes, Kind: "api_key",
		CreatedAt: stamp(k.CreatedAt), LastUsedAt: stamp(k.LastUsedAt), ExpiresAt: stamp(k.ExpiresAt),
		UserAgents: []string{}}
}

func (a *API) listTokens(w http.ResponseWriter, r *http.Request) error {
	keys, err := a.accounts.APIKeys(r.Context(), callerOf(r).user)
	if err != nil {
		return err
	}
	out := make([]tokenJSON, 0, len(keys))
	for _, k := range keys {
		out = append(out, newTokenJSON(k))
	}
	a.writeJSON(w, r, http.StatusOK, out)
	return nil
}

func (a *API) createToken(w http.ResponseWriter, r *http.Request) error {
	if callerOf(r).delegated() {
		return errDelegated // a lasting key would outlive the user's consent
	}
	obj, err := decodeObject(w, r)
	if err != nil {
		return err
	}
	var in struct {
		name    string
		expires string
		scopes  []string
	}
	err = fields(langOf(r), obj, map[string]any{"name": &in.name, "expires_at": &in.expires, "scopes": &in.scopes},
		"id", "token_prefix", "kind", "created_at", "last_used_at", "user_agents")
	if err != nil {
		return err
	}
	nk := account.NewAPIKey{Name: in.name, Scopes: in.scopes}
	if in.expires != "" {
		if nk.ExpiresAt, err = parseDate(in.expires); err != nil {
			return validate.Field("expires_at", "date.invalid")
		}
	}
	k, plain, err := a.accounts.IssueAPIKey(r.Context(), callerOf(r).user, nk, metaOf(r))
	if err != nil {
		return err
	}
	out := newTokenJSON(k)
	out.Token = plain
	a.writeJSON(w, r, http.StatusCreated, out)
	return nil
}

func (a *API) revokeToken(w http.ResponseWriter, r *http.Request) error {
	if err := a.accounts.RevokeAPIKey(r.Context(), callerOf(r).user, r.PathValue("id"), metaOf(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// parseDate reads an ISO 8601 date or date-time.
func parseDate(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, &time.ParseError{Value: s}
}
