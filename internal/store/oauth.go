package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/socle-portal/socle/internal/oauth"
)

// OAuth is the OAuth provider's store. Its queries live on their own type:
// their names (Token, DeleteExpired) would collide with the account
// store's on the shared Tx.
type OAuth struct{ db *DB }

// OAuth returns the OAuth provider's store.
func (db *DB) OAuth() OAuth { return OAuth{db} }

type oauthQ struct{ x querier }

// InTx runs fn in a transaction.
func (s OAuth) InTx(ctx context.Context, fn func(oauth.Tx) error) error {
	return s.db.inTx(ctx, func(tx *Tx) error { return fn(oauthQ{tx.x}) })
}

func (s OAuth) r() oauthQ { return oauthQ{s.db.reader} }

func (s OAuth) Client(ctx context.Context, id string) (oauth.Client, error) {
	return s.r().Client(ctx, id)
}
func (s OAuth) Clients(ctx context.Context) ([]oauth.Client, error) { return s.r().Clients(ctx) }
func (s OAuth) AuthRequest(ctx context.Context, id string) (oauth.AuthRequest, error) {
	return s.r().AuthRequest(ctx, id)
}
func (s OAuth) AuthRequestByCode(ctx context.Context, h string) (oauth.AuthRequest, error) {
	return s.r().AuthRequestByCode(ctx, h)
}
func (s OAuth) Grant(ctx context.Context, userID, clientID string) (oauth.Grant, error) {
	return s.r().Grant(ctx, userID, clientID)
}
func (s OAuth) GrantsOf(ctx context.Context, userID string) ([]oauth.Grant, error) {
	return s.r().GrantsOf(ctx, userID)
}
func (s OAuth) Token(ctx context.Context, id string) (oauth.Token, error) {
	return s.r().Token(ctx, id)
}
func (s OAuth) TokenByHash(ctx context.Context, h string) (oauth.Token, error) {
	return s.r().TokenByHash(ctx, h)
}

func oauthNotFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return oauth.ErrNotFound
	}
	return err
}

type scanner interface{ Scan(...any) error }

const clientColumns = `id, name, secret_hash, redirect_uris, scopes, logo_url, trusted, created_at, created_by`

func scanClient(row scanner) (oauth.Client, error) {
	var c oauth.Client
	var uris, scopes string
	err := row.Scan(&c.ID, &c.Name, &c.SecretHash, &uris, &scopes, &c.LogoURL, &c.Trusted, tm(&c.CreatedAt), &c.CreatedBy)
	c.RedirectURIs, c.Scopes = strings.Fields(uris), strings.Fields(scopes)
	return c, oauthNotFound(err)
}

func (q oauthQ) Client(ctx context.Context, id string) (oauth.Client, error) {
	return scanClient(q.x.QueryRowContext(ctx, `SELECT `+clientColumns+` FROM oauth_clients
		WHERE id = $1 AND deleted_at IS NULL`, id))
}

