package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/socle-portal/socle/internal/account"
)

func (tx *Tx) Log(ctx context.Context, e account.Event) error {
	_, err := tx.x.ExecContext(ctx, `INSERT INTO audit_events (at, kind, actor_id, user_id, ip, detail)
		VALUES ($1, $2, $3, $4, $5, $6)`, ts(e.At), e.Kind, nullString(e.ActorID), nullString(e.UserID), e.IP, e.Detail)
	if err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	return nil
}

func (db *DB) Events(ctx context.Context, userID string, limit int) ([]account.Event, error) {
	return db.read().Events(ctx, userID, limit)
}

func (q q) Events(ctx context.Context, userID string, limit int) ([]account.Event, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT id, at, kind, actor_id, user_id, ip, detail
		FROM audit_events WHERE user_id = $1 ORDER BY id DESC LIMIT $2`, userID, limit)
	if err != nil {
		return nil, fmt.Errorf("store: events: %w", err)
	}
	return collect(rows, func(r interface{ Scan(...any) error }) (account.Event, error) {
		var e account.Event
		var actor, user sql.NullString
		err := r.Scan(&e.ID, tm(&e.At), &e.Kind, &actor, &user, &e.IP, &e.Detail)
		e.ActorID, e.UserID = actor.String, user.String
		return e, err
	})
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
