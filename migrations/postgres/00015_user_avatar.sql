-- +goose Up
-- The version of the user's avatar in the file store; '' when none.
ALTER TABLE users ADD COLUMN avatar TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE users DROP COLUMN avatar;
