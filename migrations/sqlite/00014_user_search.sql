-- +goose Up
-- Folded words of the users' names, for the user search, in a full-text
-- table keyed by the users' rowids (as organizations and datasets). The
-- slug is the folded name at sign-up: the store refreshes the text from
-- the names at every later write.
ALTER TABLE users ADD COLUMN search_text TEXT NOT NULL DEFAULT '';
UPDATE users SET search_text = replace(slug, '-', ' ') WHERE deleted_at IS NULL;
CREATE VIRTUAL TABLE users_fts USING fts5(body, tokenize = 'unicode61');
INSERT INTO users_fts (rowid, body) SELECT rowid, search_text FROM users WHERE deleted_at IS NULL;

-- +goose Down
DROP TABLE users_fts;
ALTER TABLE users DROP COLUMN search_text;
