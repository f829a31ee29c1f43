package api

import (
	"errors"
	"net/http"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/follow"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/validate"
)

// userRef is udata's user reference; its email and last_login_at keys are
// always there, filled as s allows.
func (a *API) userRef(u account.User, s seen) map[string]any {
	return map[string]any{"id": u.ID, "slug": u.Slug, "first_name": u.FirstName, "last_name": u.LastName,
		"avatar": orNull(a.accounts.AvatarURL(u, 500)), "avatar_thumbnail": orNull(a.accounts.AvatarURL(u, 100)), "uri": a.baseURL + "/api/1/users/" + u.ID + "/",
		"page": a.baseURL + "/users/" + u.Slug + "/", "email": emailAs(u.Email, s), "last_login_at": lastLoginAs(u, s)}
}

func (a *API) orgRef(o org.Organization) map[string]any {
	return map[string]any{"id": o.ID, "name": o.Name, "slug": o.Slug, "acronym": orNull(o.Acronym),
		"logo": orNull(a.orgs.LogoURL(o, 500)), "logo_thumbnail": orNull(a.orgs.LogoURL(o, 100)),
		"uri":  a.baseURL + "/api/1/organizations/" + o.ID + "/",
		"page": a.baseURL + "/organizations/" + o.Slug, "badges": badgesJSON(o.Badges)}
}

func badgesJSON(kinds []string) []any {
	out := []any{}
	for _, k := range kinds {
		out = append(out, map[string]any{"kind": k})
	}
	return out
}

func (a *API) memberJSON(m org.Member, s seen) map[string]any {
	return map[string]any{"user": a.userRef(m.User, s), "role": string(m.Role), "since": isoTime(m.Since),
		"label": m.Role.Label()}
}

// orgPage is what the objects of a page of organizations need beyond the
// rows, read for the whole page at once: two queries, not six per row (the
// public datasets are counted on the rows themselves).
type orgPage struct {
	members   map[string][]org.Member
	followers map[string]int
}

func (a *API) readOrgPage(r *http.Request, list []org.Organization) (orgPage, error) {
	ids := make([]string, len(list))
	for i, o := range list {
		ids[i] = o.ID
	}
	members, err := a.orgs.MembersOf(r.Context(), ids)
	if err != nil {
		return orgPage{}, err
	}
	followers, err := a.followersOf(r, follow.Organization, ids)
	return orgPage{members, followers}, err
}

// orgJSON is udata's organization object, with the caller's permissions.
func (a *API) orgJSON(r *http.Request, o org.Organization) (map[string]any, error) {
	p, err := a.readOrgPage(r, []org.Organization{o})
	if err != nil {
		return nil, err
	}
	return a.orgObject(callerOf(r).user, o, p.members[o.ID], p.followers[o.ID]), nil
}

// orgObject is o's object as viewer sees it: the permissions are theirs,
// and members and sysadmins see more of the members.
func (a *API) orgObject(viewer account.User, o org.Organization, members []org.Member, followers int) map[string]any {
	acc := org.AccessAmong(viewer, members)
	ms := make([]any, len(members))
	for i, m := range members {
		ms[i] = a.memberJSON(m, seenBy(viewer, acc.Member))
	}
	out := a.orgRef(o)
	out["description"] = o.Description
	out["url"] = orNull(o.URL)
	out["business_number_id"] = orNull(o.BusinessNumber)
	out["members"] = ms
	out["metrics"] = map[string]int{"datasets": o.Datasets, "members": len(members), "followers": followers, "reuses": 0, "views": 0}
	out["created_at"] = isoTime(o.CreatedAt)
	out["last_modified"] = isoTime(o.UpdatedAt)
	out["deleted"] = isoTime(o.DeletedAt)
	out["permissions"] = map[string]bool{"edit": acc.CanAdmin(), "delete": acc.CanAdmin(), "members": acc.CanAdmin(),
		"harvest": acc.CanAdmin(), "private": acc.CanEditAssigned()}
	return out
}

// liveOrg resolves {org}: 404 unknown, 410 deleted.
func (a *API) liveOrg(r *http.Request) (org.Organization, error) {
	o, err := a.orgs.Get(r.Context(), r.PathValue("org"))
	if err != nil {
		return o, err
	}
	if o.Deleted() {
		return o, errGone{"Organization"}
	}
	return o, nil
}

