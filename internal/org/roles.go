package org

import "github.com/socle-portal/socle/internal/account"

// Role is a member's role in an organization.
type Role string

const (
	RoleAdmin         Role = "admin"
	RoleEditor        Role = "editor"
	RolePartialEditor Role = "partial_editor"
)

// Roles lists the roles with udata's labels, in order of power.
var Roles = []struct {
	ID    Role
	Label string
}{{RoleAdmin, "Administrator"}, {RoleEditor, "Editor"}, {RolePartialEditor, "Partial editor"}}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r == RoleAdmin || r == RoleEditor || r == RolePartialEditor }

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
	return a.CanAdmin() || (a.Member && a.Role == RoleEditor)
}

// CanEditAssigned: edit the datasets assigned to the member.
func (a Access) CanEditAssigned() bool {
	return a.CanEditAllDatasets() || (a.Member && a.Role == RolePartialEditor)
}

// CanSeeMembers' e-mails and requests: admins and support.
func (a Access) CanSeeRequests() bool { return a.CanAdmin() }