func (q oauthQ) Clients(ctx context.Context) ([]oauth.Client, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+clientColumns+` FROM oauth_clients
		WHERE deleted_at IS NULL ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("store: oauth clients: %w", err)
	}
	return collect(rows, func(r interface{ Scan(...any) error }) (oauth.Client, error) { return scanClient(r) })
}

func (q oauthQ) CreateClient(ctx context.Context, c oauth.Client) error {
	_, err := q.x.ExecContext(ctx, `INSERT INTO oauth_clients (`+clientColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, c.ID, c.Name, c.SecretHash, strings.Join(c.RedirectURIs, " "),
		strings.Join(c.Scopes, " "), c.LogoURL, c.Trusted, ts(c.CreatedAt), c.CreatedBy)
	return err
}

// DeleteClient marks the client deleted and drops its grants, whose tokens
// go with them.
func (q oauthQ) DeleteClient(ctx context.Context, id string, at time.Time) error {
	res, err := q.x.ExecContext(ctx, `UPDATE oauth_clients SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL`, id, ts(at))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return oauth.ErrNotFound
	}
	if _, err := q.x.ExecContext(ctx, `DELETE FROM oauth_grants WHERE client_id = $1`, id); err != nil {
		return err
	}
	_, err = q.x.ExecContext(ctx, `DELETE FROM oauth_auth_requests WHERE client_id = $1`, id)
	return err
}

const authRequestColumns = `id, client_id, redirect_uri, scopes, state, nonce, response_mode, code_challenge,
	COALESCE(user_id, ''), auth_time, COALESCE(code_hash, ''), code_expires_at, exchanged_at, created_at, expires_at,
	prompt, login_after`

func scanAuthRequest(row scanner) (oauth.AuthRequest, error) {
	var r oauth.AuthRequest
	var scopes, prompt string
	err := row.Scan(&r.ID, &r.ClientID, &r.RedirectURI, &scopes, &r.State, &r.Nonce, &r.ResponseMode, &r.CodeChallenge,
		&r.UserID, tm(&r.AuthTime), &r.CodeHash, tm(&r.CodeExpiresAt), tm(&r.ExchangedAt), tm(&r.CreatedAt), tm(&r.ExpiresAt),
		&prompt, tm(&r.LoginAfter))
	r.Scopes, r.Prompt = strings.Fields(scopes), strings.Fields(prompt)
	return r, oauthNotFound(err)
}

func (q oauthQ) AuthRequest(ctx context.Context, id string) (oauth.AuthRequest, error) {
	return scanAuthRequest(q.x.QueryRowContext(ctx, `SELECT `+authRequestColumns+` FROM oauth_auth_requests WHERE id = $1`, id))
}

func (q oauthQ) AuthRequestByCode(ctx context.Context, h string) (oauth.AuthRequest, error) {
	return scanAuthRequest(q.x.QueryRowContext(ctx, `SELECT `+authRequestColumns+` FROM oauth_auth_requests
		WHERE code_hash = $1`, h))
}

func (q oauthQ) CreateAuthRequest(ctx context.Context, r oauth.AuthRequest) error {
	_, err := q.x.ExecContext(ctx, `INSERT INTO oauth_auth_requests (id, client_id, redirect_uri, scopes, state,
		nonce, response_mode, code_challenge, created_at, expires_at, prompt, login_after)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		r.ID, r.ClientID, r.RedirectURI, strings.Join(r.Scopes, " "), r.State, r.Nonce, r.ResponseMode, r.CodeChallenge,
		ts(r.CreatedAt), ts(r.ExpiresAt), strings.Join(r.Prompt, " "), ts(r.LoginAfter))
	return err
}

func (q oauthQ) ApproveAuthRequest(ctx context.Context, id, userID string, scopes []string, at time.Time) (bool, error) {
	res, err := q.x.ExecContext(ctx, `UPDATE oauth_auth_requests SET user_id = $2, scopes = $3, auth_time = $4
		WHERE id = $1 AND user_id IS NULL`, id, userID, strings.Join(scopes, " "), ts(at))
	return affected(res, err)
}

func (q oauthQ) SetCode(ctx context.Context, id, codeHash string, expires time.Time) (bool, error) {
	res, err := q.x.ExecContext(ctx, `UPDATE oauth_auth_requests SET code_hash = $2, code_expires_at = $3
		WHERE id = $1 AND user_id IS NOT NULL AND code_hash IS NULL AND exchanged_at IS NULL`, id, codeHash, ts(expires))
	return affected(res, err)
}

func (q oauthQ) MarkExchanged(ctx context.Context, id string, at time.Time) (bool, error) {
	res, err := q.x.ExecContext(ctx, `UPDATE oauth_auth_requests SET exchanged_at = $2
		WHERE id = $1 AND exchanged_at IS NULL`, id, ts(at))
	return affected(res, err)
}

func (q oauthQ) DeleteAuthRequest(ctx context.Context, id string) error {
	_, err := q.x.ExecContext(ctx, `DELETE FROM oauth_auth_requests WHERE id = $1 AND exchanged_at IS NULL`, id)
	return err
}

