package api

import (
	"net/http"
	"time"

	"github.com/socle-portal/socle/internal/account"
)

// isoTime formats dates as udata does (ISO 8601 with zone), null when zero.
func isoTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format("2006-01-02T15:04:05.000000+00:00")
}

func orNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// userJSON is udata's user object. The address and last login are shown only
// to the user themself and to sysadmins.
func (a *API) userJSON(u account.User, viewer account.User) map[string]any {
	roles := []string{}
	if u.Sysadmin {
		roles = append(roles, "admin")
	}
	out := map[string]any{
		"id":               u.ID,
		"slug":             u.Slug,
		"first_name":       u.FirstName,
		"last_name":        u.LastName,
		"avatar":           nil,
		"avatar_thumbnail": nil,
		"website":          orNull(u.Website),
		"about":            u.About,
		"roles":            roles,
		"organizations":    []any{},
		"since":            isoTime(u.CreatedAt),
		"created_at":       isoTime(u.CreatedAt),
		"active":           u.Active && !u.Deleted(),
		"metrics":          map[string]int{"datasets": 0, "followers": 0, "following": 0, "reuses": 0},
		"uri":              a.baseURL + "/api/1/users/" + u.ID + "/",
		"page":             a.baseURL + "/users/" + u.Slug + "/",
	}
	if viewer.ID == u.ID || viewer.Sysadmin {
		out["email"] = u.Email
		out["last_login_at"] = isoTime(u.LastLoginAt)
	}
	return out
}

func (a *API) getUser(w http.ResponseWriter, r *http.Request) {
	ctx, id := r.Context(), r.PathValue("user")
	u, err := a.accounts.User(ctx, id)
	if err != nil {
		u, err = a.accounts.UserBySlug(ctx, id)
	}
	if err != nil {
		a.writeError(w, r, err)
		return
	}
	if u.Deleted() {
		a.writeError(w, r, errGone{"User"})
		return
	}
	a.writeUser(w, r, http.StatusOK, u)
}
