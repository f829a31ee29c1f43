package oauth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/socle-portal/socle/internal/sqldb"
)

func oauthNotFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

const clientColumns = `id, name, secret_hash, redirect_uris, scopes, logo_url, trusted, created_at, created_by, token_ttl_seconds`

func scanClient(row sqldb.Scanner) (Client, error) {
	var c Client
	var uris, scopes string
	var ttl int64
	err := row.Scan(&c.ID, &c.Name, &c.SecretHash, &uris, &scopes, &c.LogoURL, &c.Trusted, sqldb.Time(&c.CreatedAt), &c.CreatedBy, &ttl)
	c.RedirectURIs, c.Scopes, c.TokenTTL = strings.Fields(uris), strings.Fields(scopes), time.Duration(ttl)*time.Second
	return c, oauthNotFound(err)
}

func (q Reader) Client(ctx context.Context, id string) (Client, error) {
	return scanClient(q.x.QueryRowContext(ctx, `SELECT `+clientColumns+` FROM oauth_clients
		WHERE id = $1 AND deleted_at IS NULL`, id))
}

func (q Reader) Clients(ctx context.Context) ([]Client, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+clientColumns+` FROM oauth_clients
		WHERE deleted_at IS NULL ORDER BY name, id`)
	if err != nil {
		return nil, fmt.Errorf("store: oauth clients: %w", err)
	}
	return sqldb.Collect(rows, func(r sqldb.Scanner) (Client, error) { return scanClient(r) })
}

func (q Tx) CreateClient(ctx context.Context, c Client) error {
	_, err := q.x.ExecContext(ctx, `INSERT INTO oauth_clients (`+clientColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, c.ID, c.Name, c.SecretHash, strings.Join(c.RedirectURIs, " "),
		strings.Join(c.Scopes, " "), c.LogoURL, c.Trusted, sqldb.TS(c.CreatedAt), c.CreatedBy, int64(c.TokenTTL/time.Second))
	return err
}

// DeleteClient marks the client deleted and drops its grants, whose tokens
// go with them.
func (q Tx) DeleteClient(ctx context.Context, id string, at time.Time) error {
	res, err := q.x.ExecContext(ctx, `UPDATE oauth_clients SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL`, id, sqldb.TS(at))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	if _, err := q.x.ExecContext(ctx, `DELETE FROM oauth_grants WHERE client_id = $1`, id); err != nil {
		return err
	}
	_, err = q.x.ExecContext(ctx, `DELETE FROM oauth_auth_requests WHERE client_id = $1`, id)
	return err
}

const authRequestColumns = `id, client_id, redirect_uri, scopes, state, nonce, response_mode, code_challenge,
	COALESCE(user_id, ''), auth_time, COALESCE(code_hash, ''), code_expires_at, exchanged_at, created_at, expires_at,
	prompt, login_after, amr`

func scanAuthRequest(row sqldb.Scanner) (AuthRequest, error) {
	var r AuthRequest
	var scopes, prompt, amr string
	err := row.Scan(&r.ID, &r.ClientID, &r.RedirectURI, &scopes, &r.State, &r.Nonce, &r.ResponseMode, &r.CodeChallenge,
		&r.UserID, sqldb.Time(&r.AuthTime), &r.CodeHash, sqldb.Time(&r.CodeExpiresAt), sqldb.Time(&r.ExchangedAt), sqldb.Time(&r.CreatedAt), sqldb.Time(&r.ExpiresAt),
		&prompt, sqldb.Time(&r.LoginAfter), &amr)
	r.Scopes, r.Prompt, r.AMR = strings.Fields(scopes), strings.Fields(prompt), strings.Fields(amr)
	return r, oauthNotFound(err)
}

func (q Reader) AuthRequest(ctx context.Context, id string) (AuthRequest, error) {
	return scanAuthRequest(q.x.QueryRowContext(ctx, `SELECT `+authRequestColumns+` FROM oauth_auth_requests WHERE id = $1`, id))
}

func (q Reader) AuthRequestByCode(ctx context.Context, h string) (AuthRequest, error) {
	return scanAuthRequest(q.x.QueryRowContext(ctx, `SELECT `+authRequestColumns+` FROM oauth_auth_requests
		WHERE code_hash = $1`, h))
}

