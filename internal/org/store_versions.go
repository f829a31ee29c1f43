package org

import (
	"context"
	"fmt"
	"strings"

	"github.com/socle-portal/socle/internal/sqldb"
)

// OrgVersion is the id and version of the organization whose id, else
// whose slug, is idOrSlug (Get's order), in one primary-key or slug read.
// The value is compared through a CAST: SQLite plans a comparison of an
// indexed column with a bare parameter from its statistics of that value
// (STAT4), so the statement, prepared once, would be planned again at
// every call, five times the cost of running it.
func (q Reader) OrgVersion(ctx context.Context, idOrSlug string) (id string, version int64, err error) {
	err = q.x.QueryRowContext(ctx, `SELECT id, version FROM organizations
		WHERE id = CAST($1 AS TEXT) OR slug = CAST($1 AS TEXT) ORDER BY id = $1 DESC LIMIT 1`, idOrSlug).Scan(&id, &version)
	return id, version, sqldb.NoRows(err, ErrNotFound)
}

// OrgVersions is the version of each organization of ids that exists.
func (q Reader) OrgVersions(ctx context.Context, ids []string) (map[string]int64, error) {
	_, out, err := q.versions(ctx, ids, false)
	return out, err
}

// SearchState is the organizations' search version and the version of
// each organization of ids that exists, read in one statement: both as of
// the same moment.
func (q Reader) SearchState(ctx context.Context, ids []string) (int64, map[string]int64, error) {
	return q.versions(ctx, ids, true)
}

func (q Reader) versions(ctx context.Context, ids []string, search bool) (int64, map[string]int64, error) {
	out := make(map[string]int64, len(ids))
	if len(ids) == 0 && !search {
		return 0, out, nil
	}
	var args []any
	var parts []string
	if len(ids) > 0 {
		parts = append(parts, `SELECT id, version FROM organizations WHERE id IN `+sqldb.InList(ids, &args))
	}
	if search {
		// Organization ids are never empty: "" marks the search version.
		parts = append(parts, `SELECT '', version FROM search_versions WHERE name = 'organizations'`)
	}
	query := strings.Join(parts, " UNION ALL ")
	rows, err := q.x.QueryContext(ctx, query, args...)
	if err != nil {
		return 0, nil, fmt.Errorf("organization versions: %w", err)
	}
	defer rows.Close()
	var searchVersion int64
	for rows.Next() {
		var id string
		var v int64
		if err := rows.Scan(&id, &v); err != nil {
			return 0, nil, err
		}
		if id == "" {
			searchVersion = v
		} else {
			out[id] = v
		}
	}
	return searchVersion, out, rows.Err()
}
