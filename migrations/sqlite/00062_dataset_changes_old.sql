-- +goose Up
-- The change log keeps what the index held of a dataset before each change:
-- its words, organization and owner. An instance catching up then takes the
-- dataset out of those sets only, instead of looking through every word's
-- set (6 ms under the index's write lock at a million datasets, for each
-- change).
ALTER TABLE dataset_changes ADD COLUMN old_search_text TEXT; -- NULL: not known (an insert, or logged before)
ALTER TABLE dataset_changes ADD COLUMN old_org_id TEXT;
ALTER TABLE dataset_changes ADD COLUMN old_owner_id TEXT;
DROP TRIGGER datasets_change_update;
DROP TRIGGER datasets_change_delete;

-- +goose StatementBegin
CREATE TRIGGER datasets_change_delete AFTER DELETE ON datasets
BEGIN
    UPDATE search_versions SET version = version + 1 WHERE name = 'datasets';
    INSERT INTO dataset_changes (seq, dataset_id, created_at, old_search_text, old_org_id, old_owner_id)
        SELECT version, OLD.id, OLD.created_at, coalesce(OLD.search_text, ''), OLD.org_id, OLD.owner_id
        FROM search_versions WHERE name = 'datasets';
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
    INSERT INTO dataset_changes (seq, dataset_id, created_at, old_search_text, old_org_id, old_owner_id)
        SELECT version, NEW.id, OLD.created_at, coalesce(OLD.search_text, ''), OLD.org_id, OLD.owner_id
        FROM search_versions WHERE name = 'datasets';
    DELETE FROM dataset_changes WHERE seq <= (SELECT version FROM search_versions WHERE name = 'datasets') - 100000;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER datasets_change_update;
DROP TRIGGER datasets_change_delete;
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
ALTER TABLE dataset_changes DROP COLUMN old_owner_id;
ALTER TABLE dataset_changes DROP COLUMN old_org_id;
ALTER TABLE dataset_changes DROP COLUMN old_search_text;
