package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/slug"
)

// searchTerms turns free text into plain folded words: no query syntax of
// FTS5 or tsquery ever reaches the database from a user.
func searchTerms(q string) []string {
	var out []string
	for _, w := range strings.Split(slug.Make(q, 200, ""), "-") {
		if w != "" {
			out = append(out, w)
		}
	}
	if len(out) > 10 {
		out = out[:10]
	}
	return out
}

var orgSorts = map[string]string{
	"name": "o.name", "created": "o.created_at", "last_modified": "o.updated_at",
	// No metrics yet: these order by creation, as the closest proxy.
	"datasets": "o.created_at", "followers": "o.created_at", "reuses": "o.created_at", "views": "o.created_at",
}

// OrgSortValid reports whether sort is a field organizations sort by.
func OrgSortValid(sort string) bool {
	_, ok := orgSorts[strings.TrimPrefix(sort, "-")]
	return sort == "" || ok
}

// SearchOrgs lists live organizations matching q: every word, as a prefix,
// in the name, acronym or SIREN. Without a sort, exact names and acronyms
// come first, then by relevance.
func (q q) SearchOrgs(ctx context.Context, qy org.Query) ([]org.Organization, int, error) {
	where := []string{"o.deleted_at IS NULL"}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	terms := searchTerms(qy.Q)
	var rank string
	if len(terms) > 0 {
		var cond string
		cond, rank = q.matchAll("o", "organizations_fts", terms, arg)
		where = append(where, cond)
	}
	if qy.Badge != "" {
		where = append(where, "(' ' || o.badges || ' ') LIKE "+arg("% "+qy.Badge+" %"))
	}
	if qy.Name != "" {
		where = append(where, "lower(o.name) = "+arg(strings.ToLower(qy.Name)))
	}
	if qy.BusinessNumber != "" {
		where = append(where, "o.business_number = "+arg(qy.BusinessNumber))
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := q.x.QueryRowContext(ctx, `SELECT count(*) FROM organizations o WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: search organizations: %w", err)
	}
	order := "o.name"
	switch {
	case qy.Sort != "":
		order = orgSorts[strings.TrimPrefix(qy.Sort, "-")] + " ASC"
		if strings.HasPrefix(qy.Sort, "-") {
			order = orgSorts[qy.Sort[1:]] + " DESC"
		}
	case len(terms) > 0:
		order = "o.name_key = " + arg(org.NameKey(qy.Q)) + " DESC, lower(o.acronym) = " +
			arg(strings.ToLower(strings.TrimSpace(qy.Q))) + " DESC, " + rank + "length(o.name), o.name"
	}
	limit, offset := arg(qy.PageSize), arg((qy.Page-1)*qy.PageSize)
	rows, err := q.x.QueryContext(ctx, `SELECT `+strings.ReplaceAll(orgColumns, "organizations.id", "o.id")+
		` FROM organizations o WHERE `+cond+` ORDER BY `+order+`, o.id LIMIT `+limit+` OFFSET `+offset, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: search organizations: %w", err)
	}
	list, err := collect(rows, scanOrg)
	return list, total, err
}
