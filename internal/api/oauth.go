package api

import (
	"net/http"
	"strings"

	"github.com/socle-portal/socle/internal/oauth"
)

// clientInfo is udata's /oauth/client_info: what a consent screen shows of
// a client, and which of the scopes asked (all it may ask by default) it
// would get.
func (a *API) clientInfo(w http.ResponseWriter, r *http.Request) error {
	if a.oauth == nil {
		return a.fallback(w, r)
	}
	c, err := a.oauth.Client(r.Context(), r.URL.Query().Get("client_id"))
	if err != nil {
		a.writeJSON(w, r, http.StatusNotFound, map[string]any{"message": "Unknown client",
			"errors": map[string][]string{"client_id": {"unknown client"}}})
		return nil
	}
	scopes := c.Scopes
	if asked := strings.Fields(r.URL.Query().Get("scope")); len(asked) > 0 {
		scopes = nil
		for _, s := range asked {
			if oauth.Allowed(c, s) {
				scopes = append(scopes, s)
			}
		}
	}
	if scopes == nil {
		scopes = []string{}
	}
	a.writeJSON(w, r, http.StatusOK, map[string]any{
		"client": map[string]any{"id": c.ID, "name": c.Name, "logo": c.LogoURL, "confidential": c.Confidential()},
		"scopes": scopes})
	return nil
}
