package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/socle-portal/socle/internal/keyset"
	"github.com/socle-portal/socle/internal/sqldb"
)

const datasetColumns = `id, slug, title, acronym, description, description_short, tags, license, frequency,
	temporal_start, temporal_end, zones, granularity, private, draft, org_id, owner_id, created_at, updated_at,
	published_at, deleted_at, extras, geom`

// selectColumns is what scanDataset reads: the columns written, and the
// version the database raises (migration 00057).
const selectColumns = datasetColumns + `, version`

func scanDataset(row sqldb.Scanner) (Dataset, error) {
	var d Dataset
	var tags, zones string
	var orgID, owner sql.NullString
	err := row.Scan(&d.ID, &d.Slug, &d.Title, &d.Acronym, &d.Description, &d.DescriptionShort, &tags, &d.License,
		&d.Frequency, sqldb.Time(&d.TemporalStart), sqldb.Time(&d.TemporalEnd), &zones, &d.Granularity, &d.Private, &d.Draft,
		&orgID, &owner, sqldb.Time(&d.CreatedAt), sqldb.Time(&d.UpdatedAt), sqldb.Time(&d.PublishedAt), sqldb.Time(&d.DeletedAt),
		&d.Extras, &d.Geom, &d.Version)
	if errors.Is(err, sql.ErrNoRows) {
		return d, ErrNotFound
	}
	d.Tags, d.Zones, d.OrgID, d.OwnerID = sqldb.Fields(tags), sqldb.Fields(zones), orgID.String, owner.String
	return d, err
}

func (q Reader) DatasetByID(ctx context.Context, id string) (Dataset, error) {
	return scanDataset(q.x.QueryRowContext(ctx, `SELECT `+selectColumns+` FROM datasets WHERE id = $1`, id))
}

// LockDataset reads a dataset and, on PostgreSQL, locks its row until the
// transaction ends. SQLite needs no lock: a write transaction already holds
// its only write lock (BEGIN IMMEDIATE), so writers run one after another.
func (tx Tx) LockDataset(ctx context.Context, id string) (Dataset, error) {
	return scanDataset(tx.x.QueryRowContext(ctx, `SELECT `+selectColumns+` FROM datasets WHERE id = $1`+tx.x.ForUpdate(), id))
}

func (q Reader) DatasetBySlug(ctx context.Context, slug string) (Dataset, error) {
	return scanDataset(q.x.QueryRowContext(ctx, `SELECT `+selectColumns+` FROM datasets WHERE slug = $1`, slug))
}

func (q Reader) DatasetSlugTaken(ctx context.Context, slug string) (bool, error) {
	return q.x.Exists(ctx, `SELECT count(*) FROM datasets WHERE slug = $1`, slug)
}

func (q Reader) Assigned(ctx context.Context, datasetID, userID string) (bool, error) {
	return q.x.Exists(ctx, `SELECT count(*) FROM dataset_assignments WHERE dataset_id = $1 AND user_id = $2`,
		datasetID, userID)
}

func (q Reader) Assignments(ctx context.Context, orgID string) (map[string][]string, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT user_id, dataset_id FROM dataset_assignments WHERE org_id = $1
		ORDER BY user_id, dataset_id`, orgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var u, d string
		if err := rows.Scan(&u, &d); err != nil {
			return nil, err
		}
		out[u] = append(out[u], d)
	}
	return out, rows.Err()
}

func datasetArgs(d Dataset, searchText string) []any {
	return []any{d.ID, d.Slug, d.Title, d.Acronym, d.Description, d.DescriptionShort, strings.Join(d.Tags, " "),
		d.License, d.Frequency, sqldb.TS(d.TemporalStart), sqldb.TS(d.TemporalEnd), strings.Join(d.Zones, " "), d.Granularity,
		d.Private, d.Draft, sqldb.NullString(d.OrgID), sqldb.NullString(d.OwnerID), sqldb.TS(d.CreatedAt), sqldb.TS(d.UpdatedAt),
		sqldb.TS(d.PublishedAt), sqldb.TS(d.DeletedAt), extrasOrEmpty(d.Extras), d.Geom, searchText}
}

// CreateDataset inserts d; slug.ErrTaken when another dataset has its slug.
func (tx Tx) CreateDataset(ctx context.Context, d Dataset, searchText string) error {
	res, err := tx.x.ExecContext(ctx, `INSERT INTO datasets (`+datasetColumns+`, search_text)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)
		ON CONFLICT (slug) DO NOTHING`,
		datasetArgs(d, searchText)...)
	if err := sqldb.SlugInserted(res, err); err != nil {
		return fmt.Errorf("store: create dataset: %w", err)
	}
	return tx.indexDataset(ctx, d, searchText)
}

func (tx Tx) UpdateDataset(ctx context.Context, d Dataset, searchText string) error {
	res, err := tx.x.ExecContext(ctx, `UPDATE datasets SET slug = $2, title = $3, acronym = $4, description = $5,
		description_short = $6, tags = $7, license = $8, frequency = $9, temporal_start = $10, temporal_end = $11,
		zones = $12, granularity = $13, private = $14, draft = $15, org_id = $16, owner_id = $17, created_at = $18,
		updated_at = $19, published_at = $20, deleted_at = $21, extras = $22, geom = $23, search_text = $24 WHERE id = $1`,
		datasetArgs(d, searchText)...)
	if err != nil {
		return fmt.Errorf("store: update dataset: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return tx.indexDataset(ctx, d, searchText)
}

func (tx Tx) indexDataset(ctx context.Context, d Dataset, searchText string) error {
	if d.Deleted() {
		searchText = ""
	}
	return tx.x.Reindex(ctx, "datasets", "datasets_fts", d.ID, searchText)
}

func (tx Tx) SetAssignments(ctx context.Context, orgID, userID string, datasetIDs []string) error {
	if _, err := tx.x.ExecContext(ctx, `DELETE FROM dataset_assignments WHERE org_id = $1 AND user_id = $2`, orgID, userID); err != nil {
		return err
	}
	for _, id := range datasetIDs {
		if _, err := tx.x.ExecContext(ctx, `INSERT INTO dataset_assignments (org_id, user_id, dataset_id)
			VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, orgID, userID, id); err != nil {
			return err
		}
	}
	return nil
}

