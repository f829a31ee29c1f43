// Package oauth makes socle an OAuth2 and OpenID Connect provider, so that
// third-party publishing tools sign their users in with a socle account and
// act on their behalf through the API. The protocol itself is
// github.com/zitadel/oidc's op package; this package owns what it leaves to
// its host: clients, consent, tokens, scopes and what each scope permits.
package oauth

import (
	"context"
	"slices"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/errs"
	"github.com/socle-portal/socle/internal/sqldb"
)

// Scopes socle grants. "default" and "admin" are udata's; "read" narrows a
// token to reading; the others are OpenID Connect's.
const (
	ScopeDefault       = "default"        // act as the user, with the user's own permissions
	ScopeRead          = "read"           // read what the user can read, change nothing
	ScopeAdmin         = "admin"          // sysadmin rights; granted to sysadmins only
	ScopeOpenID        = "openid"         // an ID token
	ScopeProfile       = "profile"        // names, profile page, website
	ScopeEmail         = "email"          // the e-mail address
	ScopeOfflineAccess = "offline_access" // a refresh token
)

// KnownScopes lists every scope a client may be allowed, in display order.
var KnownScopes = []string{ScopeOpenID, ScopeProfile, ScopeEmail, ScopeRead, ScopeDefault, ScopeOfflineAccess, ScopeAdmin}

// Lifetimes. Codes live as long as udata's; access tokens are short because
// refresh tokens rotate, and a grant unused for the refresh lifetime ends.
const (
	CodeTTL        = 100 * time.Second
	AuthRequestTTL = 30 * time.Minute // time to log in and consent
	AccessTTL      = time.Hour
	RefreshTTL     = 30 * 24 * time.Hour
	IDTokenTTL     = time.Hour
)

// Errors of the rules; the web and API layers translate them.
var (
	ErrNotFound     = errs.New(errs.ErrNotFound, "", "oauth: not found")
	ErrInvalidToken = errs.New(errs.ErrUnauthenticated, "api.bad_bearer", "oauth: invalid or expired access token")
	ErrReused       = errs.New(errs.ErrUnauthenticated, "api.bad_bearer", "oauth: refresh token reused; the grant is revoked")
	ErrHandled      = errs.New(errs.ErrBadRequest, "", "oauth: authorization request already answered")
)

// Client is a third-party application registered by a sysadmin.
type Client struct {
	ID           string
	Name         string
	SecretHash   string // empty for a public client
	RedirectURIs []string
	Scopes       []string // what it may ask for
	LogoURL      string
	Trusted      bool          // the portal's own tools: no consent screen, as udata's internal clients
	TokenTTL     time.Duration // lifetime of its access tokens; zero: AccessTTL
	CreatedAt    time.Time
	CreatedBy    string
}

// AccessTTL returns how long the client's access tokens last: its own
// lifetime, or the portal's AccessTTL. Clients that never refresh (as
// transport.data.gouv.fr) end their user's session when it ends.
func (c Client) AccessTTL() time.Duration {
	if c.TokenTTL > 0 {
		return c.TokenTTL
	}
	return AccessTTL
}

// Confidential reports whether the client authenticates with a secret.
func (c Client) Confidential() bool { return c.SecretHash != "" }

// AuthRequest is one authorization, from /oauth/authorize to the exchange
// of its code.
type AuthRequest struct {
	ID            string
	ClientID      string
	RedirectURI   string
	Scopes        []string
	State         string
	Nonce         string
	ResponseMode  string
	CodeChallenge string    // S256 only; empty when the client sent none
	Prompt        []string  // OpenID Connect's prompt values: none, login, consent
	LoginAfter    time.Time // the earliest sign-in the client accepts (max_age, prompt=login); zero: any
	UserID        string    // set when the user approved
	AuthTime      time.Time
	AMR           []string // how the user's sign-in was proven (amr of the ID token)
	CodeHash      string
	CodeExpiresAt time.Time
	ExchangedAt   time.Time
	CreatedAt     time.Time
	ExpiresAt     time.Time
}

