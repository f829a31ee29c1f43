package org

import (
	"context"
	"fmt"
	"strings"

	"github.com/socle-portal/socle/internal/keyset"
	"github.com/socle-portal/socle/internal/sqldb"
)

// orgSort is a field organizations sort by, and how a cursor reads it.
type orgSort struct {
	column string
	isTime bool
	key    func(Organization) any
}

func orgCreated(o Organization) any { return o.CreatedAt }

var orgSorts = map[string]orgSort{
	"name": {"o.name", false, func(o Organization) any { return o.Name }}, "created": {"o.created_at", true, orgCreated},
	"last_modified": {"o.updated_at", true, func(o Organization) any { return o.UpdatedAt }},
	// No metrics yet: these order by creation, as the closest proxy.
	"datasets": {"o.created_at", true, orgCreated}, "followers": {"o.created_at", true, orgCreated},
	"reuses": {"o.created_at", true, orgCreated}, "views": {"o.created_at", true, orgCreated},
}

// OrgSortValid reports whether sort is a field organizations sort by.
func OrgSortValid(sort string) bool {
	_, ok := orgSorts[strings.TrimPrefix(sort, "-")]
	return sort == "" || ok
}

// orgOrder is qy's ordering when it pages by key; a search ranked by
// relevance (q without sort) pages by offset, as datasets do (see
// datasetOrder), its ranking being computed over every match anyway.
func orgOrder(qy Query) (sqldb.KeyOrder[Organization], bool) {
	name := qy.Sort
	switch {
	case name == "" && len(sqldb.SearchTerms(qy.Q)) > 0:
		return sqldb.KeyOrder[Organization]{}, false
	case name == "":
		name = "name"
	}
	f := orgSorts[strings.TrimPrefix(name, "-")]
	return sqldb.KeyOrder[Organization]{Name: "organizations:" + name, Column: f.column, IDCol: "o.id", Desc: strings.HasPrefix(name, "-"),
		IsTime: f.isTime, Key: f.key}, true
}

// OrgCursorValid reports whether qy.After, if any, is a cursor of qy's
// ordering.
func OrgCursorValid(qy Query) bool {
	by, keyed := orgOrder(qy)
	return by.Accepts(keyed, qy.After)
}

// OrgCursor is the cursor of the page after o in qy's ordering; ok is false
// when that ordering pages by offset.
func OrgCursor(qy Query, o Organization) (c keyset.Cursor, ok bool) {
	by, keyed := orgOrder(qy)
	return by.After(keyed, o, o.ID)
}

// SearchOrgs lists live organizations matching q: every word, as a prefix,
// in the name, acronym or SIREN. Without a sort, exact names and acronyms
// come first, then by relevance. The page starts after qy.After when set,
// else at page qy.Page.
func (q Reader) SearchOrgs(ctx context.Context, qy Query) ([]Organization, int, error) {
	where := []string{"o.deleted_at IS NULL"}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	terms := sqldb.SearchTerms(qy.Q)
	var rank string
	if len(terms) > 0 {
		var cond string
		cond, rank = q.x.MatchAll("o", "organizations_fts", terms, arg)
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
	by, keyed := orgOrder(qy)
	order := by.OrderBy()
	if !keyed {
		order = "o.name_key = " + arg(NameKey(qy.Q)) + " DESC, lower(o.acronym) = " +
			arg(strings.ToLower(strings.TrimSpace(qy.Q))) + " DESC, " + rank + "length(o.name), o.name, o.id"
	}
	var page string
	if qy.After != nil {
		seek, err := by.Seek(*qy.After, arg)
		if err != nil || !keyed {
			return nil, 0, fmt.Errorf("store: search organizations: %w", keyset.ErrInvalid)
		}
		cond += " AND " + seek
		page = ` LIMIT ` + arg(qy.PageSize)
	} else {
		page = ` LIMIT ` + arg(qy.PageSize) + ` OFFSET ` + arg((qy.Page-1)*qy.PageSize)
	}
	rows, err := q.x.QueryContext(ctx, `SELECT `+strings.ReplaceAll(orgColumns, "organizations.id", "o.id")+
		` FROM organizations o WHERE `+cond+` ORDER BY `+order+page, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: search organizations: %w", err)
	}
	list, err := sqldb.Collect(rows, scanOrg)
	return list, total, err
}
