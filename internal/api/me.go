package api

import (
	"net/http"
	"strings"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/oauth"
)

func (a *API) getMe(w http.ResponseWriter, r *http.Request) error {
	return a.writeUser(w, r, http.StatusOK, callerOf(r).user)
}

// writeUser answers with the user object, organizations included.
func (a *API) writeUser(w http.ResponseWriter, r *http.Request, status int, u account.User) error {
	out, err := a.fullUserJSON(r, u)
	if err != nil {
		return err
	}
	a.writeJSON(w, r, status, out)
	return nil
}

// fullUserJSON is the user object with its organizations and metrics.
func (a *API) fullUserJSON(r *http.Request, u account.User) (*userJSON, error) {
	list, err := a.fullUsersJSON(r, []account.User{u})
	if err != nil {
		return nil, err
	}
	return list[0].(*userJSON), nil
}

// fullUsersJSON is the objects of a page of users: their organizations,
// dataset and follow counts read in one query each, not three per user.
func (a *API) fullUsersJSON(r *http.Request, users []account.User) ([]any, error) {
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	memberships, err := a.orgs.MembershipsOf(r.Context(), ids)
	if err != nil {
		return nil, err
	}
	datasets, err := a.catalog.OwnedPublicCounts(r.Context(), ids)
	if err != nil {
		return nil, err
	}
	following := map[string]int{} // an API built without following (the OpenAPI document's tests)
	if a.follows != nil {
		if following, err = a.follows.FollowingCounts(r.Context(), ids); err != nil {
			return nil, err
		}
	}
	c := callerOf(r)
	out := make([]any, len(users))
	for i, u := range users {
		s := seenBy(c.user, false)
		if c.user.ID == u.ID && strings.HasPrefix(r.URL.Path, "/api/1/me/") {
			s = seenAll // udata: the user themself, on /me/ only
		}
		obj := a.userJSON(u, s)
		if c.delegated() && !oauth.SeesEmail(c.scopes) {
			obj.Email = nil // the user did not let this application see it
		}
		ms := memberships[u.ID]
		orgs := make([]any, len(ms))
		for j, m := range ms {
			orgs[j] = a.orgRef(m.Org)
		}
		obj.Organizations = orgs
		obj.Metrics.Datasets, obj.Metrics.Following = datasets[u.ID], following[u.ID]
		out[i] = obj
	}
	return out, nil
}

// userReadOnly are fields of the user object a client may send back
// unchanged, and those of udata's stored user (its tests PUT user.to_dict());
// they are ignored.
var userReadOnly = []string{"id", "slug", "avatar", "avatar_thumbnail", "roles", "organizations",
	"since", "created_at", "last_login_at", "active", "metrics", "uri", "page", "apikey",
	"password", "confirmed_at", "extras", "avatar_url", "deleted", "last_modified", "current_login_at",
	"last_login_ip", "current_login_ip", "login_count", "ext", "prefered_language", "password_rotation_demanded",
	"password_rotation_performed"}

func (a *API) putMe(w http.ResponseWriter, r *http.Request) error {
	u := callerOf(r).user
	obj, err := decodeObject(w, r)
	if err != nil {
		return err
	}
	p := account.Profile{FirstName: u.FirstName, LastName: u.LastName, About: u.About, Website: u.Website}
	err = fields(langOf(r), obj, map[string]any{
		"first_name": &p.FirstName, "last_name": &p.LastName, "about": &p.About, "website": &p.Website, "email": &p.Email,
	}, userReadOnly...)
	if err != nil {
		return err
	}
	u, err = a.accounts.UpdateProfile(r.Context(), u, p, metaOf(r))
	if err != nil {
		return err
	}
	return a.writeUser(w, r, http.StatusOK, u)
}

// deleteMe deletes the caller's account. The API key or session is the
// proof, as in udata; the web page asks for the password again.
func (a *API) deleteMe(w http.ResponseWriter, r *http.Request) error {
	if callerOf(r).delegated() {
		return errDelegated
	}
	if err := a.accounts.Delete(r.Context(), callerOf(r).user, metaOf(r)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// imageJSON is udata's answer to an image upload.
type imageJSON struct {
	Image   string `json:"image"`
	Success bool   `json:"success"`
}

// setAvatar is udata's avatar upload: multipart "file"; the answer is the
// largest stored size, as udata's {"image": url, "success": true}.
func (a *API) setAvatar(w http.ResponseWriter, r *http.Request) error {
	f, err := imageFile(w, r)
	if err != nil {
		return err
	}
	defer f.Close()
	u, err := a.accounts.SetAvatar(r.Context(), callerOf(r).user, f, metaOf(r))
	if err != nil {
		return err
	}
	a.writeJSON(w, r, http.StatusOK, imageJSON{Image: a.accounts.AvatarURL(u, account.AvatarSizes[0]), Success: true})
	return nil
}
