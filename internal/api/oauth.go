package api

import (
	"net/http"
	"strings"

	"github.com/socle-portal/socle/internal/oauth"
)

// clientInfoJSON is udata's answer to /oauth/client_info.
type clientInfoJSON struct {
	Client struct {
		ID           string `json:"id"`
		Name         string `json:"name"`
		Logo         string `json:"logo"`
		Confidential bool   `json:"confidential"`
	} `json:"client"`
	Scopes []string `json:"scopes"`
}

// clientInfo is udata's /oauth/client_info: what a consent screen shows of
// a client, and which of the scopes asked (all it may ask by default) it
// would get.
func (a *API) clientInfo(w http.ResponseWriter, r *http.Request) error {
	if a.oauth == nil {
		return a.fallback(w, r)
	}
	c, err := a.oauth.Client(r.Context(), r.URL.Query().Get("client_id"))
	if err != nil {
		a.writeJSON(w, r, http.StatusNotFound, errorJSON{Message: "Unknown client",
			Errors: map[string][]string{"client_id": {"unknown client"}}})
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
	var out clientInfoJSON
	out.Client.ID, out.Client.Name, out.Client.Logo, out.Client.Confidential = c.ID, c.Name, c.LogoURL, c.Confidential()
	out.Scopes = scopes
	a.writeJSON(w, r, http.StatusOK, out)
	return nil
}
