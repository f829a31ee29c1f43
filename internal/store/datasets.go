package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/keyset"
	"github.com/socle-portal/socle/internal/org"
)

// Catalog is the store seen by the catalog rules.
type Catalog struct{ *DB }

// Catalog returns the catalog side of the store.
func (db *DB) Catalog() Catalog { return Catalog{db} }

// InTx runs fn in a transaction.
func (s Catalog) InTx(ctx context.Context, fn func(catalog.Tx) error) error {
	return s.inTx(ctx, func(tx *Tx) error { return fn(tx) })
}

const datasetColumns = `id, slug, title, acronym, description, description_short, tags, license, frequency,
	temporal_start, temporal_end, zones, granularity, private, draft, org_id, owner_id, created_at, updated_at,
	published_at, deleted_at`

func scanDataset(row interface{ Scan(...any) error }) (catalog.Dataset, error) {
	var d catalog.Dataset
	var tags, zones string
	var orgID, owner sql.NullString
	err := row.Scan(&d.ID, &d.Slug, &d.Title, &d.Acronym, &d.Description, &d.DescriptionShort, &tags, &d.License,
		&d.Frequency, tm(&d.TemporalStart), tm(&d.TemporalEnd), &zones, &d.Granularity, &d.Private, &d.Draft,
		&orgID, &owner, tm(&d.CreatedAt), tm(&d.UpdatedAt), tm(&d.PublishedAt), tm(&d.DeletedAt))
	if errors.Is(err, sql.ErrNoRows) {
		return d, catalog.ErrNotFound
	}
	d.Tags, d.Zones, d.OrgID, d.OwnerID = splitFields(tags), splitFields(zones), orgID.String, owner.String
	return d, err
}

func (s Catalog) DatasetByID(ctx context.Context, id string) (catalog.Dataset, error) {
	return s.read().DatasetByID(ctx, id)
}
func (s Catalog) DatasetBySlug(ctx context.Context, slug string) (catalog.Dataset, error) {
	return s.read().DatasetBySlug(ctx, slug)
}
func (s Catalog) DatasetSlugTaken(ctx context.Context, slug string) (bool, error) {
	return s.read().DatasetSlugTaken(ctx, slug)
}
func (s Catalog) SearchDatasets(ctx context.Context, qy catalog.Query) ([]catalog.Dataset, int, error) {
	return s.read().SearchDatasets(ctx, qy)
}
func (s Catalog) Assigned(ctx context.Context, datasetID, userID string) (bool, error) {
	return s.read().Assigned(ctx, datasetID, userID)
}
func (s Catalog) Assignments(ctx context.Context, orgID string) (map[string][]string, error) {
	return s.read().Assignments(ctx, orgID)
}
func (s Catalog) OrgByID(ctx context.Context, id string) (org.Organization, error) {
	return s.read().OrgByID(ctx, id)
}
func (s Catalog) Member(ctx context.Context, orgID, userID string) (org.Member, error) {
	return s.read().Member(ctx, orgID, userID)
}

func (q q) DatasetByID(ctx context.Context, id string) (catalog.Dataset, error) {
	return scanDataset(q.x.QueryRowContext(ctx, `SELECT `+datasetColumns+` FROM datasets WHERE id = $1`, id))
}

// LockDataset reads a dataset and, on PostgreSQL, locks its row until the
// transaction ends. SQLite needs no lock: a write transaction already holds
// its only write lock (BEGIN IMMEDIATE), so writers run one after another.
func (tx *Tx) LockDataset(ctx context.Context, id string) (catalog.Dataset, error) {
	lock := " FOR UPDATE"
	if tx.db.Backend == SQLite {
		lock = ""
	}
	return scanDataset(tx.x.QueryRowContext(ctx, `SELECT `+datasetColumns+` FROM datasets WHERE id = $1`+lock, id))
}

func (q q) DatasetBySlug(ctx context.Context, slug string) (catalog.Dataset, error) {
	return scanDataset(q.x.QueryRowContext(ctx, `SELECT `+datasetColumns+` FROM datasets WHERE slug = $1`, slug))
}

func (q q) DatasetSlugTaken(ctx context.Context, slug string) (bool, error) {
	var n int
	err := q.x.QueryRowContext(ctx, `SELECT count(*) FROM datasets WHERE slug = $1`, slug).Scan(&n)
	return n > 0, err
}

