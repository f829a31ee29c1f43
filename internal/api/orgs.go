package api

import (
	"errors"
	"net/http"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/follow"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/validate"
)

// userRefJSON is udata's user reference; its email and last_login_at keys
// are always there, filled as s allows.
type userRefJSON struct {
	Avatar          optional `json:"avatar"`
	AvatarThumbnail optional `json:"avatar_thumbnail"`
	Email           any      `json:"email"`
	FirstName       string   `json:"first_name"`
	ID              string   `json:"id"`
	LastLoginAt     any      `json:"last_login_at"`
	LastName        string   `json:"last_name"`
	Page            string   `json:"page"`
	Slug            string   `json:"slug"`
	URI             string   `json:"uri"`
}

func (a *API) userRef(u account.User, s seen) *userRefJSON {
	return &userRefJSON{ID: u.ID, Slug: u.Slug, FirstName: u.FirstName, LastName: u.LastName,
		Avatar: optional(a.accounts.AvatarURL(u, 500)), AvatarThumbnail: optional(a.accounts.AvatarURL(u, 100)),
		URI: a.baseURL + "/api/1/users/" + u.ID + "/", Page: a.baseURL + "/users/" + u.Slug + "/",
		Email: emailAs(u.Email, s), LastLoginAt: lastLoginAs(u, s)}
}

// orgRefJSON is udata's organization reference.
type orgRefJSON struct {
	Acronym       optional   `json:"acronym"`
	Badges        []badgeRef `json:"badges"`
	ID            string     `json:"id"`
	Logo          optional   `json:"logo"`
	LogoThumbnail optional   `json:"logo_thumbnail"`
	Name          string     `json:"name"`
	Page          string     `json:"page"`
	Slug          string     `json:"slug"`
	URI           string     `json:"uri"`
}

type badgeRef struct {
	Kind string `json:"kind"`
}

func (a *API) orgRef(o org.Organization) *orgRefJSON {
	return &orgRefJSON{ID: o.ID, Name: o.Name, Slug: o.Slug, Acronym: optional(o.Acronym),
		Logo: optional(a.orgs.LogoURL(o, 500)), LogoThumbnail: optional(a.orgs.LogoURL(o, 100)),
		URI:  a.baseURL + "/api/1/organizations/" + o.ID + "/",
		Page: a.baseURL + "/organizations/" + o.Slug, Badges: badgesJSON(o.Badges)}
}

func badgesJSON(kinds []string) []badgeRef {
	out := []badgeRef{}
	for _, k := range kinds {
		out = append(out, badgeRef{k})
	}
	return out
}

// memberJSON is one member in an organization's object.
type memberJSON struct {
	Label string       `json:"label"`
	Role  string       `json:"role"`
	Since stamp        `json:"since"`
	User  *userRefJSON `json:"user"`
}

func (a *API) memberJSON(m org.Member, s seen) memberJSON {
	return memberJSON{User: a.userRef(m.User, s), Role: string(m.Role), Since: stamp(m.Since), Label: m.Role.Label()}
}

// orgJSON is udata's organization object: its reference, and more.
type orgJSON struct {
	*orgRefJSON
	BusinessNumber optional        `json:"business_number_id"`
	CreatedAt      stamp           `json:"created_at"`
	Deleted        stamp           `json:"deleted"`
	Description    string          `json:"description"`
	Duplicates     []*orgRefJSON   `json:"duplicates,omitempty"` // on creation only
	LastModified   stamp           `json:"last_modified"`
	Members        []memberJSON    `json:"members"`
	Metrics        map[string]int  `json:"metrics"`
	Permissions    map[string]bool `json:"permissions"`
	URL            optional        `json:"url"`
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
func (a *API) orgJSON(r *http.Request, o org.Organization) (*orgJSON, error) {
	p, err := a.readOrgPage(r, []org.Organization{o})
	if err != nil {
		return nil, err
	}
	return a.orgObject(callerOf(r).user, o, p.members[o.ID], p.followers[o.ID]), nil
}

// orgObject is o's object as viewer sees it: the permissions are theirs,
// and members and sysadmins see more of the members.
func (a *API) orgObject(viewer account.User, o org.Organization, members []org.Member, followers int) *orgJSON {
	acc := org.AccessAmong(viewer, members)
	ms := make([]memberJSON, len(members))
	for i, m := range members {
		ms[i] = a.memberJSON(m, seenBy(viewer, acc.Member))
	}
	return &orgJSON{orgRefJSON: a.orgRef(o), Description: o.Description, URL: optional(o.URL),
		BusinessNumber: optional(o.BusinessNumber), Members: ms,
		Metrics:   map[string]int{"datasets": o.Datasets, "members": len(members), "followers": followers, "reuses": 0, "views": 0},
		CreatedAt: stamp(o.CreatedAt), LastModified: stamp(o.UpdatedAt), Deleted: stamp(o.DeletedAt),
		Permissions: map[string]bool{"edit": acc.CanAdmin(), "delete": acc.CanAdmin(), "members": acc.CanAdmin(),
			"harvest": acc.CanAdmin(), "private": acc.CanEditAssigned()}}
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
