package catalog

import (
	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/org"
)

// Rights is what one user may do with one dataset: the only place where
// roles turn into dataset permissions.
type Rights struct {
	Edit     bool // change its fields, resources and files
	Delete   bool
	See      bool // see it while private, draft or deleted
	Transfer bool // ask to give it to another owner
}

// RightsOn decides u's rights on d. acc is u's access to d's organization
// (zero when d belongs to a user); assigned says whether d is assigned to
// u as a partial editor.
func RightsOn(u account.User, d Dataset, acc org.Access, assigned bool) Rights {
	var edit, give bool
	switch {
	case u.ID == "":
	case u.Sysadmin:
		edit, give = true, true
	case d.OrgID != "":
		edit = acc.CanEditAllDatasets() || (acc.CanEditAssigned() && assigned)
		// Giving a dataset away is the organization's decision, so its
		// admins': an editor could otherwise hand it to themself.
		give = acc.CanAdmin()
	default:
		edit = d.OwnerID == u.ID
		give = edit
	}
	if d.Deleted() {
		// Nothing changes once deleted; those who could edit it still see
		// it (udata answers them 200 with "deleted" set), nobody else.
		return Rights{See: edit}
	}
	member := d.OrgID != "" && acc.Member
	return Rights{Edit: edit, Delete: edit, See: edit || member || d.Public(), Transfer: give}
}

// hiddenError is what someone who may not see d is told: a deleted dataset
// that was public is gone (410); a private or draft one, deleted or not,
// is not found (404), so that its existence is not revealed.
func hiddenError(d Dataset) error {
	if d.Deleted() && !d.Private && !d.Draft {
		return ErrDeleted
	}
	return ErrNotFound
}

// writable tells why rights do not let their holder change d, if they don't.
func writable(d Dataset, r Rights) error {
	switch {
	case !r.See:
		return hiddenError(d)
	case d.Deleted():
		return ErrDeleted
	case !r.Edit:
		return ErrForbidden
	}
	return nil
}

// CanCreateIn says whether u may create datasets in the organization: its
// admins and editors, and its partial editors, who are then assigned to
// what they create (as udata).
func CanCreateIn(u account.User, acc org.Access) bool {
	return u.Confirmed() && acc.CanEditAssigned()
}
