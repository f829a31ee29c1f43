-- +goose Up
-- Who sent an invitation, to tell them the answer.
ALTER TABLE membership_requests ADD COLUMN created_by TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE membership_requests DROP COLUMN created_by;
