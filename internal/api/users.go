package api

import (
	"net/http"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/validate"
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

// userJSON is udata's user object. The address and last login are shown
// (s == seenAll) only to the user themself on /me/ and to sysadmins; the
// keys are always there, null when hidden, as udata's.
func (a *API) userJSON(u account.User, s seen) map[string]any {
	roles := []string{}
	if u.Sysadmin {
		roles = append(roles, "admin")
	}
	out := map[string]any{
		"id":               u.ID,
		"slug":             u.Slug,
		"first_name":       u.FirstName,
		"last_name":        u.LastName,
		"avatar":           orNull(a.accounts.AvatarURL(u, 500)),
		"avatar_thumbnail": orNull(a.accounts.AvatarURL(u, 100)),
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
	if s != seenAll {
		s = seenNothing
	}
	out["email"], out["last_login_at"] = emailAs(u.Email, s), lastLoginAs(u, s)
	return out
}

func (a *API) getUser(w http.ResponseWriter, r *http.Request) error {
	ctx, id := r.Context(), r.PathValue("user")
	u, err := a.accounts.User(ctx, id)
	if err != nil {
		u, err = a.accounts.UserBySlug(ctx, id)
	}
	if err != nil {
		return err
	}
	// udata: a deactivated account is gone too, except to sysadmins
	if u.Deleted() || (!u.Active && !callerOf(r).user.Sysadmin) {
		return errGone{"User"}
	}
	return a.writeUser(w, r, http.StatusOK, u)
}

// listUsers is udata's paged user list and search: live, active accounts
// whose names have every word of q, in the order of their slugs, paged by
// key. E-mail addresses only as userJSON shows them (self, sysadmins).
func (a *API) listUsers(w http.ResponseWriter, r *http.Request) error {
	if !callerOf(r).user.Sysadmin { // udata: the list of accounts is the sysadmins'
		return errSysadmin
	}
	page, size, err := paging(r, 20)
	if err != nil {
		return err
	}
	q := account.UserQuery{Q: r.URL.Query().Get("q"), Page: page, PageSize: size}
	var v validate.Errors
	if q.After = afterParam(r, &v); !account.UserCursorValid(q.After) {
		v.Add("after", "page.cursor")
	}
	if err := v.Err(); err != nil {
		return err
	}
	found, err := a.accounts.SearchUsersAs(r.Context(), callerOf(r).user, q)
	if err != nil {
		return err
	}
	data, err := a.fullUsersJSON(r, found.Items)
	if err != nil {
		return err
	}
	var next string
	if found.Next != nil {
		next = found.Next.String()
	}
	a.writeJSON(w, r, http.StatusOK, a.keyedEnvelope(r, data, page, size, found.Total, next))
	return nil
}

// suggestUsers is udata's user suggestion: a plain array of small objects.
func (a *API) suggestUsers(w http.ResponseWriter, r *http.Request) error {
	size, err := userSizeParam(r)
	if err != nil {
		return err
	}
	found, err := a.accounts.SearchUsers(r.Context(), account.UserQuery{Q: r.URL.Query().Get("q"), Page: 1, PageSize: size})
	if err != nil {
		return err
	}
	list := found.Items
	out := make([]any, 0, len(list))
	for _, u := range list {
		out = append(out, map[string]any{"id": u.ID, "first_name": u.FirstName, "last_name": u.LastName,
			"slug": u.Slug, "avatar_url": orNull(a.accounts.AvatarURL(u, 100))})
	}
	a.writeJSON(w, r, http.StatusOK, out)
	return nil
}