// datasetSort is a field datasets sort by. key reads it from a dataset for
// cursors; nil for a nullable column, whose sort pages by offset (a row
// comparison never matches NULL, and the engines put NULLs at opposite ends).
type datasetSort struct {
	column string
	isTime bool
	key    func(Dataset) any
}

var datasetSorts = map[string]datasetSort{
	"title":         {"d.title", false, func(d Dataset) any { return d.Title }},
	"created":       {"d.created_at", true, func(d Dataset) any { return d.CreatedAt }},
	"last_modified": {"d.updated_at", true, func(d Dataset) any { return d.UpdatedAt }},
	"last_update":   {"d.updated_at", true, func(d Dataset) any { return d.UpdatedAt }},
	"published":     {"d.published_at", true, nil}, // NULL until a draft is published
}

// DatasetSortValid reports whether sort is a field datasets sort by.
func DatasetSortValid(sort string) bool {
	_, ok := datasetSorts[strings.TrimPrefix(sort, "-")]
	return sort == "" || ok
}

// datasetOrder is qy's ordering when it pages by key. Searches (q without
// sort) page by number: the search index answers them, and its page N
// costs what page 1 does.
func datasetOrder(qy Query) (sqldb.KeyOrder[Dataset], bool) {
	name := qy.Sort
	switch {
	case name == "" && len(sqldb.SearchTerms(qy.Q)) > 0:
		return sqldb.KeyOrder[Dataset]{}, false
	case name == "":
		name = "-created" // newest first
	}
	f := datasetSorts[strings.TrimPrefix(name, "-")]
	o := sqldb.KeyOrder[Dataset]{Name: "datasets:" + name, Column: f.column, IDCol: "d.id", Desc: strings.HasPrefix(name, "-"),
		IsTime: f.isTime, Key: f.key}
	return o, f.key != nil
}

// DatasetCursorValid reports whether qy.After, if any, is a cursor of qy's
// ordering.
func DatasetCursorValid(qy Query) bool {
	o, keyed := datasetOrder(qy)
	return o.Accepts(keyed, qy.After)
}

// DatasetCursor is the cursor of the page after d in qy's ordering; ok is
// false when that ordering pages by offset.
func DatasetCursor(qy Query, d Dataset) (c keyset.Cursor, ok bool) {
	o, keyed := datasetOrder(qy)
	return o.After(keyed, d, d.ID)
}

