package catalog

import (
	"context"

	"github.com/socle-portal/socle/internal/sqldb"
)

// ObjectVersion is what a dataset's object depends on, by version: the
// dataset's (migration 00057) and its organization's (00056, 0 without
// one).
type ObjectVersion struct {
	ID      string
	Dataset int64
	Org     int64
}

// DatasetVersion reads the versions of the dataset whose id, else whose
// slug, is idOrSlug (Get's order), in one statement. The value is compared
// through a CAST: SQLite plans a comparison of an indexed column with a
// bare parameter from its statistics of that value (STAT4), so the
// statement, prepared once, would be planned again at every call.
func (q Reader) DatasetVersion(ctx context.Context, idOrSlug string) (ObjectVersion, error) {
	var v ObjectVersion
	err := q.x.QueryRowContext(ctx, `SELECT d.id, d.version, coalesce(o.version, 0) FROM datasets d
		LEFT JOIN organizations o ON o.id = d.org_id
		WHERE d.id = CAST($1 AS TEXT) OR d.slug = CAST($1 AS TEXT) ORDER BY d.id = $1 DESC LIMIT 1`, idOrSlug).
		Scan(&v.ID, &v.Dataset, &v.Org)
	return v, sqldb.NoRows(err, ErrNotFound)
}

// VersionOf is the versions of the dataset whose id, else whose slug, is
// idOrSlug, for caches of its object: read them before the dataset, and
// keep what was read under them.
func (s *Service) VersionOf(ctx context.Context, idOrSlug string) (ObjectVersion, error) {
	return s.store.DatasetVersion(ctx, idOrSlug)
}
