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
	return sqldb.Pages[Notification, string]{What: "store: notifications", Size: exportPage, Scan: scanNotification,
		Key: func(n Notification) string { return n.ID }, Query: `SELECT ` + notificationColumns + ` FROM notifications
			WHERE user_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
	}.Each(ctx, q.x, fn, userID)
}

// EachEventNaming calls fn for every organization history entry that
// names userID, as the one who acted or the one concerned, oldest first.
func (q Reader) EachEventNaming(ctx context.Context, userID string, fn func(Event) error) error {
	return sqldb.Pages[Event, int64]{What: "store: organization history", Size: exportPage, Scan: scanOrgEvent,
		Key: func(e Event) int64 { return e.ID }, Query: `SELECT id, org_id, at, kind, actor_id, user_id, detail, support
			FROM org_events WHERE (actor_id = $1 OR user_id = $1) AND id > $2 ORDER BY id LIMIT $3`,
	}.Each(ctx, q.x, fn, userID)
}

func scanOrgEvent(r sqldb.Scanner) (Event, error) {
	var e Event
	err := r.Scan(&e.ID, &e.OrgID, sqldb.Time(&e.At), &e.Kind, &e.ActorID, &e.UserID, &e.Detail, &e.Support)
	return e, err
}
