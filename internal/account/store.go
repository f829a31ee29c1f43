package account

import (
	"context"
	"time"

	"github.com/socle-portal/socle/internal/mail"
)

// Store is what the account rules need from persistence. internal/store
// implements it on SQLite and PostgreSQL; reads outside InTx may be served by
// a read-only pool.
type Store interface {
	Reader
	// InTx runs fn in one transaction: everything fn writes, mail included,
	// is committed together or not at all.
	InTx(ctx context.Context, fn func(Tx) error) error
	// Hit counts one attempt against key in a fixed window and returns the
	// count so far and when the window ends. It commits at once, outside any
	// transaction, so refused attempts still count.
	Hit(ctx context.Context, key string, window time.Duration, now time.Time) (int, time.Time, error)
	// Unhit gives back one attempt of key's window that started at start:
	// an attempt counted before it was judged, that turned out right.
	Unhit(ctx context.Context, key string, start time.Time) error
	// ClearHits forgets key's counter (a successful login clears its failures).
	ClearHits(ctx context.Context, key string) error
	// TouchSession records activity and extends expiry.
	TouchSession(ctx context.Context, id string, seen, expires time.Time) error
	// TouchAPIKey records a use of a key.
	TouchAPIKey(ctx context.Context, id string, used time.Time) error
	// SearchUsers returns a page of the live, active users matching q, and
	// how many match in all.
	SearchUsers(ctx context.Context, q UserQuery) ([]User, int, error)
}

// Reader holds the queries the rules make, inside or outside a transaction.
type Reader interface {
	UserByID(ctx context.Context, id string) (User, error)
	UserByEmail(ctx context.Context, email string) (User, error)
	UserBySlug(ctx context.Context, slug string) (User, error)
	SlugTaken(ctx context.Context, slug string) (bool, error)
	SessionByTokenHash(ctx context.Context, hash string) (Session, error)
	Sessions(ctx context.Context, userID string, now time.Time) ([]Session, error)
	APIKeyByTokenHash(ctx context.Context, hash string) (APIKey, error)
	APIKeys(ctx context.Context, userID string) ([]APIKey, error)
	APIKeyByID(ctx context.Context, userID, id string) (APIKey, error)
	Events(ctx context.Context, userID string, limit int) ([]Event, error)
	TokenByHash(ctx context.Context, hash string) (Token, error)
}

// Tx is a transaction: the writes, plus the reads that decide them.
type Tx interface {
	Reader
	CreateUser(ctx context.Context, u User) error
	UpdateUser(ctx context.Context, u User) error
	CreateSession(ctx context.Context, s Session) error
	DeleteSession(ctx context.Context, userID, id string) (bool, error)
	DeleteSessions(ctx context.Context, userID, exceptID string) (int, error)
	CreateToken(ctx context.Context, t Token) error
	// UseToken marks a valid token used and returns it; ErrNotFound when it
	// is unknown, of another kind, expired or already used. Two concurrent
	// uses get one success.
	UseToken(ctx context.Context, hash string, kind TokenKind, now time.Time) (Token, error)
	DeleteTokens(ctx context.Context, userID string, kind TokenKind) error
	CreateAPIKey(ctx context.Context, k APIKey) error
	RevokeAPIKey(ctx context.Context, userID, id string, at time.Time) error
	// RevokeAPIKeys revokes every live key of userID and says how many.
	RevokeAPIKeys(ctx context.Context, userID string, at time.Time) (int, error)
	// EndOAuthGrants disconnects every application userID let act for
	// them, ending their tokens, and says how many.
	EndOAuthGrants(ctx context.Context, userID string) (int, error)
	Log(ctx context.Context, e Event) error
	// DeleteExpired removes expired sessions, tokens and rate-limit windows.
	DeleteExpired(ctx context.Context, now time.Time) error
	// Enqueue queues a message for delivery once the transaction commits.
	Enqueue(ctx context.Context, m mail.Message) error
	// Queue queues a job to run once the transaction commits.
	Queue(ctx context.Context, job Job) error
}

// Job is work queued to run outside a request; its Kind names its worker.
type Job interface{ Kind() string }
