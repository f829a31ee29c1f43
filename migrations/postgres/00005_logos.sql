-- +goose Up
ALTER TABLE organizations ADD COLUMN logo TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE organizations DROP COLUMN logo;