func (q oauthQ) DeleteUnanswered(ctx context.Context, id string) (bool, error) {
	res, err := q.x.ExecContext(ctx, `DELETE FROM oauth_auth_requests WHERE id = $1 AND user_id IS NULL`, id)
	return affected(res, err)
}

func affected(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

const grantColumns = `id, user_id, client_id, scopes, created_at, updated_at, last_used_at`

func scanGrant(row scanner) (oauth.Grant, error) {
	var g oauth.Grant
	var scopes string
	err := row.Scan(&g.ID, &g.UserID, &g.ClientID, &scopes, tm(&g.CreatedAt), tm(&g.UpdatedAt), tm(&g.LastUsedAt))
	g.Scopes = strings.Fields(scopes)
	return g, oauthNotFound(err)
}

func (q oauthQ) Grant(ctx context.Context, userID, clientID string) (oauth.Grant, error) {
	return scanGrant(q.x.QueryRowContext(ctx, `SELECT `+grantColumns+` FROM oauth_grants
		WHERE user_id = $1 AND client_id = $2`, userID, clientID))
}

func (q oauthQ) GrantsOf(ctx context.Context, userID string) ([]oauth.Grant, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+grantColumns+` FROM oauth_grants
		WHERE user_id = $1 ORDER BY created_at, id`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: oauth grants: %w", err)
	}
	return collect(rows, func(r interface{ Scan(...any) error }) (oauth.Grant, error) { return scanGrant(r) })
}

