-- +goose Up
-- Folded words of the users' names, for the user search. The slug is the
-- folded name at sign-up: the store refreshes the text from the names at
-- every later write.
ALTER TABLE users ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE users SET search_text = replace(slug, '-', ' ') WHERE deleted_at IS NULL;
ALTER TABLE users ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;
CREATE INDEX users_search ON users USING GIN (search);

-- +goose Down
DROP INDEX users_search;
ALTER TABLE users DROP COLUMN search;
ALTER TABLE users DROP COLUMN search_text;