func (a *API) listOrgs(w http.ResponseWriter, r *http.Request) error {
	page, size, err := paging(r, 20)
	if err != nil {
		return err
	}
	qs := r.URL.Query()
	if name := qs.Get("duplicates_of"); name != "" || qs.Has("duplicates_of") {
		return a.duplicates(w, r, name, qs.Get("business_number_id"))
	}
	q := org.Query{Q: qs.Get("q"), Badge: qs.Get("badge"), Name: qs.Get("name"),
		BusinessNumber: qs.Get("business_number_id"), Sort: qs.Get("sort"), Page: page, PageSize: size}
	var v validate.Errors
	q.After = afterParam(r, &v)
	if !org.OrgSortValid(q.Sort) {
		v.Add("sort", "sort.unknown")
	} else if !org.OrgCursorValid(q) {
		v.Add("after", "page.cursor")
	}
	if err := v.Err(); err != nil {
		return err
	}
	found, err := a.orgs.Search(r.Context(), q)
	if err != nil {
		return err
	}
	data, err := a.orgObjects(r, found.Items)
	if err != nil {
		return err
	}
	var next string
	if found.Next != nil {
		next = found.Next.String()
	}
	a.writePage(w, r, data, page, size, found.Total, next)
	return nil
}

func (a *API) duplicates(w http.ResponseWriter, r *http.Request, name, number string) error {
	dups, err := a.orgs.Duplicates(r.Context(), name, number)
	if err != nil {
		return err
	}
	data := make([]any, 0, len(dups))
	for _, o := range dups {
		data = append(data, a.orgRef(o))
	}
	a.writeJSON(w, r, http.StatusOK, a.envelope(r, data, 1, max(len(data), 1), len(data)))
	return nil
}

// getOrg answers a deleted organization, deleted set, to those who see it
// (org.Access.SeesDeleted); others get 410.
func (a *API) getOrg(w http.ResponseWriter, r *http.Request) error {
	o, err := a.liveOrg(r)
	var gone errGone
	if errors.As(err, &gone) {
		acc, aerr := a.orgs.Access(r.Context(), callerOf(r).user, o.ID)
		if aerr != nil {
			return aerr
		}
		if acc.SeesDeleted() {
			err = nil
		}
	}
	if err != nil {
		return err
	}
	body, err := a.orgObjects(r, []org.Organization{o})
	if err != nil {
		return err
	}
	a.writeBody(w, r, http.StatusOK, body[0])
	return nil
}

func (a *API) roles(w http.ResponseWriter, r *http.Request) error {
	out := []any{}
	for _, x := range org.Roles {
		out = append(out, map[string]string{"id": string(x.ID), "label": x.Label})
	}
	a.writeJSON(w, r, http.StatusOK, out)
	return nil
}

func (a *API) badges(w http.ResponseWriter, r *http.Request) error {
	a.writeJSON(w, r, http.StatusOK, org.Badges)
	return nil
}

func (a *API) suggestOrgs(w http.ResponseWriter, r *http.Request) error {
	size, err := sizeParam(r)
	if err != nil {
		return err
	}
	found, err := a.orgs.Search(r.Context(), org.Query{Q: r.URL.Query().Get("q"), Page: 1, PageSize: size})
	if err != nil {
		return err
	}
	list := found.Items
	out := []any{}
	for _, o := range list {
		out = append(out, map[string]any{"id": o.ID, "name": o.Name, "acronym": orNull(o.Acronym), "slug": o.Slug,
			"image_url": orNull(a.orgs.LogoURL(o, 100)), "page": a.baseURL + "/organizations/" + o.Slug})
	}
	a.writeJSON(w, r, http.StatusOK, out)
	return nil
}

// suggestAuthorities proposes local authorities of the official directory
// (socle extension), for the organization form.
func (a *API) suggestAuthorities(w http.ResponseWriter, r *http.Request) error {
	size, err := sizeParam(r)
	if err != nil {
		return err
	}
	out := []any{}
	for _, x := range a.directory.Suggest(r.URL.Query().Get("q"), size) {
		out = append(out, map[string]any{"kind": x.Kind, "code": x.Code, "siren": orNull(x.SIREN), "name": x.Name,
			"population": x.Population, "departement": orNull(x.Departement)})
	}
	a.writeJSON(w, r, http.StatusOK, out)
	return nil
}
