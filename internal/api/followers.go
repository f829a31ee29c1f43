package api

import (
	"net/http"
	"strconv"

	"github.com/socle-portal/socle/internal/follow"
	"github.com/socle-portal/socle/internal/validate"
)

// maxFollowersPageSize bounds a page of followers. It is above other
// lists' because udata sets no bound there and transport.data.gouv.fr reads
// a dataset's followers 500 at a time.
const maxFollowersPageSize = 1000

// followTarget resolves the path's dataset or organization as their own
// pages do: hidden 404, deleted 410.
func (a *API) followTarget(r *http.Request, kind follow.Kind) (follow.Target, error) {
	if kind == follow.Dataset {
		d, err := a.liveDataset(r)
		return follow.Target{Kind: kind, ID: d.ID}, err
	}
	o, err := a.liveOrg(r)
	return follow.Target{Kind: kind, ID: o.ID}, err
}

// listFollowers is udata's page of {id, follower, since}; ?user= keeps
// that user only.
func (a *API) listFollowers(kind follow.Kind) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		t, err := a.followTarget(r, kind)
		if err != nil {
			return err
		}
		q, err := followersQuery(r)
		if err != nil {
			return err
		}
		list, total, err := a.follows.Followers(r.Context(), t, q)
		if err != nil {
			return err
		}
		data := make([]any, len(list))
		for i, f := range list {
			data[i] = followerJSON{ID: f.ID, Follower: a.userRef(f.User, seenBy(callerOf(r).user, false)), Since: stamp(f.Since)}
		}
		a.writeJSON(w, r, http.StatusOK, a.envelope(r, data, q.Page, q.PageSize, total))
		return nil
	}
}

// followersQuery reads page, page_size (up to maxFollowersPageSize) and user.
func followersQuery(r *http.Request) (follow.Query, error) {
	var v validate.Errors
	q := follow.Query{UserID: r.URL.Query().Get("user"), Page: 1, PageSize: 20}
	if s := r.URL.Query().Get("page"); s != "" {
		if n, err := strconv.Atoi(s); err != nil || n < 1 {
			v.Add("page", "page.invalid")
		} else if n > validate.MaxPage {
			v.Add("page", "page.too_deep")
		} else {
			q.Page = n
		}
	}
	if s := r.URL.Query().Get("page_size"); s != "" {
		if n, err := strconv.Atoi(s); err != nil || n < 1 {
			v.Add("page_size", "page.invalid")
		} else if n > maxFollowersPageSize {
			v.Add("page_size", "page.too_big_followers")
		} else {
			q.PageSize = n
		}
	}
	return q, v.Err()
}

// followObject follows as udata: 201 when the caller starts following, 200
// when they already did; the answer is the number of followers.
func (a *API) followObject(kind follow.Kind) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		t, err := a.followTarget(r, kind)
		if err != nil {
			return err
		}
		n, created, err := a.follows.Follow(r.Context(), callerOf(r).user, t)
		if err != nil {
			return err
		}
		status := http.StatusOK
		if created {
			status = http.StatusCreated
		}
		a.writeJSON(w, r, status, followersJSON{n})
		return nil
	}
}

// unfollowObject stops following: 200 with the followers left, 404 when
// the caller did not follow.
func (a *API) unfollowObject(kind follow.Kind) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		t, err := a.followTarget(r, kind)
		if err != nil {
			return err
		}
		n, err := a.follows.Unfollow(r.Context(), callerOf(r).user, t)
		if err != nil {
			return err
		}
		a.writeJSON(w, r, http.StatusOK, followersJSON{n})
		return nil
	}
}

// followerJSON is an item of udata's list of an object's followers.
type followerJSON struct {
	ID       string `json:"id"`
	Follower any    `json:"follower"`
	Since    stamp  `json:"since"`
}

// followersJSON is the answer to following or unfollowing: the count left.
type followersJSON struct {
	Followers int `json:"followers"`
}
