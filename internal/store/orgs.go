package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/slug"
)

// Orgs is the store seen by the organization rules.
type Orgs struct{ *DB }

// Orgs returns the organization side of the store.
func (db *DB) Orgs() Orgs { return Orgs{db} }

// InTx runs fn in a transaction.
func (s Orgs) InTx(ctx context.Context, fn func(org.Tx) error) error {
	return s.inTx(ctx, func(tx *Tx) error { return fn(tx) })
}

func orgNotFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return org.ErrNotFound
	}
	return err
}

const orgColumns = `id, slug, name, acronym, description, url, business_number, badges, logo, created_at, updated_at,
	deleted_at, (SELECT count(*) FROM org_members m WHERE m.org_id = organizations.id)`

func scanOrg(row interface{ Scan(...any) error }) (org.Organization, error) {
	var o org.Organization
	var badges string
	err := row.Scan(&o.ID, &o.Slug, &o.Name, &o.Acronym, &o.Description, &o.URL, &o.BusinessNumber, &badges,
		&o.Logo, tm(&o.CreatedAt), tm(&o.UpdatedAt), tm(&o.DeletedAt), &o.Members)
	o.Badges = splitFields(badges)
	return o, orgNotFound(err)
}

func (s Orgs) OrgByID(ctx context.Context, id string) (org.Organization, error) {
	return s.read().OrgByID(ctx, id)
}
func (s Orgs) OrgBySlug(ctx context.Context, slug string) (org.Organization, error) {
	return s.read().OrgBySlug(ctx, slug)
}
func (s Orgs) OrgSlugTaken(ctx context.Context, slug string) (bool, error) {
	return s.read().OrgSlugTaken(ctx, slug)
}
func (s Orgs) SearchOrgs(ctx context.Context, qy org.Query) ([]org.Organization, int, error) {
	return s.read().SearchOrgs(ctx, qy)
}
func (s Orgs) DuplicateCandidates(ctx context.Context, siren, nameKey string) ([]org.Organization, error) {
	return s.read().DuplicateCandidates(ctx, siren, nameKey)
}
func (s Orgs) UserByID(ctx context.Context, id string) (account.User, error) {
	return s.read().UserByID(ctx, id)
}
func (s Orgs) UserByEmail(ctx context.Context, email string) (account.User, error) {
	return s.read().UserByEmail(ctx, email)
}

