-- +goose Up
-- Counts of public datasets (live, not private, not drafts), kept by
-- triggers in the transaction that changes a dataset: the catalog's total
-- and each organization's are read, never recounted per request (a count
-- over a million rows took longer than the page it numbers).
ALTER TABLE organizations ADD COLUMN public_datasets INTEGER NOT NULL DEFAULT 0;
CREATE TABLE catalog_counts (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    public_datasets INTEGER NOT NULL
);
INSERT INTO catalog_counts (id, public_datasets)
    SELECT 1, count(*) FROM datasets WHERE deleted_at IS NULL AND NOT private AND NOT draft;
UPDATE organizations SET public_datasets = (SELECT count(*) FROM datasets d
    WHERE d.org_id = organizations.id AND d.deleted_at IS NULL AND NOT d.private AND NOT d.draft);

-- +goose StatementBegin
CREATE TRIGGER datasets_count_insert AFTER INSERT ON datasets
WHEN NEW.deleted_at IS NULL AND NOT NEW.private AND NOT NEW.draft
BEGIN
    UPDATE catalog_counts SET public_datasets = public_datasets + 1 WHERE id = 1;
    UPDATE organizations SET public_datasets = public_datasets + 1 WHERE id = NEW.org_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER datasets_count_delete AFTER DELETE ON datasets
WHEN OLD.deleted_at IS NULL AND NOT OLD.private AND NOT OLD.draft
BEGIN
    UPDATE catalog_counts SET public_datasets = public_datasets - 1 WHERE id = 1;
    UPDATE organizations SET public_datasets = public_datasets - 1 WHERE id = OLD.org_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER datasets_count_update AFTER UPDATE OF deleted_at, private, draft, org_id ON datasets
WHEN (OLD.deleted_at IS NULL AND NOT OLD.private AND NOT OLD.draft) <> (NEW.deleted_at IS NULL AND NOT NEW.private AND NOT NEW.draft)
    OR OLD.org_id IS NOT NEW.org_id
BEGIN
    UPDATE catalog_counts SET public_datasets = public_datasets
        - (OLD.deleted_at IS NULL AND NOT OLD.private AND NOT OLD.draft)
        + (NEW.deleted_at IS NULL AND NOT NEW.private AND NOT NEW.draft) WHERE id = 1;
    UPDATE organizations SET public_datasets = public_datasets - 1
        WHERE id = OLD.org_id AND OLD.deleted_at IS NULL AND NOT OLD.private AND NOT OLD.draft;
    UPDATE organizations SET public_datasets = public_datasets + 1
        WHERE id = NEW.org_id AND NEW.deleted_at IS NULL AND NOT NEW.private AND NOT NEW.draft;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER datasets_count_update;
DROP TRIGGER datasets_count_delete;
DROP TRIGGER datasets_count_insert;
DROP TABLE catalog_counts;
ALTER TABLE organizations DROP COLUMN public_datasets;