func (q q) Assigned(ctx context.Context, datasetID, userID string) (bool, error) {
	var n int
	err := q.x.QueryRowContext(ctx, `SELECT count(*) FROM dataset_assignments WHERE dataset_id = $1 AND user_id = $2`,
		datasetID, userID).Scan(&n)
	return n > 0, err
}

func (q q) Assignments(ctx context.Context, orgID string) (map[string][]string, error) {
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

func datasetArgs(d catalog.Dataset, searchText string) []any {
	return []any{d.ID, d.Slug, d.Title, d.Acronym, d.Description, d.DescriptionShort, strings.Join(d.Tags, " "),
		d.License, d.Frequency, ts(d.TemporalStart), ts(d.TemporalEnd), strings.Join(d.Zones, " "), d.Granularity,
		d.Private, d.Draft, nullString(d.OrgID), nullString(d.OwnerID), ts(d.CreatedAt), ts(d.UpdatedAt),
		ts(d.PublishedAt), ts(d.DeletedAt), searchText}
}

// CreateDataset inserts d; slug.ErrTaken when another dataset has its slug.
func (tx *Tx) CreateDataset(ctx context.Context, d catalog.Dataset, searchText string) error {
	res, err := tx.x.ExecContext(ctx, `INSERT INTO datasets (`+datasetColumns+`, search_text)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
		ON CONFLICT (slug) DO NOTHING`,
		datasetArgs(d, searchText)...)
	if err := slugInserted(res, err); err != nil {
		return fmt.Errorf("store: create dataset: %w", err)
	}
	return tx.indexDataset(ctx, d, searchText)
}

func (tx *Tx) UpdateDataset(ctx context.Context, d catalog.Dataset, searchText string) error {
	res, err := tx.x.ExecContext(ctx, `UPDATE datasets SET slug = $2, title = $3, acronym = $4, description = $5,
		description_short = $6, tags = $7, license = $8, frequency = $9, temporal_start = $10, temporal_end = $11,
		zones = $12, granularity = $13, private = $14, draft = $15, org_id = $16, owner_id = $17, created_at = $18,
		updated_at = $19, published_at = $20, deleted_at = $21, search_text = $22 WHERE id = $1`,
		datasetArgs(d, searchText)...)
	if err != nil {
		return fmt.Errorf("store: update dataset: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return catalog.ErrNotFound
	}
	return tx.indexDataset(ctx, d, searchText)
}

func (tx *Tx) indexDataset(ctx context.Context, d catalog.Dataset, searchText string) error {
	if d.Deleted() {
		searchText = ""
	}
	return tx.reindex(ctx, "datasets", "datasets_fts", d.ID, searchText)
}

func (tx *Tx) SetAssignments(ctx context.Context, orgID, userID string, datasetIDs []string) error {
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
	key    func(catalog.Dataset) any
}

var datasetSorts = map[string]datasetSort{
	"title":         {"d.title", false, func(d catalog.Dataset) any { return d.Title }},
	"created":       {"d.created_at", true, func(d catalog.Dataset) any { return d.CreatedAt }},
	"last_modified": {"d.updated_at", true, func(d catalog.Dataset) any { return d.UpdatedAt }},
	"last_update":   {"d.updated_at", true, func(d catalog.Dataset) any { return d.UpdatedAt }},
	"published":     {"d.published_at", true, nil}, // NULL until a draft is published
}

// DatasetSortValid reports whether sort is a field datasets sort by.
func DatasetSortValid(sort string) bool {
	_, ok := datasetSorts[strings.TrimPrefix(sort, "-")]
	return sort == "" || ok
}

// datasetOrder is qy's ordering when it pages by key. Searches ranked by
// relevance (q without sort) page by offset: ranking computes every match
// whatever the page, so a cursor would not make deep pages cheaper, and a
// floating-point rank is no key to compare for equality.
func datasetOrder(qy catalog.Query) (keyOrder[catalog.Dataset], bool) {
	name := qy.Sort
	switch {
	case name == "" && len(searchTerms(qy.Q)) > 0:
		return keyOrder[catalog.Dataset]{}, false
	case name == "":
		name = "-created" // newest first
	}
	f := datasetSorts[strings.TrimPrefix(name, "-")]
	o := keyOrder[catalog.Dataset]{name: "datasets:" + name, column: f.column, idCol: "d.id", desc: strings.HasPrefix(name, "-"),
		isTime: f.isTime, key: f.key}
	return o, f.key != nil
}

// DatasetCursorValid reports whether qy.After, if any, is a cursor of qy's
// ordering.
func DatasetCursorValid(qy catalog.Query) bool {
	if qy.After == nil {
		return true
	}
	o, keyed := datasetOrder(qy)
	_, ok := o.value(*qy.After)
	return keyed && ok
}

// DatasetCursor is the cursor of the page after d in qy's ordering; ok is
// false when that ordering pages by offset.
func DatasetCursor(qy catalog.Query, d catalog.Dataset) (c keyset.Cursor, ok bool) {
	o, keyed := datasetOrder(qy)
	if !keyed {
		return c, false
	}
	return o.cursor(d, d.ID), true
}

// SearchDatasets lists datasets matching qy, newest first unless sorted
// or searched (then by relevance). The page starts after qy.After when
// set, else at page qy.Page.
func (q q) SearchDatasets(ctx context.Context, qy catalog.Query) ([]catalog.Dataset, int, error) {
	where := []string{"d.deleted_at IS NULL"}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if !qy.WithHidden {
		// Spelled as in the datasets_public index, so the planner uses it.
		where = append(where, "NOT d.private", "NOT d.draft")
	}
	terms := searchTerms(qy.Q)
	rank := ""
	if len(terms) > 0 {
		var cond string
		cond, rank = q.matchAll("d", "datasets_fts", terms, arg)
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
	if qy.Format != "" {
		where = append(where, "EXISTS (SELECT 1 FROM resources r WHERE r.dataset_id = d.id AND r.format = "+
			arg(strings.ToLower(qy.Format))+")")
	}
	for _, t := range qy.Tags {
		where = append(where, "(' ' || d.tags || ' ') LIKE "+arg("% "+t+" %"))
	}
	if qy.Geozone != "" {
		where = append(where, "(' ' || d.zones || ' ') LIKE "+arg("% "+qy.Geozone+" %"))
	}
	if qy.Granularity != "" {
		where = append(where, "d.granularity = "+arg(qy.Granularity))
	}
	if !qy.CoverageStart.IsZero() {
		where = append(where, "(d.temporal_start IS NOT NULL OR d.temporal_end IS NOT NULL)",
			"(d.temporal_start IS NULL OR d.temporal_start < "+arg(ts(qy.CoverageEnd.AddDate(0, 0, 1)))+")",
			"(d.temporal_end IS NULL OR d.temporal_end >= "+arg(ts(qy.CoverageStart))+")")
	}
	cond := strings.Join(where, " AND ")
	total, err := q.datasetTotal(ctx, qy, cond, args)
	if err != nil {
		return nil, 0, err
	}
	by, keyed := datasetOrder(qy)
	order := by.orderBy()
	if by.name == "" {
		order = rank + "d.created_at DESC, d.id DESC"
	}
	var page string
	if qy.After != nil {
		seek, err := by.seek(*qy.After, arg)
		if err != nil || !keyed {
			return nil, 0, fmt.Errorf("store: search datasets: %w", keyset.ErrInvalid)
		}
		cond += " AND " + seek
		page = ` LIMIT ` + arg(qy.PageSize)
	} else {
		page = ` LIMIT ` + arg(qy.PageSize) + ` OFFSET ` + arg((qy.Page-1)*qy.PageSize)
	}
	rows, err := q.x.QueryContext(ctx, `SELECT `+prefixed("d", datasetColumns)+` FROM datasets d WHERE `+cond+
		` ORDER BY `+order+page, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: search datasets: %w", err)
	}
	list, err := collect(rows, scanDataset)
	return list, total, err
}

// EachDataset calls fn for every public dataset (of orgID when not empty),
// reading them by pages of 500 ordered by id: memory stays flat however
// many there are, and each page costs the same.
func (s Catalog) EachDataset(ctx context.Context, orgID string, fn func(catalog.Dataset) error) error {
	after := ""
	for {
		rows, err := s.reader.QueryContext(ctx, `SELECT `+datasetColumns+` FROM datasets
			WHERE deleted_at IS NULL AND NOT private AND NOT draft AND id > $1 AND ($2 = '' OR org_id = $2)
			ORDER BY id LIMIT 500`, after, orgID)
		if err != nil {
			return fmt.Errorf("store: datasets export: %w", err)
		}
		page, err := collect(rows, scanDataset)
		if err != nil {
			return err
		}
		for _, d := range page {
			if err := fn(d); err != nil {
				return err
			}
		}
		if len(page) < 500 {
			return nil
		}
		after = page[len(page)-1].ID
	}
}
