-- +goose Up
-- What the client asked of the sign-in (OpenID Connect's prompt and
-- max_age), kept with the request so the consent step weighs the session
-- against it server-side. prompt is space-separated ('' when none);
-- login_after is the earliest sign-in the client accepts (NULL: any).
ALTER TABLE oauth_auth_requests ADD COLUMN prompt TEXT NOT NULL DEFAULT '';
ALTER TABLE oauth_auth_requests ADD COLUMN login_after TIMESTAMP;

-- +goose Down
ALTER TABLE oauth_auth_requests DROP COLUMN login_after;
ALTER TABLE oauth_auth_requests DROP COLUMN prompt;