func (q q) OrgByID(ctx context.Context, id string) (org.Organization, error) {
	return scanOrg(q.x.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organizations WHERE id = $1`, id))
}

func (q q) OrgBySlug(ctx context.Context, slug string) (org.Organization, error) {
	return scanOrg(q.x.QueryRowContext(ctx, `SELECT `+orgColumns+` FROM organizations WHERE slug = $1`, slug))
}

func (q q) OrgSlugTaken(ctx context.Context, slug string) (bool, error) {
	var n int
	err := q.x.QueryRowContext(ctx, `SELECT count(*) FROM organizations WHERE slug = $1`, slug).Scan(&n)
	return n > 0, err
}

func (q q) DuplicateCandidates(ctx context.Context, siren, nameKey string) ([]org.Organization, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+orgColumns+` FROM organizations
		WHERE deleted_at IS NULL AND (name_key = $1 OR ($2 <> '' AND siren = $2)) ORDER BY created_at LIMIT 10`,
		nameKey, siren)
	if err != nil {
		return nil, fmt.Errorf("store: duplicates: %w", err)
	}
	return collect(rows, scanOrg)
}

// searchText is what full-text search indexes: folded words of the name and
// acronym, the SIREN and the SIRET.
func searchText(o org.Organization) string {
	words := strings.ReplaceAll(slug.Make(o.Name+" "+o.Acronym, 10000, ""), "-", " ")
	return strings.TrimSpace(words + " " + org.SIREN(o.BusinessNumber) + " " + o.BusinessNumber)
}

// CreateOrg inserts o; slug.ErrTaken when another organization has its slug.
func (tx *Tx) CreateOrg(ctx context.Context, o org.Organization, nameKey string) error {
	res, err := tx.x.ExecContext(ctx, `INSERT INTO organizations (id, slug, name, name_key, acronym, description, url,
		business_number, siren, badges, search_text, created_at, updated_at, deleted_at, logo)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
		ON CONFLICT (slug) DO NOTHING`,
		o.ID, o.Slug, o.Name, nameKey, o.Acronym, o.Description, o.URL, o.BusinessNumber, org.SIREN(o.BusinessNumber),
		strings.Join(o.Badges, " "), searchText(o), ts(o.CreatedAt), ts(o.UpdatedAt), ts(o.DeletedAt), o.Logo)
	if err := slugInserted(res, err); err != nil {
		return fmt.Errorf("store: create organization: %w", err)
	}
	return tx.indexOrg(ctx, o)
}

func (tx *Tx) UpdateOrg(ctx context.Context, o org.Organization, nameKey string) error {
	res, err := tx.x.ExecContext(ctx, `UPDATE organizations SET name = $2, name_key = $3, acronym = $4,
		description = $5, url = $6, business_number = $7, siren = $8, badges = $9, search_text = $10,
		updated_at = $11, deleted_at = $12, logo = $13 WHERE id = $1`,
		o.ID, o.Name, nameKey, o.Acronym, o.Description, o.URL, o.BusinessNumber, org.SIREN(o.BusinessNumber),
		strings.Join(o.Badges, " "), searchText(o), ts(o.UpdatedAt), ts(o.DeletedAt), o.Logo)
	if err != nil {
		return fmt.Errorf("store: update organization: %w", err)
	}
	if err := oneRow(res); err != nil {
		return err
	}
	return tx.indexOrg(ctx, o)
}

// indexOrg keeps SQLite's full-text table in step.
func (tx *Tx) indexOrg(ctx context.Context, o org.Organization) error {
	body := searchText(o)
	if o.Deleted() {
		body = ""
	}
	return tx.reindex(ctx, "organizations", "organizations_fts", o.ID, body)
}

func (tx *Tx) LockOrg(ctx context.Context, id string) error {
	if tx.db.Backend == SQLite {
		return nil // a write transaction already holds SQLite's only write lock
	}
	var got string
	err := tx.x.QueryRowContext(ctx, `SELECT id FROM organizations WHERE id = $1 FOR UPDATE`, id).Scan(&got)
	return orgNotFound(err)
}

func (tx *Tx) LockMemberOrgs(ctx context.Context, userID string) error {
	if tx.db.Backend == SQLite {
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

func (tx *Tx) LogOrg(ctx context.Context, e org.Event) error {
	_, err := tx.x.ExecContext(ctx, `INSERT INTO org_events (org_id, at, kind, actor_id, user_id, detail, support)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, e.OrgID, ts(e.At), e.Kind, e.ActorID, e.UserID, e.Detail, e.Support)
	return err
}

func (s Orgs) OrgEvents(ctx context.Context, orgID string, limit int) ([]org.Event, error) {
	return s.read().OrgEvents(ctx, orgID, limit)
}

func (q q) OrgEvents(ctx context.Context, orgID string, limit int) ([]org.Event, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT id, org_id, at, kind, actor_id, user_id, detail, support
		FROM org_events WHERE org_id = $1 ORDER BY id DESC LIMIT $2`, orgID, limit)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r interface{ Scan(...any) error }) (org.Event, error) {
		var e org.Event
		err := r.Scan(&e.ID, &e.OrgID, tm(&e.At), &e.Kind, &e.ActorID, &e.UserID, &e.Detail, &e.Support)
		return e, err
	})
}

func splitFields(s string) []string {
	if f := strings.Fields(s); len(f) > 0 {
		return f
	}
	return []string{}
}

// EachLiveOrg calls fn for every live organization, by pages of 500 in id
// order: constant memory and constant cost per page.
func (s Orgs) EachLiveOrg(ctx context.Context, fn func(org.Organization) error) error {
	after := ""
	for {
		rows, err := s.reader.QueryContext(ctx, `SELECT `+orgColumns+` FROM organizations
			WHERE deleted_at IS NULL AND id > $1 ORDER BY id LIMIT 500`, after)
		if err != nil {
			return fmt.Errorf("store: organizations export: %w", err)
		}
		page, err := collect(rows, scanOrg)
		if err != nil {
			return err
		}
		for _, o := range page {
			if err := fn(o); err != nil {
				return err
			}
		}
		if len(page) < 500 {
			return nil
		}
		after = page[len(page)-1].ID
	}
}
