package org

import (
	"context"
	"fmt"

	"github.com/socle-portal/socle/internal/sqldb"
)

// SearchVersion is the version of the organizations' searchable columns,
// raised by triggers in the transaction of each change (migration 00025).
func (q Reader) SearchVersion(ctx context.Context) (int64, error) {
	var v int64
	err := q.x.QueryRowContext(ctx, `SELECT version FROM search_versions WHERE name = 'organizations'`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("organization search version: %w", err)
	}
	return v, nil
}

// IndexRows reads what the search index keeps of every live organization.
func (q Reader) IndexRows(ctx context.Context) ([]IndexRow, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT id, name, name_key, acronym, search_text FROM organizations
		WHERE deleted_at IS NULL`)
	if err != nil {
		return nil, fmt.Errorf("organization index: %w", err)
	}
	return sqldb.Collect(rows, func(r sqldb.Scanner) (IndexRow, error) {
		var x IndexRow
		err := r.Scan(&x.ID, &x.Name, &x.NameKey, &x.Acronym, &x.SearchText)
		return x, err
	})
}

// OrgsByIDs reads the organizations of ids, in the order of ids; missing
// ones are left out.
func (q Reader) OrgsByIDs(ctx context.Context, ids []string) ([]Organization, error) {
	list, err := sqldb.CollectIn(ctx, q.x, ids, `SELECT `+orgColumns+` FROM organizations WHERE id IN `, ``, scanOrg)
	if err != nil {
		return nil, fmt.Errorf("organizations by id: %w", err)
	}
	return sqldb.InOrder(ids, sqldb.KeyBy(list, Organization.key)), nil
}

// key is o's id, to index organizations by.
func (o Organization) key() string { return o.ID }

// MembersOf lists the members of each organization of orgIDs, admins
// first, in one query.
func (q Reader) MembersOf(ctx context.Context, orgIDs []string) (map[string][]Member, error) {
	list, err := sqldb.CollectIn(ctx, q.x, orgIDs, `SELECT `+memberColumns+` FROM org_members m JOIN users u ON u.id = m.user_id
		WHERE m.org_id IN `, ` ORDER BY m.org_id, `+sqlMemberRank+`, m.since, u.id`, scanMember)
	if err != nil {
		return nil, fmt.Errorf("members of organizations: %w", err)
	}
	return sqldb.GroupBy(list, func(m Member) string { return m.OrgID }), nil
}

// MembershipsOf lists the live organizations of each user of userIDs, by
// name, in one query for a whole page of users.
func (q Reader) MembershipsOf(ctx context.Context, userIDs []string) (map[string][]Membership, error) {
	out := make(map[string][]Membership, len(userIDs))
	if len(userIDs) == 0 {
		return out, nil
	}
	var args []any
	in := sqldb.InList(userIDs, &args) // before the call: Go does not order it against reading args
	rows, err := q.x.QueryContext(ctx, `SELECT `+orgColumns+`, m.role, m.user_id FROM organizations
		JOIN org_members m ON m.org_id = organizations.id
		WHERE m.user_id IN `+in+` AND organizations.deleted_at IS NULL
		ORDER BY organizations.name`, args...)
	if err != nil {
		return nil, fmt.Errorf("memberships of users: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var ms Membership
		var userID, badges string
		o := &ms.Org
		err := rows.Scan(append(orgDest(o, &badges), &ms.Role, &userID)...)
		if err != nil {
			return nil, err
		}
		o.Badges = sqldb.Fields(badges)
		out[userID] = append(out[userID], ms)
	}
	return out, rows.Err()
}
