-- +goose Up
-- OAuth2 clients, registered by sysadmins. secret_hash is empty for public
-- clients (they prove themselves with PKCE instead).
CREATE TABLE oauth_clients (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    secret_hash   TEXT NOT NULL DEFAULT '',
    redirect_uris TEXT NOT NULL,
    scopes        TEXT NOT NULL,
    logo_url      TEXT NOT NULL DEFAULT '',
    trusted       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    TIMESTAMPTZ NOT NULL,
    created_by    TEXT NOT NULL DEFAULT '',
    deleted_at    TIMESTAMPTZ
);

-- One authorization request per visit to /oauth/authorize; it carries the
-- code once the user has approved, until the code is exchanged or expires.
CREATE TABLE oauth_auth_requests (
    id                    TEXT PRIMARY KEY,
    client_id             TEXT NOT NULL REFERENCES oauth_clients(id) ON DELETE CASCADE,
    redirect_uri          TEXT NOT NULL,
    scopes                TEXT NOT NULL,
    state                 TEXT NOT NULL DEFAULT '',
    nonce                 TEXT NOT NULL DEFAULT '',
    response_mode         TEXT NOT NULL DEFAULT '',
    code_challenge        TEXT NOT NULL DEFAULT '',
    user_id               TEXT REFERENCES users(id) ON DELETE CASCADE,
    auth_time             TIMESTAMPTZ,
    code_hash             TEXT UNIQUE,
    code_expires_at       TIMESTAMPTZ,
    exchanged_at          TIMESTAMPTZ,
    created_at            TIMESTAMPTZ NOT NULL,
    expires_at            TIMESTAMPTZ NOT NULL
);
CREATE INDEX oauth_auth_requests_expiry ON oauth_auth_requests(expires_at);

-- A grant is what a user consented to for a client; its tokens live and die
-- with it, so revoking a connected app or detecting a reused refresh token
-- ends every token of that grant at once.
CREATE TABLE oauth_grants (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    client_id  TEXT NOT NULL REFERENCES oauth_clients(id) ON DELETE CASCADE,
    scopes     TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ,
    UNIQUE (user_id, client_id)
);

-- Access and refresh tokens. Access tokens are opaque (the provider encrypts
-- their id); refresh tokens are random and stored as keyed hashes. A refresh
-- token that was rotated has used_at set: presenting it again is reuse.
CREATE TABLE oauth_tokens (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    grant_id    TEXT NOT NULL REFERENCES oauth_grants(id) ON DELETE CASCADE,
    request_id  TEXT NOT NULL DEFAULT '',
    token_hash  TEXT UNIQUE,
    scopes      TEXT NOT NULL,
    auth_time   TIMESTAMPTZ NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ,
    revoked_at  TIMESTAMPTZ
);
CREATE INDEX oauth_tokens_grant ON oauth_tokens(grant_id);
CREATE INDEX oauth_tokens_request ON oauth_tokens(request_id);
CREATE INDEX oauth_tokens_expiry ON oauth_tokens(expires_at);

-- +goose Down
DROP TABLE oauth_tokens;
DROP TABLE oauth_grants;
DROP TABLE oauth_auth_requests;
DROP TABLE oauth_clients;
