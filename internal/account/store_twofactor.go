package account

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/socle-portal/socle/internal/sqldb"
)

// totpRow is a user's TOTP enrolment as stored: the secret still sealed.
type totpRow struct {
	Sealed      string
	ConfirmedAt time.Time
	LastStep    int64
}

func (q Reader) totpOf(ctx context.Context, userID string) (totpRow, error) {
	var t totpRow
	err := q.x.QueryRowContext(ctx, `SELECT secret, confirmed_at, last_step FROM totp WHERE user_id = $1`, userID).
		Scan(&t.Sealed, sqldb.Time(&t.ConfirmedAt), &t.LastStep)
	return t, sqldb.NoRows(err, ErrNotFound)
}

// startTOTP stores an unconfirmed enrolment, replacing an unconfirmed one;
// ok is false when the user's enrolment is already confirmed.
func (tx Tx) startTOTP(ctx context.Context, userID, sealed string, now time.Time) (bool, error) {
	res, err := tx.x.ExecContext(ctx, `INSERT INTO totp (user_id, secret, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (user_id) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at, last_step = 0
		WHERE totp.confirmed_at IS NULL`, userID, sealed, sqldb.TS(now))
	return changed(res, err, "start totp")
}

// useStep records step as the last accepted code of userID's enrolment,
// confirming it when confirm is set. The condition is the guard against
// replay: of two uses of one code, concurrent or not, one changes the row.
func (tx Tx) useStep(ctx context.Context, userID string, step int64, confirm bool, now time.Time) (bool, error) {
	var (
		res sql.Result
		err error
	)
	if confirm {
		res, err = tx.x.ExecContext(ctx, `UPDATE totp SET last_step = $2, confirmed_at = $3
			WHERE user_id = $1 AND last_step < $2 AND confirmed_at IS NULL`, userID, step, sqldb.TS(now))
	} else {
		res, err = tx.x.ExecContext(ctx, `UPDATE totp SET last_step = $2
			WHERE user_id = $1 AND last_step < $2 AND confirmed_at IS NOT NULL`, userID, step)
	}
	return changed(res, err, "use totp step")
}

// useRecoveryCode marks one of userID's unused recovery codes used.
func (tx Tx) useRecoveryCode(ctx context.Context, userID, hash string, now time.Time) (bool, error) {
	res, err := tx.x.ExecContext(ctx, `UPDATE recovery_codes SET used_at = $3
		WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`, userID, hash, sqldb.TS(now))
	return changed(res, err, "use recovery code")
}

func (tx Tx) addRecoveryCodes(ctx context.Context, userID string, hashes []string) error {
	if _, err := tx.x.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("store: clear recovery codes: %w", err)
	}
	for _, h := range hashes {
		if _, err := tx.x.ExecContext(ctx, `INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)`, userID, h); err != nil {
			return fmt.Errorf("store: add recovery code: %w", err)
		}
	}
	return nil
}

func (q Reader) recoveryCodesLeft(ctx context.Context, userID string) (int, error) {
	var n int
	err := q.x.QueryRowContext(ctx, `SELECT count(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL`, userID).Scan(&n)
	return n, err
}

// removeTwoFactor deletes userID's enrolment and recovery codes; ok is
// false when there was no confirmed enrolment.
func (tx Tx) removeTwoFactor(ctx context.Context, userID string) (bool, error) {
	if _, err := tx.x.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, userID); err != nil {
		return false, fmt.Errorf("store: delete recovery codes: %w", err)
	}
	res, err := tx.x.ExecContext(ctx, `DELETE FROM totp WHERE user_id = $1 AND confirmed_at IS NOT NULL`, userID)
	return changed(res, err, "delete totp")
}

// forgetTwoFactor deletes everything of userID's second factor, confirmed
// or not (a deleted account keeps nothing personal).
func (tx Tx) forgetTwoFactor(ctx context.Context, userID string) error {
	for _, q := range []string{`DELETE FROM recovery_codes WHERE user_id = $1`, `DELETE FROM totp WHERE user_id = $1`} {
		if _, err := tx.x.ExecContext(ctx, q, userID); err != nil {
			return fmt.Errorf("store: forget two-factor: %w", err)
		}
	}
	return nil
}

func changed(res sql.Result, err error, op string) (bool, error) {
	if err != nil {
		return false, fmt.Errorf("store: %s: %w", op, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}
