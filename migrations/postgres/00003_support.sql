-- +goose Up
-- When a user was last active (login, session or API key), for spotting
-- organizations whose admins are all gone.
ALTER TABLE users ADD COLUMN last_seen_at TIMESTAMPTZ;
ALTER TABLE membership_requests ADD COLUMN escalated_at TIMESTAMPTZ;
ALTER TABLE membership_requests ADD COLUMN escalation_reason TEXT NOT NULL DEFAULT '';
CREATE INDEX membership_requests_pending ON membership_requests(status, kind, created_at);

-- +goose Down
ALTER TABLE users DROP COLUMN last_seen_at;
DROP INDEX membership_requests_pending;
ALTER TABLE membership_requests DROP COLUMN escalation_reason;
ALTER TABLE membership_requests DROP COLUMN escalated_at;