// SearchDatasets lists datasets matching qy, newest first unless sorted
// or searched (then by relevance). The page starts after qy.After when
// set, else at page qy.Page.
func (q Reader) SearchDatasets(ctx context.Context, qy Query) ([]Dataset, int, error) {
	where := []string{"d.deleted_at IS NULL"}
	if qy.Deleted {
		where[0] = "d.deleted_at IS NOT NULL"
	}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	switch {
	case qy.hiddenOf != "":
		who := arg(qy.hiddenOf)
		mine := "d.owner_id = " + who + " OR d.org_id IN (SELECT m.org_id FROM org_members m WHERE m.user_id = " + who + ")"
		if qy.Deleted { // deleted: only to those who could edit them
			where = append(where, "("+mine+")")
		} else {
			where = append(where, "((NOT d.private AND NOT d.draft) OR "+mine+")")
		}
	case !qy.WithHidden:
		// Spelled as in the datasets_public index, so the planner uses it.
		where = append(where, "NOT d.private", "NOT d.draft")
	}
	terms := sqldb.SearchTerms(qy.Q)
	if len(terms) > 0 {
		// Matches come newest first on both engines, as the search index
		// lists them (index.go): PostgreSQL's rank is not used, so that a
		// search lists the same rows in the same order whichever answers.
		cond, _ := q.x.MatchAll("d", "datasets_fts", terms, arg)
		where = append(where, cond)
	}
	if qy.OrgID != "" {
		where = append(where, "d.org_id = "+arg(qy.OrgID))
	}
	if qy.OwnerID != "" {
		where = append(where, "d.owner_id = "+arg(qy.OwnerID))
	}
	if qy.License != "" {
		where = append(where, "d.license = "+arg(qy.License))
	}
	if qy.OrgBadge != "" {
		where = append(where, "d.org_id IN (SELECT o.id FROM organizations o WHERE (' ' || o.badges || ' ') LIKE "+
			arg("% "+qy.OrgBadge+" %")+")")
	}
	if qy.Private != nil && *qy.Private {
		where = append(where, "d.private")
	} else if qy.Private != nil {
		where = append(where, "NOT d.private")
	}
	if qy.Format != "" {
		where = append(where, "EXISTS (SELECT 1 FROM resources r WHERE r.dataset_id = d.id AND r.format = "+
			arg(strings.ToLower(qy.Format))+")")
	}
	for _, t := range qy.Tags {
		where = append(where, "(' ' || d.tags || ' ') LIKE "+arg("% "+t+" %"))
	}
	if qy.Geozone != "" {
		where = append(where, "d.id IN (SELECT dataset_id FROM dataset_zones WHERE zone = "+arg(qy.Geozone)+")")
	}
	if qy.Granularity != "" {
		where = append(where, "d.granularity = "+arg(qy.Granularity))
	}
	if !qy.CoverageStart.IsZero() {
		where = append(where, "(d.temporal_start IS NOT NULL OR d.temporal_end IS NOT NULL)",
			"(d.temporal_start IS NULL OR d.temporal_start < "+arg(sqldb.TS(qy.CoverageEnd.AddDate(0, 0, 1)))+")",
			"(d.temporal_end IS NULL OR d.temporal_end >= "+arg(sqldb.TS(qy.CoverageStart))+")")
	}
	cond := strings.Join(where, " AND ")
	total, err := q.datasetTotal(ctx, qy, cond, args)
	if err != nil {
		return nil, 0, err
	}
	by, keyed := datasetOrder(qy)
	order := by.OrderBy()
	if by.Name == "" {
		order = "d.created_at DESC, d.id DESC"
	}
	var page string
	if qy.After != nil {
		seek, err := by.Seek(*qy.After, arg)
		if err != nil || !keyed {
			return nil, 0, fmt.Errorf("store: search datasets: %w", keyset.ErrInvalid)
		}
		cond += " AND " + seek
		page = ` LIMIT ` + arg(qy.PageSize)
	} else {
		page = ` LIMIT ` + arg(qy.PageSize) + ` OFFSET ` + arg((qy.Page-1)*qy.PageSize)
	}
	rows, err := q.x.QueryContext(ctx, `SELECT `+sqldb.Prefixed("d", selectColumns)+` FROM datasets d WHERE `+cond+
		` ORDER BY `+order+page, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: search datasets: %w", err)
	}
	list, err := sqldb.Collect(rows, scanDataset)
	return list, total, err
}

// EachDataset calls fn for every public dataset (of orgID when not empty),
// reading them by pages of 500 ordered by id: memory stays flat however
// many there are, and each page costs the same.
func (s Store) EachDataset(ctx context.Context, orgID string, fn func(Dataset) error) error {
	return sqldb.Each(500, func(after string) ([]Dataset, error) {
		rows, err := s.db.Read().QueryContext(ctx, `SELECT `+selectColumns+` FROM datasets
			WHERE deleted_at IS NULL AND NOT private AND NOT draft AND id > $1 AND ($2 = '' OR org_id = $2)
			ORDER BY id LIMIT 500`, after, orgID)
		if err != nil {
			return nil, fmt.Errorf("store: datasets export: %w", err)
		}
		return sqldb.Collect(rows, scanDataset)
	}, func(d Dataset) string { return d.ID }, fn)
}

// extrasOrEmpty stores a dataset without extras as the empty object.
func extrasOrEmpty(extras string) string {
	if extras == "" {
		return "{}"
	}
	return extras
}
