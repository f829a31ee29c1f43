package org

import "github.com/socle-portal/socle/internal/account"

// Role is a member's role in an organization.
type Role string

const (
	RoleAdmin         Role = "admin"
	RoleEditor        Role = "editor"
	RolePartialEditor Role = "partial_editor"
)

// DefaultRole is the role of an accepted request or an invitation when
// none is given.
const DefaultRole = RoleEditor

// Roles lists the roles with udata's labels, in order of power: every list
// of roles, in the API and in the forms' options, comes from it.
var Roles = []struct {
	ID    Role
	Label string
}{{RoleAdmin, "Administrator"}, {RoleEditor, "Editor"}, {RolePartialEditor, "Partial editor"}}

// RoleIDs lists the roles one may give, in the order of Roles.
func RoleIDs() []Role {
	ids := make([]Role, len(Roles))
	for i, x := range Roles {
		ids[i] = x.ID
	}
	return ids
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x.ID == r {
			return true
		}
	}
	return false
}

// EditsAll reports whether the role edits every dataset of the
// organization.
func (r Role) EditsAll() bool { return r == RoleAdmin || r == RoleEditor }

// AssignedOnly reports whether the role edits only the datasets assigned
// to the member.
func (r Role) AssignedOnly() bool { return r == RolePartialEditor }

// Label is the role's display name.
func (r Role) Label() string {
	for _, x := range Roles {
		if x.ID == r {
			return x.Label
		}
	}
	return string(r)
}

// Access is what one user may do in one organization: the only place where
// roles turn into permissions.
type Access struct {
	User   account.User
	Member bool
	Role   Role
}

// Sysadmin: support staff, who may do everything an admin may, everywhere.
func (a Access) support() bool { return a.User.Sysadmin }

// CanAdmin: edit the profile, manage members, requests and invitations.
func (a Access) CanAdmin() bool { return a.support() || (a.Member && a.Role == RoleAdmin) }

// CanEditAllDatasets: create and edit every dataset of the organization.
func (a Access) CanEditAllDatasets() bool {
	return a.CanAdmin() || (a.Member && a.Role.EditsAll())
}

// SeesDeleted: still see the organization once deleted, as udata shows it to
// those who could edit it (its admins and editors, support); others are
// told it is gone.
func (a Access) SeesDeleted() bool { return a.CanEditAllDatasets() }

// CanEditAssigned: edit the datasets assigned to the member.
func (a Access) CanEditAssigned() bool {
	return a.CanEditAllDatasets() || (a.Member && a.Role.AssignedOnly())
}

// CanSeeMembers' e-mails and requests: admins and support.
func (a Access) CanSeeRequests() bool { return a.CanAdmin() }