// Approved reports whether the user answered yes.
func (r AuthRequest) Approved() bool { return r.UserID != "" }

// Grant is a user's consent to a client: the scopes agreed to, remembered so
// that the next sign-in asking no more skips the consent screen.
type Grant struct {
	ID         string
	UserID     string
	ClientID   string
	Scopes     []string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	LastUsedAt time.Time
}

// Token kinds.
const (
	KindAccess  = "access"
	KindRefresh = "refresh"
)

// Token is an access or refresh token of a grant.
type Token struct {
	ID        string
	Kind      string
	GrantID   string
	RequestID string // the authorization request whose code made it
	TokenHash string // refresh tokens only
	Scopes    []string
	AuthTime  time.Time
	AMR       []string // the sign-in's, from the authorization the token comes from
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    time.Time // a refresh token that was rotated
	RevokedAt time.Time
	// Read with the token, from its grant.
	UserID   string
	ClientID string
}

// Valid reports whether the token may be used at now.
func (t Token) Valid(now time.Time) bool {
	return t.RevokedAt.IsZero() && t.UsedAt.IsZero() && now.Before(t.ExpiresAt)
}

// App is a connected application as its user sees it.
type App struct {
	Client Client
	Grant  Grant
}

// Store keeps clients, authorizations, grants and tokens in the database:
// Reader's queries on the read pool, and transactions.
type Store struct {
	Reader
	db *sqldb.DB
}

// NewStore is the OAuth side of db.
func NewStore(db *sqldb.DB) Store { return Store{Reader{db.Read()}, db} }

// InTx runs fn in one transaction.
func (s Store) InTx(ctx context.Context, fn func(Tx) error) error {
	return s.db.InTx(ctx, func(_ context.Context, c sqldb.Conn) error { return fn(Tx{Reader{c}}) })
}

// Reader holds the queries; on a pool or in a transaction.
type Reader struct{ x sqldb.Conn }

// Tx is a transaction.
type Tx struct{ Reader }

// hasScope reports whether scopes holds s.
func hasScope(scopes []string, s string) bool { return slices.Contains(scopes, s) }

// Permits says what a token with scopes may do on the API: reads need any
// of read, default or admin; writes need default or admin; sysadmin rights
// need admin (and a sysadmin user).
func Permits(scopes []string, write bool) bool {
	if hasScope(scopes, ScopeDefault) || hasScope(scopes, ScopeAdmin) {
		return true
	}
	return !write && hasScope(scopes, ScopeRead)
}

// Sysadmin reports whether a token acts with sysadmin rights: only when its
// user is a sysadmin and the token carries the admin scope, so a tool never
// gets more than it asked for.
func Sysadmin(u account.User, scopes []string) bool {
	return u.Sysadmin && hasScope(scopes, ScopeAdmin)
}

// grantable keeps the requested scopes the client is allowed and the user
// may hold, in the client's order.
func grantable(c Client, u account.User, requested []string) []string {
	var out []string
	for _, s := range KnownScopes {
		if !hasScope(requested, s) || !hasScope(c.Scopes, s) {
			continue
		}
		if s == ScopeAdmin && !u.Sysadmin {
			continue
		}
		out = append(out, s)
	}
	return out
}

// SeesEmail reports whether a token with scopes may read its user's e-mail
// address on the API: with the email scope, or with udata's default scope,
// which in udata includes it (transport.data.gouv.fr asks for default alone
// and reads the address from /api/1/me/).
func SeesEmail(scopes []string) bool {
	return hasScope(scopes, ScopeEmail) || hasScope(scopes, ScopeDefault)
}

// Allowed reports whether client c may ask for scope.
func Allowed(c Client, scope string) bool { return hasScope(c.Scopes, scope) }
