-- +goose Up
-- Full-text rows are keyed by their table's rowid: the keyed column of an
-- FTS5 table is not indexed, so deleting by it scanned the whole index.
DROP TABLE organizations_fts;
CREATE VIRTUAL TABLE organizations_fts USING fts5(body, tokenize = 'unicode61');
INSERT INTO organizations_fts (rowid, body) SELECT rowid, search_text FROM organizations WHERE deleted_at IS NULL;
DROP TABLE datasets_fts;
CREATE VIRTUAL TABLE datasets_fts USING fts5(body, tokenize = 'unicode61');
INSERT INTO datasets_fts (rowid, body) SELECT rowid, search_text FROM datasets WHERE deleted_at IS NULL;

-- +goose Down
DROP TABLE datasets_fts;
CREATE VIRTUAL TABLE datasets_fts USING fts5(dataset_id UNINDEXED, body, tokenize = 'unicode61');
INSERT INTO datasets_fts (dataset_id, body) SELECT id, search_text FROM datasets WHERE deleted_at IS NULL;
DROP TABLE organizations_fts;
CREATE VIRTUAL TABLE organizations_fts USING fts5(org_id UNINDEXED, body, tokenize = 'unicode61');
INSERT INTO organizations_fts (org_id, body) SELECT id, search_text FROM organizations WHERE deleted_at IS NULL;
