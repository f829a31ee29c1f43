package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/socle-portal/socle/internal/sqldb"
)

// indexRow is what the search index keeps of a dataset: its place in the
// order (created_at, id), who may see it, and its folded words.
type indexRow struct {
	ID, OrgID, OwnerID, SearchText string
	CreatedAt                      time.Time
	Private, Draft, Deleted        bool
}

const indexRowColumns = `id, created_at, private, draft, deleted_at IS NOT NULL, coalesce(org_id, ''), coalesce(owner_id, ''), search_text`

func scanIndexRow(r sqldb.Scanner) (indexRow, error) {
	var x indexRow
	err := r.Scan(&x.ID, sqldb.Time(&x.CreatedAt), &x.Private, &x.Draft, &x.Deleted, &x.OrgID, &x.OwnerID, &x.SearchText)
	return x, err
}

// DatasetsVersion is the sequence of the last change to the datasets'
// searchable or visibility columns (migration 00059).
func (q Reader) DatasetsVersion(ctx context.Context) (int64, error) {
	var v int64
	err := q.x.QueryRowContext(ctx, `SELECT version FROM search_versions WHERE name = 'datasets'`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("datasets search version: %w", err)
	}
	return v, nil
}

// indexKeys reads the place of every dataset in the order, for the first
// pass of an index build.
func (q Reader) indexKeys(ctx context.Context, fn func(id string, at time.Time)) error {
	rows, err := q.x.QueryContext(ctx, `SELECT id, created_at FROM datasets`)
	if err != nil {
		return fmt.Errorf("dataset index keys: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var at time.Time
		if err := rows.Scan(&id, sqldb.Time(&at)); err != nil {
			return err
		}
		fn(id, at)
	}
	return rows.Err()
}

// eachIndexRow visits every dataset, in no order, for the second pass of
// an index build.
func (q Reader) eachIndexRow(ctx context.Context, fn func(indexRow)) error {
	rows, err := q.x.QueryContext(ctx, `SELECT `+indexRowColumns+` FROM datasets`)
	if err != nil {
		return fmt.Errorf("dataset index rows: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		x, err := scanIndexRow(rows)
		if err != nil {
			return err
		}
		fn(x)
	}
	return rows.Err()
}

// change is an entry of the datasets' change log: a dataset, and its
// creation date before the change (zero for an insert), which was its
// place in the index.
type change struct {
	ID  string
	Was time.Time

	// What the index held of the dataset before the change (migration
	// 00062), when Known: its folded words, organization and owner.
	Known             bool
	Words, Org, Owner string
}

// datasetChanges lists the changes after sequence since, at most limit,
// and the first and last sequences read (0 if none): a first sequence past
// since+1 means the log was pruned beyond it.
func (q Reader) datasetChanges(ctx context.Context, since int64, limit int) (list []change, first, last int64, err error) {
	rows, err := q.x.QueryContext(ctx, `SELECT seq, dataset_id, created_at, old_search_text, old_org_id, old_owner_id
		FROM dataset_changes WHERE seq > $1 ORDER BY seq LIMIT $2`, since, limit)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("dataset changes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var c change
		var words, org, owner sql.NullString
		if err := rows.Scan(&seq, &c.ID, sqldb.Time(&c.Was), &words, &org, &owner); err != nil {
			return nil, 0, 0, err
		}
		c.Known, c.Words, c.Org, c.Owner = words.Valid, words.String, org.String, owner.String
		if first == 0 {
			first = seq
		}
		last = seq
		list = append(list, c)
	}
	return list, first, last, rows.Err()
}

// indexRowsByID reads the index rows of ids; missing ones (deleted from
// the table) are left out.
func (q Reader) indexRowsByID(ctx context.Context, ids []string) ([]indexRow, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var args []any
	in := sqldb.InList(ids, &args) // before the call: Go does not order it against reading args
	rows, err := q.x.QueryContext(ctx, `SELECT `+indexRowColumns+` FROM datasets WHERE id IN `+in, args...)
	if err != nil {
		return nil, fmt.Errorf("dataset index rows: %w", err)
	}
	return sqldb.Collect(rows, scanIndexRow)
}

// memberOrgIDs lists the organizations userID is a member of, whose hidden
// datasets the user's lists show.
func (q Reader) memberOrgIDs(ctx context.Context, userID string) ([]string, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT org_id FROM org_members WHERE user_id = $1`, userID)
	if err != nil {
		return nil, fmt.Errorf("member organizations: %w", err)
	}
	return sqldb.Collect(rows, func(r sqldb.Scanner) (string, error) {
		var id string
		return id, r.Scan(&id)
	})
}

// DatasetsByIDs reads the datasets of ids, in the order of ids; missing
// ones are left out.
func (q Reader) DatasetsByIDs(ctx context.Context, ids []string) ([]Dataset, error) {
	list, err := sqldb.CollectIn(ctx, q.x, ids, `SELECT `+selectColumns+` FROM datasets WHERE id IN `, ``, scanDataset)
	if err != nil {
		return nil, fmt.Errorf("datasets by id: %w", err)
	}
	return sqldb.InOrder(ids, sqldb.KeyBy(list, func(d Dataset) string { return d.ID })), nil
}
