-- +goose Up
-- The log of changes to the datasets' searchable and visibility columns,
-- filled by triggers in the transaction of each change: every instance
-- keeps an in-memory search index of the datasets and brings it up to date
-- by reading the datasets changed since the last sequence it applied
-- (a million rows are not rebuilt per write). The sequence is the
-- 'datasets' search version; writes are serialized on SQLite, so the log's
-- order is the commit order. Only the last 100,000 changes are kept: an
-- instance further behind rebuilds its index.
CREATE TABLE dataset_changes (
    seq        INTEGER PRIMARY KEY,
    dataset_id TEXT NOT NULL,
    created_at TIMESTAMP -- the row's creation date before the change (NULL for an insert): its place in the index
);
INSERT INTO search_versions (name, version) VALUES ('datasets', 1);

-- +goose StatementBegin
CREATE TRIGGER datasets_change_insert AFTER INSERT ON datasets
BEGIN
    UPDATE search_versions SET version = version + 1 WHERE name = 'datasets';
    INSERT INTO dataset_changes (seq, dataset_id, created_at)
        SELECT version, NEW.id, NULL FROM search_versions WHERE name = 'datasets';
    DELETE FROM dataset_changes WHERE seq <= (SELECT version FROM search_versions WHERE name = 'datasets') - 100000;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER datasets_change_delete AFTER DELETE ON datasets
BEGIN
    UPDATE search_versions SET version = version + 1 WHERE name = 'datasets';
    INSERT INTO dataset_changes (seq, dataset_id, created_at)
        SELECT version, OLD.id, OLD.created_at FROM search_versions WHERE name = 'datasets';
    DELETE FROM dataset_changes WHERE seq <= (SELECT version FROM search_versions WHERE name = 'datasets') - 100000;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER datasets_change_update
AFTER UPDATE OF search_text, private, draft, deleted_at, org_id, owner_id, created_at ON datasets
WHEN OLD.search_text IS NOT NEW.search_text OR OLD.private IS NOT NEW.private OR OLD.draft IS NOT NEW.draft
    OR OLD.deleted_at IS NOT NEW.deleted_at OR OLD.org_id IS NOT NEW.org_id OR OLD.owner_id IS NOT NEW.owner_id
    OR OLD.created_at IS NOT NEW.created_at
BEGIN
    UPDATE search_versions SET version = version + 1 WHERE name = 'datasets';
    INSERT INTO dataset_changes (seq, dataset_id, created_at)
        SELECT version, NEW.id, OLD.created_at FROM search_versions WHERE name = 'datasets';
    DELETE FROM dataset_changes WHERE seq <= (SELECT version FROM search_versions WHERE name = 'datasets') - 100000;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER datasets_change_update;
DROP TRIGGER datasets_change_delete;
DROP TRIGGER datasets_change_insert;
DELETE FROM search_versions WHERE name = 'datasets';
DROP TABLE dataset_changes;
