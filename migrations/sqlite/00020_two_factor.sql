-- +goose Up
-- Two-factor sign-in (TOTP). secret is the shared key, sealed with the
-- server's secret key; an enrolment is unconfirmed (confirmed_at NULL) until
-- its first code. last_step is the time step of the last code accepted: a
-- code is refused unless its step is later, so no code works twice.
CREATE TABLE totp (
    user_id      TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    secret       TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    confirmed_at TIMESTAMP,
    last_step    BIGINT NOT NULL DEFAULT 0
);

-- Single-use recovery codes, stored as keyed hashes like API keys.
CREATE TABLE recovery_codes (
    user_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at   TIMESTAMP,
    PRIMARY KEY (user_id, code_hash)
);

-- How a session's sign-in was proven (OpenID Connect's amr values,
-- space-separated), carried to the authorizations and tokens it approves.
ALTER TABLE sessions ADD COLUMN amr TEXT NOT NULL DEFAULT 'pwd';
ALTER TABLE oauth_auth_requests ADD COLUMN amr TEXT NOT NULL DEFAULT 'pwd';
ALTER TABLE oauth_tokens ADD COLUMN amr TEXT NOT NULL DEFAULT 'pwd';

-- +goose Down
ALTER TABLE oauth_tokens DROP COLUMN amr;
ALTER TABLE oauth_auth_requests DROP COLUMN amr;
ALTER TABLE sessions DROP COLUMN amr;
DROP TABLE recovery_codes;
DROP TABLE totp;
