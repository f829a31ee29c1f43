package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/socle-portal/socle/internal/org"
)

// inList binds ids as parameters and returns "($1, $2, …)".
func inList(ids []string, args *[]any) string {
	ph := make([]string, len(ids))
	for i, id := range ids {
		*args = append(*args, id)
		ph[i] = fmt.Sprintf("$%d", len(*args))
	}
	return "(" + strings.Join(ph, ", ") + ")"
}

// OrgSearchVersion is the version of the organizations' searchable columns,
// raised by triggers in the transaction of each change (migration 00025).
func (s Orgs) OrgSearchVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.reader.QueryRowContext(ctx, `SELECT version FROM search_versions WHERE name = 'organizations'`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("store: organization search version: %w", err)
	}
	return v, nil
}

// OrgIndexRows reads what the search index keeps of every live
// organization.
func (s Orgs) OrgIndexRows(ctx context.Context) ([]org.IndexRow, error) {
	rows, err := s.reader.QueryContext(ctx, `SELECT id, name, name_key, acronym, search_text FROM organizations
		WHERE deleted_at IS NULL`)
	if err != nil {
		return nil, fmt.Errorf("store: organization index: %w", err)
	}
	return collect(rows, func(r interface{ Scan(...any) error }) (org.IndexRow, error) {
		var x org.IndexRow
		err := r.Scan(&x.ID, &x.Name, &x.NameKey, &x.Acronym, &x.SearchText)
		return x, err
	})
}

// OrgsByIDs reads the organizations of ids, in the order of ids; missing
// ones are left out.
func (s Orgs) OrgsByIDs(ctx context.Context, ids []string) ([]org.Organization, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var args []any
	rows, err := s.reader.QueryContext(ctx, `SELECT `+orgColumns+` FROM organizations WHERE id IN `+inList(ids, &args), args...)
	if err != nil {
		return nil, fmt.Errorf("store: organizations by id: %w", err)
	}
	list, err := collect(rows, scanOrg)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]org.Organization, len(list))
	for _, o := range list {
		byID[o.ID] = o
	}
	out := make([]org.Organization, 0, len(ids))
	for _, id := range ids {
		if o, ok := byID[id]; ok {
			out = append(out, o)
		}
	}
	return out, nil
}

// MembersOf lists the members of each organization of orgIDs, admins
// first, in one query.
func (s Orgs) MembersOf(ctx context.Context, orgIDs []string) (map[string][]org.Member, error) {
	out := make(map[string][]org.Member, len(orgIDs))
	if len(orgIDs) == 0 {
		return out, nil
	}
	var args []any
	rows, err := s.reader.QueryContext(ctx, `SELECT `+memberColumns+` FROM org_members m JOIN users u ON u.id = m.user_id
		WHERE m.org_id IN `+inList(orgIDs, &args)+` ORDER BY m.org_id, `+sqlMemberRank+`, m.since, u.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: members of organizations: %w", err)
	}
	list, err := collect(rows, scanMember)
	for _, m := range list {
		out[m.OrgID] = append(out[m.OrgID], m)
	}
	return out, err
}

// PublicDatasetCounts reads the number of public datasets of each
// organization of orgIDs, kept by triggers (migration 00024).
func (s Orgs) PublicDatasetCounts(ctx context.Context, orgIDs []string) (map[string]int, error) {
	out := make(map[string]int, len(orgIDs))
	if len(orgIDs) == 0 {
		return out, nil
	}
	var args []any
	rows, err := s.reader.QueryContext(ctx, `SELECT id, public_datasets FROM organizations WHERE id IN `+inList(orgIDs, &args), args...)
	if err != nil {
		return nil, fmt.Errorf("store: dataset counts: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}
