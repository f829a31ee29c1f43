package account

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/socle-portal/socle/internal/sqldb"
)

const userColumns = `id, slug, email, first_name, last_name, password_hash, about, website, lang,
	sysadmin, active, created_at, confirmed_at, last_login_at, deleted_at, notify, avatar`

func scanUser(row sqldb.Scanner) (User, error) {
	var u User
	var notify string
	err := row.Scan(&u.ID, &u.Slug, &u.Email, &u.FirstName, &u.LastName, &u.PasswordHash, &u.About,
		&u.Website, &u.Lang, &u.Sysadmin, &u.Active, sqldb.Time(&u.CreatedAt), sqldb.Time(&u.ConfirmedAt),
		sqldb.Time(&u.LastLoginAt), sqldb.Time(&u.DeletedAt), &notify, &u.Avatar)
	u.Notify = DecodePrefs(notify)
	return u, sqldb.NoRows(err, ErrNotFound)
}

func (q Reader) UserByID(ctx context.Context, id string) (User, error) {
	return scanUser(q.x.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
}

func (q Reader) UserByEmail(ctx context.Context, email string) (User, error) {
	return scanUser(q.x.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, email))
}

func (q Reader) UserBySlug(ctx context.Context, slug string) (User, error) {
	return scanUser(q.x.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE slug = $1`, slug))
}

func (q Reader) SlugTaken(ctx context.Context, slug string) (bool, error) {
	return q.x.Exists(ctx, `SELECT count(*) FROM users WHERE slug = $1`, slug)
}

// CreateUser inserts u; slug.ErrTaken when another user has its slug.
func (tx Tx) CreateUser(ctx context.Context, u User) error {
	res, err := tx.x.ExecContext(ctx, `INSERT INTO users (`+userColumns+`, search_text)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
		ON CONFLICT (slug) DO NOTHING`,
		u.ID, u.Slug, u.Email, u.FirstName, u.LastName, u.PasswordHash, u.About, u.Website, u.Lang,
		u.Sysadmin, u.Active, sqldb.TS(u.CreatedAt), sqldb.TS(u.ConfirmedAt), sqldb.TS(u.LastLoginAt), sqldb.TS(u.DeletedAt), encodePrefs(u.Notify),
		u.Avatar, userSearchText(u))
	if err := sqldb.SlugInserted(res, err); err != nil {
		return fmt.Errorf("store: create user: %w", err)
	}
	return tx.x.Reindex(ctx, "users", "users_fts", u.ID, userSearchText(u))
}

func (tx Tx) UpdateUser(ctx context.Context, u User) error {
	res, err := tx.x.ExecContext(ctx, `UPDATE users SET slug = $2, email = $3, first_name = $4,
		last_name = $5, password_hash = $6, about = $7, website = $8, lang = $9, sysadmin = $10,
		active = $11, confirmed_at = $12, last_login_at = $13, deleted_at = $14, notify = $15, search_text = $16,
		avatar = $17 WHERE id = $1`,
		u.ID, u.Slug, u.Email, u.FirstName, u.LastName, u.PasswordHash, u.About, u.Website, u.Lang,
		u.Sysadmin, u.Active, sqldb.TS(u.ConfirmedAt), sqldb.TS(u.LastLoginAt), sqldb.TS(u.DeletedAt), encodePrefs(u.Notify),
		userSearchText(u), u.Avatar)
	if err != nil {
		return fmt.Errorf("store: update user: %w", err)
	}
	if err := sqldb.OneRow(res, ErrNotFound); err != nil {
		return err
	}
	return tx.x.Reindex(ctx, "users", "users_fts", u.ID, userSearchText(u))
}

// encodePrefs stores notice preferences as sorted "category=mode" pairs.
func encodePrefs(p map[string]string) string {
	pairs := make([]string, 0, len(p))
	for k, v := range p {
		pairs = append(pairs, k+"="+v)
	}
	sort.Strings(pairs)
	return strings.Join(pairs, ",")
}

// DecodePrefs reads the notice preferences column (users.notify).
func DecodePrefs(s string) map[string]string {
	p := map[string]string{}
	for _, pair := range strings.Split(s, ",") {
		if k, v, ok := strings.Cut(pair, "="); ok {
			p[k] = v
		}
	}
	return p
}
