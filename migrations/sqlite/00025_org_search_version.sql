-- +goose Up
-- The version of the organizations' searchable columns, raised by every
-- change to them in the transaction that makes it: each instance keeps an
-- in-memory search index of the organizations and rebuilds it when the
-- version it was built from is no longer the database's.
CREATE TABLE search_versions (
    name    TEXT PRIMARY KEY,
    version INTEGER NOT NULL
);
INSERT INTO search_versions (name, version) VALUES ('organizations', 1);

-- +goose StatementBegin
CREATE TRIGGER organizations_search_insert AFTER INSERT ON organizations
BEGIN
    UPDATE search_versions SET version = version + 1 WHERE name = 'organizations';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER organizations_search_delete AFTER DELETE ON organizations
BEGIN
    UPDATE search_versions SET version = version + 1 WHERE name = 'organizations';
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER organizations_search_update AFTER UPDATE OF name, name_key, acronym, search_text, deleted_at ON organizations
WHEN OLD.name IS NOT NEW.name OR OLD.name_key IS NOT NEW.name_key OR OLD.acronym IS NOT NEW.acronym
    OR OLD.search_text IS NOT NEW.search_text OR OLD.deleted_at IS NOT NEW.deleted_at
BEGIN
    UPDATE search_versions SET version = version + 1 WHERE name = 'organizations';
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER organizations_search_update;
DROP TRIGGER organizations_search_delete;
DROP TRIGGER organizations_search_insert;
DROP TABLE search_versions;
