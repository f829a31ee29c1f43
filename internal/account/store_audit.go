package account

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/socle-portal/socle/internal/sqldb"
)

func (tx Tx) Log(ctx context.Context, e Event) error {
	_, err := tx.x.ExecContext(ctx, `INSERT INTO audit_events (at, kind, actor_id, user_id, ip, detail)
		VALUES ($1, $2, $3, $4, $5, $6)`, sqldb.TS(e.At), e.Kind, sqldb.NullString(e.ActorID), sqldb.NullString(e.UserID), e.IP, e.Detail)
	if err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	return nil
}

func (q Reader) Events(ctx context.Context, userID string, limit int) ([]Event, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT id, at, kind, actor_id, user_id, ip, detail
		FROM audit_events WHERE user_id = $1 ORDER BY id DESC LIMIT $2`, userID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: events: %w", err)
	}
	return sqldb.Collect(rows, func(r sqldb.Scanner) (Event, error) {
		var e Event
		var actor, user sql.NullString
		err := r.Scan(&e.ID, sqldb.Time(&e.At), &e.Kind, &actor, &user, &e.IP, &e.Detail)
		e.ActorID, e.UserID = actor.String, user.String
		return e, err
	})
}
