package org

import (
	"context"
	"fmt"

	"github.com/socle-portal/socle/internal/sqldb"
)

const exportPage = 500

// RequestsOfUser lists every request userID made and every invitation sent
// to them (by account or to email), whatever its state, oldest first.
func (q Reader) RequestsOfUser(ctx context.Context, userID, email string) ([]Request, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+requestColumns+` FROM membership_requests
		WHERE user_id = $1 OR (email <> '' AND email = $2) ORDER BY created_at, id`, userID, email)
	if err != nil {
		return nil, fmt.Errorf("store: requests of user: %w", err)
	}
	return sqldb.Collect(rows, scanRequest)
}

// EachNotification calls fn for every notice to userID, oldest first.
func (q Reader) EachNotification(ctx context.Context, userID string, fn func(Notification) error) error {
	after := ""
	for {
		rows, err := q.x.QueryContext(ctx, `SELECT `+notificationColumns+` FROM notifications
			WHERE user_id = $1 AND id > $2 ORDER BY id LIMIT $3`, userID, after, exportPage)
		if err != nil {
			return fmt.Errorf("store: notifications: %w", err)
		}
		page, err := sqldb.Collect(rows, scanNotification)
		if err != nil {
			return err
		}
		for _, n := range page {
			if err := fn(n); err != nil {
				return err
			}
		}
		if len(page) < exportPage {
			return nil
		}
		after = page[len(page)-1].ID
	}
}

// EachEventNaming calls fn for every organization history entry that
// names userID, as the one who acted or the one concerned, oldest first.
func (q Reader) EachEventNaming(ctx context.Context, userID string, fn func(Event) error) error {
	var after int64
	for {
		rows, err := q.x.QueryContext(ctx, `SELECT id, org_id, at, kind, actor_id, user_id, detail, support
			FROM org_events WHERE (actor_id = $1 OR user_id = $1) AND id > $2 ORDER BY id LIMIT $3`,
			userID, after, exportPage)
		if err != nil {
			return fmt.Errorf("store: organization history: %w", err)
		}
		page, err := sqldb.Collect(rows, func(r sqldb.Scanner) (Event, error) {
			var e Event
			err := r.Scan(&e.ID, &e.OrgID, sqldb.Time(&e.At), &e.Kind, &e.ActorID, &e.UserID, &e.Detail, &e.Support)
			return e, err
		})
		if err != nil {
			return err
		}
		for _, e := range page {
			if err := fn(e); err != nil {
				return err
			}
		}
		if len(page) < exportPage {
			return nil
		}
		after = page[len(page)-1].ID
	}
}
