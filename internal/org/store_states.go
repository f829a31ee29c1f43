package org

import (
	"strconv"
	"strings"
)

// The states and roles the queries test, as SQL literals made of the
// domain's constants. They stay literals rather than bound parameters so
// that the partial indexes on pending rows (membership_requests_one_pending,
// transfers_one_pending) still match the queries that test them.
const (
	sqlPending  = "'" + string(StatusPending) + "'"
	sqlCanceled = "'" + string(StatusCanceled) + "'"
	sqlAdmin    = "'" + string(RoleAdmin) + "'"
)

// sqlMemberRank orders members by role, admins first.
var sqlMemberRank = sqlRoleRank("m.role")

// sqlRoleRank ranks the roles of Roles, the most powerful first (0), as
// a CASE expression on column.
func sqlRoleRank(column string) string {
	var b strings.Builder
	b.WriteString("CASE " + column)
	last := len(Roles) - 1
	for i, r := range Roles[:last] {
		b.WriteString(" WHEN '" + string(r.ID) + "' THEN " + strconv.Itoa(i))
	}
	b.WriteString(" ELSE " + strconv.Itoa(last) + " END")
	return b.String()
}
