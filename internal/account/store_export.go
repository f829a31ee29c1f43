package account

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/socle-portal/socle/internal/sqldb"
)

// exportPage is how many rows the export reads at a time: memory stays
// flat however long a history is.
const exportPage = 500

// APIKeysEver lists every key userID made, revoked ones included.
func (q Reader) APIKeysEver(ctx context.Context, userID string) ([]APIKey, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+apiKeyColumns+` FROM api_keys
		WHERE user_id = $1 ORDER BY created_at, id`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: api keys: %w", err)
	}
	return sqldb.Collect(rows, scanAPIKey)
}

// EachEvent calls fn for every audit event about userID or done by them,
// oldest first, by pages.
func (q Reader) EachEvent(ctx context.Context, userID string, fn func(Event) error) error {
	return sqldb.Pages[Event, int64]{What: "store: events", Size: exportPage, Scan: scanEvent,
		Key: func(e Event) int64 { return e.ID }, Query: `SELECT id, at, kind, actor_id, user_id, ip, detail
			FROM audit_events WHERE (user_id = $1 OR actor_id = $1) AND id > $2 ORDER BY id LIMIT $3`,
	}.Each(ctx, q.x, fn, userID)
}

func scanEvent(r sqldb.Scanner) (Event, error) {
	var e Event
	var actor, user sql.NullString
	err := r.Scan(&e.ID, sqldb.Time(&e.At), &e.Kind, &actor, &user, &e.IP, &e.Detail)
	e.ActorID, e.UserID = actor.String, user.String
	return e, err
}