func (q Tx) CreateAuthRequest(ctx context.Context, r AuthRequest) error {
	_, err := q.x.ExecContext(ctx, `INSERT INTO oauth_auth_requests (id, client_id, redirect_uri, scopes, state,
		nonce, response_mode, code_challenge, created_at, expires_at, prompt, login_after)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		r.ID, r.ClientID, r.RedirectURI, strings.Join(r.Scopes, " "), r.State, r.Nonce, r.ResponseMode, r.CodeChallenge,
		sqldb.TS(r.CreatedAt), sqldb.TS(r.ExpiresAt), strings.Join(r.Prompt, " "), sqldb.TS(r.LoginAfter))
	return err
}

func (q Tx) ApproveAuthRequest(ctx context.Context, id, userID string, scopes []string, at time.Time) (bool, error) {
	res, err := q.x.ExecContext(ctx, `UPDATE oauth_auth_requests SET user_id = $2, scopes = $3, auth_time = $4
		WHERE id = $1 AND user_id IS NULL`, id, userID, strings.Join(scopes, " "), sqldb.TS(at))
	return affected(res, err)
}

func (q Tx) SetCode(ctx context.Context, id, codeHash string, expires time.Time) (bool, error) {
	res, err := q.x.ExecContext(ctx, `UPDATE oauth_auth_requests SET code_hash = $2, code_expires_at = $3
		WHERE id = $1 AND user_id IS NOT NULL AND code_hash IS NULL AND exchanged_at IS NULL`, id, codeHash, sqldb.TS(expires))
	return affected(res, err)
}

func (q Tx) MarkExchanged(ctx context.Context, id string, at time.Time) (bool, error) {
	res, err := q.x.ExecContext(ctx, `UPDATE oauth_auth_requests SET exchanged_at = $2
		WHERE id = $1 AND exchanged_at IS NULL`, id, sqldb.TS(at))
	return affected(res, err)
}

func (q Tx) DeleteAuthRequest(ctx context.Context, id string) error {
	_, err := q.x.ExecContext(ctx, `DELETE FROM oauth_auth_requests WHERE id = $1 AND exchanged_at IS NULL`, id)
	return err
}

func (q Tx) DeleteUnanswered(ctx context.Context, id string) (bool, error) {
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

func scanGrant(row sqldb.Scanner) (Grant, error) {
	var g Grant
	var scopes string
	err := row.Scan(&g.ID, &g.UserID, &g.ClientID, &scopes, sqldb.Time(&g.CreatedAt), sqldb.Time(&g.UpdatedAt), sqldb.Time(&g.LastUsedAt))
	g.Scopes = strings.Fields(scopes)
	return g, oauthNotFound(err)
}

func (q Reader) Grant(ctx context.Context, userID, clientID string) (Grant, error) {
	return scanGrant(q.x.QueryRowContext(ctx, `SELECT `+grantColumns+` FROM oauth_grants
		WHERE user_id = $1 AND client_id = $2`, userID, clientID))
}

func (q Reader) GrantsOf(ctx context.Context, userID string) ([]Grant, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+grantColumns+` FROM oauth_grants
		WHERE user_id = $1 ORDER BY created_at, id`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: oauth grants: %w", err)
	}
	return sqldb.Collect(rows, func(r sqldb.Scanner) (Grant, error) { return scanGrant(r) })
}

// SaveGrant inserts the grant, or widens the existing one's scopes. The
// upsert locks the row first (PostgreSQL), so two concurrent approvals
// merge their scopes instead of the last one overwriting the other's.
func (q Tx) SaveGrant(ctx context.Context, g Grant) (Grant, error) {
	var id, scopes string
	err := q.x.QueryRowContext(ctx, `INSERT INTO oauth_grants (`+grantColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (user_id, client_id) DO UPDATE SET updated_at = excluded.updated_at
		RETURNING id, scopes`, g.ID, g.UserID, g.ClientID, strings.Join(g.Scopes, " "), sqldb.TS(g.CreatedAt),
		sqldb.TS(g.UpdatedAt), sqldb.TS(g.LastUsedAt)).Scan(&id, &scopes)
	if err != nil {
		return Grant{}, err
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

func (q Tx) DeleteGrant(ctx context.Context, userID, clientID string) error {
	_, err := q.x.ExecContext(ctx, `DELETE FROM oauth_grants WHERE user_id = $1 AND client_id = $2`, userID, clientID)
	return err
}

func (q Tx) TouchGrant(ctx context.Context, id string, at time.Time) error {
	_, err := q.x.ExecContext(ctx, `UPDATE oauth_grants SET last_used_at = $2 WHERE id = $1`, id, sqldb.TS(at))
	return err
}

const oauthTokenColumns = `t.id, t.kind, t.grant_id, t.request_id, COALESCE(t.token_hash, ''), t.scopes, t.auth_time,
	t.created_at, t.expires_at, t.used_at, t.revoked_at, g.user_id, g.client_id, t.amr`

func scanOAuthToken(row sqldb.Scanner) (Token, error) {
	var t Token
	var scopes, amr string
	err := row.Scan(&t.ID, &t.Kind, &t.GrantID, &t.RequestID, &t.TokenHash, &scopes, sqldb.Time(&t.AuthTime), sqldb.Time(&t.CreatedAt),
		sqldb.Time(&t.ExpiresAt), sqldb.Time(&t.UsedAt), sqldb.Time(&t.RevokedAt), &t.UserID, &t.ClientID, &amr)
	t.Scopes, t.AMR = strings.Fields(scopes), strings.Fields(amr)
	return t, oauthNotFound(err)
}

// Tokens are read with their grant's user and client, and only while their
// client exists.
const oauthTokenFrom = ` FROM oauth_tokens t JOIN oauth_grants g ON g.id = t.grant_id
	JOIN oauth_clients c ON c.id = g.client_id AND c.deleted_at IS NULL `

func (q Reader) Token(ctx context.Context, id string) (Token, error) {
	return scanOAuthToken(q.x.QueryRowContext(ctx, `SELECT `+oauthTokenColumns+oauthTokenFrom+`WHERE t.id = $1`, id))
}

func (q Reader) TokenByHash(ctx context.Context, h string) (Token, error) {
	return scanOAuthToken(q.x.QueryRowContext(ctx, `SELECT `+oauthTokenColumns+oauthTokenFrom+`WHERE t.token_hash = $1`, h))
}

func (q Tx) CreateToken(ctx context.Context, t Token) error {
	var hash any
	if t.TokenHash != "" {
		hash = t.TokenHash
	}
	_, err := q.x.ExecContext(ctx, `INSERT INTO oauth_tokens (id, kind, grant_id, request_id, token_hash, scopes,
		auth_time, created_at, expires_at, amr) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, t.ID, t.Kind, t.GrantID,
		t.RequestID, hash, strings.Join(t.Scopes, " "), sqldb.TS(t.AuthTime), sqldb.TS(t.CreatedAt), sqldb.TS(t.ExpiresAt), amrText(t.AMR))
	return err
}

func (q Tx) UseRefresh(ctx context.Context, id string, at time.Time) (bool, error) {
	res, err := q.x.ExecContext(ctx, `UPDATE oauth_tokens SET used_at = $2 WHERE id = $1 AND kind = 'refresh'
		AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2`, id, sqldb.TS(at))
	return affected(res, err)
}

func (q Tx) RevokeToken(ctx context.Context, id string, at time.Time) error {
	_, err := q.x.ExecContext(ctx, `UPDATE oauth_tokens SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL`, id, sqldb.TS(at))
	return err
}

func (q Tx) RevokeGrantTokens(ctx context.Context, grantID string, at time.Time) error {
	_, err := q.x.ExecContext(ctx, `UPDATE oauth_tokens SET revoked_at = $2 WHERE grant_id = $1 AND revoked_at IS NULL`,
		grantID, sqldb.TS(at))
	return err
}

// RevokeRequestTokens revokes what one code gave, and the tokens refreshed
// from it, which share its grant.
func (q Tx) RevokeRequestTokens(ctx context.Context, requestID string, at time.Time) error {
	if requestID == "" {
		return nil // refreshed tokens carry no request: "" would name them all
	}
	_, err := q.x.ExecContext(ctx, `UPDATE oauth_tokens SET revoked_at = $2 WHERE revoked_at IS NULL
		AND grant_id IN (SELECT grant_id FROM oauth_tokens WHERE request_id = $1)`, requestID, sqldb.TS(at))
	return err
}

func (q Tx) DeleteExpired(ctx context.Context, now time.Time) error {
	if _, err := q.x.ExecContext(ctx, `DELETE FROM oauth_auth_requests WHERE expires_at < $1`, sqldb.TS(now)); err != nil {
		return err
	}
	_, err := q.x.ExecContext(ctx, `DELETE FROM oauth_tokens WHERE expires_at < $1`, sqldb.TS(now.Add(-24*time.Hour)))
	return err
}
