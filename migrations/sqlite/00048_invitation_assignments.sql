-- +goose Up
-- The datasets a partial editor invitation assigns once accepted (udata's
-- assignments on invitations): space-separated dataset ids, '' for none.
ALTER TABLE membership_requests ADD COLUMN assignments TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE membership_requests DROP COLUMN assignments;
