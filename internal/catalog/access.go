package catalog

import (
	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/org"
)

// Rights is what one user may do with one dataset: the only place where
// roles turn into dataset permissions.
type Rights struct {
	Edit   bool // change its fields, resources and files
	Delete bool
	See    bool // see it while private or draft
}

// RightsOn decides u's rights on d. acc is u's access to d's organization
// (zero when d belongs to a user); assigned says whether d is assigned to
// u as a partial editor.
func RightsOn(u account.User, d Dataset, acc org.Access, assigned bool) Rights {
	var edit bool
	switch {
	case u.ID == "":
	case u.Sysadmin:
		edit = true
	case d.OrgID != "":
		edit = acc.CanEditAllDatasets() || (acc.CanEditAssigned() && assigned)
	default:
		edit = d.OwnerID == u.ID
	}
	member := d.OrgID != "" && acc.Member
	return Rights{Edit: edit, Delete: edit, See: edit || member || d.Public()}
}

// CanCreateIn says whether u may create datasets in the organization: its
// admins and editors, not its partial editors.
func CanCreateIn(u account.User, acc org.Access) bool {
	return u.Confirmed() && acc.CanEditAllDatasets()
}
