-- +goose Up
-- Each client's access token lifetime, in seconds; 0 is the portal's
-- default (one hour). Clients that never refresh their token, as
-- transport.data.gouv.fr, get udata's 30 days.
ALTER TABLE oauth_clients ADD COLUMN token_ttl_seconds BIGINT NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE oauth_clients DROP COLUMN token_ttl_seconds;
