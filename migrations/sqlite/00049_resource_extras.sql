-- +goose Up
-- udata's resource extras: a JSON object, as the client sent it.
ALTER TABLE resources ADD COLUMN extras TEXT NOT NULL DEFAULT '{}';

-- +goose Down
ALTER TABLE resources DROP COLUMN extras;
