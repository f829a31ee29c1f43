package api

import (
	"strings"

	"github.com/socle-portal/socle/internal/account"
)

// seen is how much of a user a reader may see, udata's rule: everything
// for the user themself on /me/ and for sysadmins; inside an organization,
// for its members (udata's "private" context), a masked address and the
// last login; nothing for anyone else (udata shows them the domain; the
// spec keeps null).
type seen int

const (
	seenNothing seen = iota
	seenMasked
	seenAll
)

// seenBy is what viewer sees of others; inOrg is an organization's member
// looking at its members or applicants.
func seenBy(viewer account.User, inOrg bool) seen {
	switch {
	case viewer.Sysadmin:
		return seenAll
	case inOrg:
		return seenMasked
	}
	return seenNothing
}

// emailAs is the address as s shows it: "th*****@example.org" when masked.
func emailAs(address string, s seen) any {
	at := strings.LastIndexByte(address, '@')
	switch {
	case s == seenAll:
		return address
	case s == seenMasked && at > 0:
		name := address[:at]
		keep := min(2, len(name))
		return name[:keep] + strings.Repeat("*", len(name)-keep) + address[at:]
	}
	return nil
}

// lastLoginAs is the last login date as s shows it.
func lastLoginAs(u account.User, s seen) any {
	if s == seenNothing {
		return nil
	}
	return isoTime(u.LastLoginAt)
}
