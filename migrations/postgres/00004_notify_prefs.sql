-- +goose Up
-- Per kind of notice, how a user wants e-mail: "kind=mode" pairs, comma-separated.
ALTER TABLE users ADD COLUMN notify TEXT NOT NULL DEFAULT '';
-- Notices waiting for the user's daily digest.
ALTER TABLE notifications ADD COLUMN digest BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX notifications_digest ON notifications(digest, user_id);

-- +goose Down
DROP INDEX notifications_digest;
ALTER TABLE notifications DROP COLUMN digest;
ALTER TABLE users DROP COLUMN notify;
