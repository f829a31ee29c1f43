package org

import (
	"context"
	"fmt"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/sqldb"
)

const memberColumns = `m.org_id, m.role, m.function, m.since, u.id, u.slug, u.email, u.first_name, u.last_name,
	u.password_hash, u.about, u.website, u.lang, u.sysadmin, u.active, u.created_at, u.confirmed_at,
	u.last_login_at, u.deleted_at, u.notify`

func scanMember(row sqldb.Scanner) (Member, error) {
	var m Member
	u := &m.User
	var notify string
	err := row.Scan(&m.OrgID, &m.Role, &m.Function, sqldb.Time(&m.Since), &u.ID, &u.Slug, &u.Email, &u.FirstName,
		&u.LastName, &u.PasswordHash, &u.About, &u.Website, &u.Lang, &u.Sysadmin, &u.Active, sqldb.Time(&u.CreatedAt),
		sqldb.Time(&u.ConfirmedAt), sqldb.Time(&u.LastLoginAt), sqldb.Time(&u.DeletedAt), &notify)
	u.Notify = account.DecodePrefs(notify)
	return m, sqldb.NoRows(err, ErrNotFound)
}

func (q Reader) Members(ctx context.Context, orgID string) ([]Member, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+memberColumns+` FROM org_members m JOIN users u ON u.id = m.user_id
		WHERE m.org_id = $1 ORDER BY `+sqlMemberRank+`, m.since, u.id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("store: members: %w", err)
	}
	return sqldb.Collect(rows, scanMember)
}

func (q Reader) Member(ctx context.Context, orgID, userID string) (Member, error) {
	return scanMember(q.x.QueryRowContext(ctx, `SELECT `+memberColumns+` FROM org_members m
		JOIN users u ON u.id = m.user_id WHERE m.org_id = $1 AND m.user_id = $2`, orgID, userID))
}

func (q Reader) UserMemberships(ctx context.Context, userID string) ([]Membership, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+orgColumns+`, m.role FROM organizations
		JOIN org_members m ON m.org_id = organizations.id
		WHERE m.user_id = $1 AND organizations.deleted_at IS NULL ORDER BY organizations.name`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: memberships: %w", err)
	}
	return sqldb.Collect(rows, func(r sqldb.Scanner) (Membership, error) {
		var ms Membership
		o := &ms.Org
		var badges string
		err := r.Scan(append(orgDest(o, &badges), &ms.Role)...)
		o.Badges = sqldb.Fields(badges)
		return ms, err
	})
}

func (tx Tx) AddMember(ctx context.Context, orgID, userID string, role Role, since time.Time) error {
	_, err := tx.x.ExecContext(ctx, `INSERT INTO org_members (org_id, user_id, role, since) VALUES ($1, $2, $3, $4)`,
		orgID, userID, role, sqldb.TS(since))
	if err != nil {
		return fmt.Errorf("store: add member: %w", err)
	}
	return nil
}

func (tx Tx) SetMemberRole(ctx context.Context, orgID, userID string, role Role) error {
	res, err := tx.x.ExecContext(ctx, `UPDATE org_members SET role = $3 WHERE org_id = $1 AND user_id = $2`, orgID, userID, role)
	if err != nil {
		return err
	}
	return memberRow(res)
}

func (tx Tx) SetMemberFunction(ctx context.Context, orgID, userID string, f Function) error {
	res, err := tx.x.ExecContext(ctx, `UPDATE org_members SET function = $3 WHERE org_id = $1 AND user_id = $2`, orgID, userID, f)
	if err != nil {
		return err
	}
	return memberRow(res)
}

func (tx Tx) RemoveMember(ctx context.Context, orgID, userID string) error {
	res, err := tx.x.ExecContext(ctx, `DELETE FROM org_members WHERE org_id = $1 AND user_id = $2`, orgID, userID)
	if err != nil {
		return err
	}
	return memberRow(res)
}

func memberRow(res interface{ RowsAffected() (int64, error) }) error {
	n, err := res.RowsAffected()
	if err == nil && n == 0 {
		return ErrNotFound
	}
	return err
}

func (tx Tx) CountAdmins(ctx context.Context, orgID string) (int, error) {
	var n int
	err := tx.x.QueryRowContext(ctx, `SELECT count(*) FROM org_members WHERE org_id = $1 AND role = `+sqlAdmin, orgID).Scan(&n)
	return n, err
}

func (tx Tx) OrgsWhereOnlyAdmin(ctx context.Context, userID string) ([]Organization, error) {
	rows, err := tx.x.QueryContext(ctx, `SELECT `+orgColumns+` FROM organizations
		WHERE deleted_at IS NULL AND id IN (
			SELECT m.org_id FROM org_members m WHERE m.user_id = $1 AND m.role = `+sqlAdmin+`
			AND (SELECT count(*) FROM org_members a WHERE a.org_id = m.org_id AND a.role = `+sqlAdmin+`) = 1)
		ORDER BY name`, userID)
	if err != nil {
		return nil, err
	}
	return sqldb.Collect(rows, scanOrg)
}

func (tx Tx) LeaveAll(ctx context.Context, userID string) error {
	if _, err := tx.x.ExecContext(ctx, `DELETE FROM org_members WHERE user_id = $1`, userID); err != nil {
		return err
	}
	_, err := tx.x.ExecContext(ctx, `UPDATE membership_requests SET status = `+sqlCanceled+`
		WHERE user_id = $1 AND status = `+sqlPending, userID)
	return err
}
