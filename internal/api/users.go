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
type userJSON struct {
	ID              string      `json:"id"`
	Slug            string      `json:"slug"`
	FirstName       string      `json:"first_name"`
	LastName        string      `json:"last_name"`
	Avatar          optional    `json:"avatar"`
	AvatarThumbnail optional    `json:"avatar_thumbnail"`
	Website         optional    `json:"website"`
	About           string      `json:"about"`
	Roles           []string    `json:"roles"`
	Organizations   []any       `json:"organizations"`
	Since           stamp       `json:"since"`
	CreatedAt       stamp       `json:"created_at"`
	Active          bool        `json:"active"`
	Metrics         userMetrics `json:"metrics"`
	URI             string      `json:"uri"`
	Page            string      `json:"page"`
	Email           any         `json:"email"`
	LastLoginAt     any         `json:"last_login_at"`
}

// userMetrics are a user's counts; socle has no reuses nor followers of users.
type userMetrics struct {
	Datasets  int `json:"datasets"`
	Followers int `json:"followers"`
	Following int `json:"following"`
	Reuses    int `json:"reuses"`
}

func (a *API) userJSON(u account.User, s seen) *userJSON {
	roles := []string{}
	if u.Sysadmin {
		roles = append(roles, "admin")
	}
	if s != seenAll {
		s = seenNothing
	}
	return &userJSON{ID: u.ID, Slug: u.Slug, FirstName: u.FirstName, LastName: u.LastName,
		Avatar: optional(a.accounts.AvatarURL(u, 500)), AvatarThumbnail: optional(a.accounts.AvatarURL(u, 100)),
		Website: optional(u.Website), About: u.About, Roles: roles, Organizations: []any{},
		Since: stamp(u.CreatedAt), CreatedAt: stamp(u.CreatedAt), Active: u.Active && !u.Deleted(),
		URI: a.baseURL + "/api/1/users/" + u.ID + "/", Page: a.baseURL + "/users/" + u.Slug + "/",
		Email: emailAs(u.Email, s), LastLoginAt: lastLoginAs(u, s)}
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
	out := make([]userSuggestion, 0, len(list))
	for _, u := range list {
		out = append(out, userSuggestion{ID: u.ID, FirstName: u.FirstName, LastName: u.LastName,
			Slug: u.Slug, AvatarURL: optional(a.accounts.AvatarURL(u, 100))})
	}
	a.writeJSON(w, r, http.StatusOK, out)
	return nil
}

// userSuggestion is an item of udata's /users/suggest/.
type userSuggestion struct {
	ID        string   `json:"id"`
	FirstName string   `json:"first_name"`
	LastName  string   `json:"last_name"`
	Slug      string   `json:"slug"`
	AvatarURL optional `json:"avatar_url"`
}
