package account

import (
	"context"

	"github.com/socle-portal/socle/internal/sqldb"
)

// HasSysadmin tells whether a live, active sysadmin exists.
func (q Reader) HasSysadmin(ctx context.Context) (bool, error) {
	return q.x.Exists(ctx, `SELECT count(*) FROM users
		WHERE sysadmin AND active AND deleted_at IS NULL`)
}

// GetSetting reads a setting; ErrNotFound when there is none.
func (q Reader) GetSetting(ctx context.Context, key string) (string, error) {
	var v string
	err := q.x.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	return v, sqldb.NoRows(err, ErrNotFound)
}

// TakeSetting deletes key if it still holds value; false when another
// transaction took or replaced it first.
func (tx Tx) TakeSetting(ctx context.Context, key, value string) (bool, error) {
	res, err := tx.x.ExecContext(ctx, `DELETE FROM settings WHERE key = $1 AND value = $2`, key, value)
	return sqldb.Affected(res, err)
}