// SaveGrant inserts the grant, or widens the existing one's scopes. The
// upsert locks the row first (PostgreSQL), so two concurrent approvals
// merge their scopes instead of the last one overwriting the other's.
func (q oauthQ) SaveGrant(ctx context.Context, g oauth.Grant) (oauth.Grant, error) {
	var id, scopes string
	err := q.x.QueryRowContext(ctx, `INSERT INTO oauth_grants (`+grantColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (user_id, client_id) DO UPDATE SET updated_at = excluded.updated_at
		RETURNING id, scopes`, g.ID, g.UserID, g.ClientID, strings.Join(g.Scopes, " "), ts(g.CreatedAt),
		ts(g.UpdatedAt), ts(g.LastUsedAt)).Scan(&id, &scopes)
	if err != nil {
		return oauth.Grant{}, err
	}
	merged := strings.Fields(scopes)
	for _, s := range g.Scopes {
		if !slices.Contains(merged, s) {
			merged = append(merged, s)
		}
	}
	return scanGrant(q.x.QueryRowContext(ctx, `UPDATE oauth_grants SET scopes = $2 WHERE id = $1
		RETURNING `+grantColumns, id, strings.Join(merged, " ")))
}

func (q oauthQ) DeleteGrant(ctx context.Context, userID, clientID string) error {
	_, err := q.x.ExecContext(ctx, `DELETE FROM oauth_grants WHERE user_id = $1 AND client_id = $2`, userID, clientID)
	return err
}

func (q oauthQ) TouchGrant(ctx context.Context, id string, at time.Time) error {
	_, err := q.x.ExecContext(ctx, `UPDATE oauth_grants SET last_used_at = $2 WHERE id = $1`, id, ts(at))
	return err
}

const oauthTokenColumns = `t.id, t.kind, t.grant_id, t.request_id, COALESCE(t.token_hash, ''), t.scopes, t.auth_time,
	t.created_at, t.expires_at, t.used_at, t.revoked_at, g.user_id, g.client_id`

func scanOAuthToken(row scanner) (oauth.Token, error) {
	var t oauth.Token
	var scopes string
	err := row.Scan(&t.ID, &t.Kind, &t.GrantID, &t.RequestID, &t.TokenHash, &scopes, tm(&t.AuthTime), tm(&t.CreatedAt),
		tm(&t.ExpiresAt), tm(&t.UsedAt), tm(&t.RevokedAt), &t.UserID, &t.ClientID)
	t.Scopes = strings.Fields(scopes)
	return t, oauthNotFound(err)
}

// Tokens are read with their grant's user and client, and only while their
// client exists.
const oauthTokenFrom = ` FROM oauth_tokens t JOIN oauth_grants g ON g.id = t.grant_id
	JOIN oauth_clients c ON c.id = g.client_id AND c.deleted_at IS NULL `

func (q oauthQ) Token(ctx context.Context, id string) (oauth.Token, error) {
	return scanOAuthToken(q.x.QueryRowContext(ctx, `SELECT `+oauthTokenColumns+oauthTokenFrom+`WHERE t.id = $1`, id))
}

func (q oauthQ) TokenByHash(ctx context.Context, h string) (oauth.Token, error) {
	return scanOAuthToken(q.x.QueryRowContext(ctx, `SELECT `+oauthTokenColumns+oauthTokenFrom+`WHERE t.token_hash = $1`, h))
}

func (q oauthQ) CreateToken(ctx context.Context, t oauth.Token) error {
	var hash any
	if t.TokenHash != "" {
		hash = t.TokenHash
	}
	_, err := q.x.ExecContext(ctx, `INSERT INTO oauth_tokens (id, kind, grant_id, request_id, token_hash, scopes,
		auth_time, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, t.ID, t.Kind, t.GrantID,
		t.RequestID, hash, strings.Join(t.Scopes, " "), ts(t.AuthTime), ts(t.CreatedAt), ts(t.ExpiresAt))
	return err
}

func (q oauthQ) UseRefresh(ctx context.Context, id string, at time.Time) (bool, error) {
	res, err := q.x.ExecContext(ctx, `UPDATE oauth_tokens SET used_at = $2 WHERE id = $1 AND kind = 'refresh'
		AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2`, id, ts(at))
	return affected(res, err)
}

func (q oauthQ) RevokeToken(ctx context.Context, id string, at time.Time) error {
	_, err := q.x.ExecContext(ctx, `UPDATE oauth_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, id, ts(at))
	return err
}

func (q oauthQ) RevokeGrantTokens(ctx context.Context, grantID string, at time.Time) error {
	_, err := q.x.ExecContext(ctx, `UPDATE oauth_tokens SET revoked_at = $2 WHERE grant_id = $1 AND revoked_at IS NULL`,
		grantID, ts(at))
	return err
}

// RevokeRequestTokens revokes what one code gave, and the tokens refreshed
// from it, which share its grant.
func (q oauthQ) RevokeRequestTokens(ctx context.Context, requestID string, at time.Time) error {
	if requestID == "" {
		return nil // refreshed tokens carry no request: "" would name them all
	}
	_, err := q.x.ExecContext(ctx, `UPDATE oauth_tokens SET revoked_at = $2 WHERE revoked_at IS NULL
		AND grant_id IN (SELECT grant_id FROM oauth_tokens WHERE request_id = $1)`, requestID, ts(at))
	return err
}

func (q oauthQ) DeleteExpired(ctx context.Context, now time.Time) error {
	if _, err := q.x.ExecContext(ctx, `DELETE FROM oauth_auth_requests WHERE expires_at < $1`, ts(now)); err != nil {
		return err
	}
	_, err := q.x.ExecContext(ctx, `DELETE FROM oauth_tokens WHERE expires_at < $1`, ts(now.Add(-24*time.Hour)))
	return err
}

// EndOAuthGrants disconnects every application userID let act for them:
// the grants, their tokens, and authorizations approved whose code was not
// yet exchanged. It returns how many applications were disconnected.
func (tx *Tx) EndOAuthGrants(ctx context.Context, userID string) (int, error) {
	for _, stmt := range []string{
		`DELETE FROM oauth_tokens WHERE grant_id IN (SELECT id FROM oauth_grants WHERE user_id = $1)`,
		`DELETE FROM oauth_auth_requests WHERE user_id = $1`,
	} {
		if _, err := tx.x.ExecContext(ctx, stmt, userID); err != nil {
			return 0, fmt.Errorf("store: end oauth grants: %w", err)
		}
	}
	res, err := tx.x.ExecContext(ctx, `DELETE FROM oauth_grants WHERE user_id = $1`, userID)
	if err != nil {
		return 0, fmt.Errorf("store: end oauth grants: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
