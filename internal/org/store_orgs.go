package org

import (
	"context"
	"fmt"
	"strings"

	"github.com/socle-portal/socle/internal/slug"
	"github.com/socle-portal/socle/internal/sqldb"
)

const orgColumns = `id, slug, name, acronym, description, url, business_number, badges, logo, created_at, updated_at,
	deleted_at, (SELECT count(*) FROM org_members m WHERE m.org_id = organizations.id), public_datasets, version`

// orgDest is where a row of orgColumns scans into: o, and its badges as
// stored (sqldb.Fields splits them).
func orgDest(o *Organization, badges *string) []any {
	return []any{&o.ID, &o.Slug, &o.Name, &o.Acronym, &o.Description, &o.URL, &o.BusinessNumber, badges,
		&o.Logo, sqldb.Time(&o.CreatedAt), sqldb.Time(&o.UpdatedAt), sqldb.Time(&o.DeletedAt), &o.Members, &o.Datasets,
		&o.Version}
}

func scanOrg(row sqldb.Scanner) (Organization, error) {
	var o Organization
	var badges string
	err := row.Scan(orgDest(&o, &badges)...)
	o.Badges = sqldb.Fields(badges)
	return o, sqldb.NoRows(err, ErrNotFound)
}

func (q Reader) OrgByID(ctx context.Context, id string) (Organization, error) {
	return scanOrg(q.x.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organizations WHERE id = $1`, id))
}

func (q Reader) OrgBySlug(ctx context.Context, slug string) (Organization, error) {
	return scanOrg(q.x.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organizations WHERE slug = $1`, slug))
}

func (q Reader) OrgSlugTaken(ctx context.Context, slug string) (bool, error) {
	return q.x.Exists(ctx, `SELECT count(*) FROM organizations WHERE slug = $1`, slug)
}

func (q Reader) DuplicateCandidates(ctx context.Context, siren, nameKey string) ([]Organization, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+orgColumns+` FROM organizations
		WHERE deleted_at IS NULL AND ((name_key = $1 AND ($2 = '' OR COALESCE(siren, '') IN ('', $2)))
			OR ($2 <> '' AND siren = $2)) ORDER BY created_at LIMIT 10`,
		nameKey, siren)
	if err != nil {
		return nil, fmt.Errorf("store: duplicates: %w", err)
	}
	return sqldb.Collect(rows, scanOrg)
}

// searchText is what full-text search indexes: folded words of the name and
// acronym, the SIREN and the SIRET.
func searchText(o Organization) string {
	words := strings.ReplaceAll(slug.Make(o.Name+" "+o.Acronym, 10000, ""), "-", " ")
	return strings.TrimSpace(words + " " + SIREN(o.BusinessNumber) + " " + o.BusinessNumber)
}

// CreateOrg inserts o; slug.ErrTaken when another organization has its slug.
func (tx Tx) CreateOrg(ctx context.Context, o Organization, nameKey string) error {
	res, err := tx.x.ExecContext(ctx, `INSERT INTO organizations (id, slug, name, name_key, acronym, description, url,
		business_number, siren, badges, search_text, created_at, updated_at, deleted_at, logo)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
		ON CONFLICT (slug) DO NOTHING`,
		o.ID, o.Slug, o.Name, nameKey, o.Acronym, o.Description, o.URL, o.BusinessNumber, SIREN(o.BusinessNumber),
		strings.Join(o.Badges, " "), searchText(o), sqldb.TS(o.CreatedAt), sqldb.TS(o.UpdatedAt), sqldb.TS(o.DeletedAt), o.Logo)
	if err := sqldb.SlugInserted(res, err); err != nil {
		return fmt.Errorf("store: create organization: %w", err)
	}
	return tx.indexOrg(ctx, o)
}

func (tx Tx) UpdateOrg(ctx context.Context, o Organization, nameKey string) error {
	res, err := tx.x.ExecContext(ctx, `UPDATE organizations SET name = $2, name_key = $3, acronym = $4,
		description = $5, url = $6, business_number = $7, siren = $8, badges = $9, search_text = $10,
		updated_at = $11, deleted_at = $12, logo = $13 WHERE id = $1`,
		o.ID, o.Name, nameKey, o.Acronym, o.Description, o.URL, o.BusinessNumber, SIREN(o.BusinessNumber),
		strings.Join(o.Badges, " "), searchText(o), sqldb.TS(o.UpdatedAt), sqldb.TS(o.DeletedAt), o.Logo)
	if err != nil {
		return fmt.Errorf("store: update organization: %w", err)
	}
	if err := sqldb.OneRow(res, ErrNotFound); err != nil {
		return err
	}
	return tx.indexOrg(ctx, o)
}

// indexOrg keeps SQLite's full-text table in step.
func (tx Tx) indexOrg(ctx context.Context, o Organization) error {
	body := searchText(o)
	if o.Deleted() {
		body = ""
	}
	return tx.x.Reindex(ctx, "organizations", "organizations_fts", o.ID, body)
}

func (tx Tx) LockOrg(ctx context.Context, id string) error {
	if tx.x.Backend() == sqldb.SQLite {
		return nil // a write transaction already holds SQLite's only write lock
	}
	var got string
	err := tx.x.QueryRowContext(ctx, `SELECT id FROM organizations WHERE id = $1 FOR UPDATE`, id).Scan(&got)
	return sqldb.NoRows(err, ErrNotFound)
}

func (tx Tx) LockMemberOrgs(ctx context.Context, userID string) error {
	if tx.x.Backend() == sqldb.SQLite {
		return nil
	}
	rows, err := tx.x.QueryContext(ctx, `SELECT id FROM organizations WHERE id IN (
		SELECT org_id FROM org_members WHERE user_id = $1) ORDER BY id FOR UPDATE`, userID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
	}
	return rows.Err()
}

func (tx Tx) LogOrg(ctx context.Context, e Event) error {
	_, err := tx.x.ExecContext(ctx, `INSERT INTO org_events (org_id, at, kind, actor_id, user_id, detail, support)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, e.OrgID, sqldb.TS(e.At), e.Kind, e.ActorID, e.UserID, e.Detail, e.Support)
	return err
}

func (q Reader) OrgEvents(ctx context.Context, orgID string, limit int) ([]Event, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT id, org_id, at, kind, actor_id, user_id, detail, support
		FROM org_events WHERE org_id = $1 ORDER BY id DESC LIMIT $2`, orgID, limit)
	if err != nil {
		return nil, err
	}
	return sqldb.Collect(rows, scanOrgEvent)
}

// EachLiveOrg calls fn for every live organization, by pages of 500 in id
// order: constant memory and constant cost per page.
func (s Store) EachLiveOrg(ctx context.Context, fn func(Organization) error) error {
	return sqldb.Each(500, func(after string) ([]Organization, error) {
		rows, err := s.db.Read().QueryContext(ctx, `SELECT `+orgColumns+` FROM organizations
			WHERE deleted_at IS NULL AND id > $1 ORDER BY id LIMIT 500`, after)
		if err != nil {
			return nil, fmt.Errorf("store: organizations export: %w", err)
		}
		return sqldb.Collect(rows, scanOrg)
	}, func(o Organization) string { return o.ID }, fn)
}
