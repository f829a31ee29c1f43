package api

import (
	"encoding/json"
	"net/http"
	"slices"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/vcache"
)

// cachedOrgObjects and cachedOrgBytes bound the organization objects an
// API keeps encoded (about a kilobyte each).
const (
	cachedOrgObjects = 8192
	cachedOrgBytes   = 4 << 20
)

// cachedOrg is an organization's object as anyone sees it (no permission,
// nothing of its members beyond their names), encoded, and the ids of its
// members, who see more.
type cachedOrg struct {
	body    []byte
	members []string
}

func newOrgCache() *vcache.Cache[cachedOrg] {
	return vcache.Sized(cachedOrgObjects, cachedOrgBytes, func(c cachedOrg) int { return len(c.body) + 64 + 40*len(c.members) })
}

// publicView reports whether u sees an organization whose members are
// memberIDs as anyone does: neither a member nor a sysadmin.
func publicView(u account.User, memberIDs []string) bool {
	return !u.Sysadmin && (u.ID == "" || !slices.Contains(memberIDs, u.ID))
}

// orgObjects is the encoded object of each organization of list as the
// caller sees it. What anyone sees is kept by organization and version
// (org.Organization.Version, raised by the database with every change to
// what the object shows): a page of organizations already seen costs no
// query here, and a change made on any instance is never answered from an
// older object, since list was read with the current versions.
func (a *API) orgObjects(r *http.Request, list []org.Organization) ([][]byte, error) {
	u := callerOf(r).user
	out := make([][]byte, len(list))
	var todo []org.Organization
	var at []int
	for i, o := range list {
		if c, ok := a.orgCache.Get(o.ID, o.Version); ok && publicView(u, c.members) {
			out[i] = c.body
			continue
		}
		todo, at = append(todo, o), append(at, i)
	}
	if len(todo) == 0 {
		return out, nil
	}
	p, err := a.readOrgPage(r, todo)
	if err != nil {
		return nil, err
	}
	for j, o := range todo {
		members := p.members[o.ID]
		ids := make([]string, len(members))
		for k, m := range members {
			ids[k] = m.User.ID
		}
		viewer, public := u, publicView(u, ids)
		if public {
			viewer = account.User{}
		}
		body, err := json.Marshal(a.orgObject(viewer, o, members, p.followers[o.ID]))
		if err != nil {
			return nil, err
		}
		// The members and followers were read after o: they are at least
		// as new as o.Version, so the object is never older than its key.
		if public {
			a.orgCache.Put(o.ID, o.Version, cachedOrg{body, ids})
		}
		out[at[j]] = body
	}
	return out, nil
}
