-- +goose Up
-- Counts of public datasets (live, not private, not drafts), kept by a
-- trigger in the transaction that changes a dataset: the catalog's total
-- and each organization's are read, never recounted per request (a count
-- over a million rows took longer than the page it numbers).
ALTER TABLE organizations ADD COLUMN public_datasets INTEGER NOT NULL DEFAULT 0;
CREATE TABLE catalog_counts (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    public_datasets INTEGER NOT NULL
);
INSERT INTO catalog_counts (id, public_datasets)
    SELECT 1, count(*) FROM datasets WHERE deleted_at IS NULL AND NOT private AND NOT draft;
UPDATE organizations SET public_datasets = c.n FROM (SELECT org_id, count(*) AS n FROM datasets
    WHERE deleted_at IS NULL AND NOT private AND NOT draft AND org_id IS NOT NULL GROUP BY org_id) c
    WHERE organizations.id = c.org_id;

-- +goose StatementBegin
CREATE FUNCTION datasets_count() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    was BOOLEAN := TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL AND NOT OLD.private AND NOT OLD.draft;
    is_now BOOLEAN := TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL AND NOT NEW.private AND NOT NEW.draft;
BEGIN
    IF was AND (NOT is_now OR OLD.org_id IS DISTINCT FROM NEW.org_id) THEN
        UPDATE organizations SET public_datasets = public_datasets - 1 WHERE id = OLD.org_id;
    END IF;
    IF is_now AND (NOT was OR OLD.org_id IS DISTINCT FROM NEW.org_id) THEN
        UPDATE organizations SET public_datasets = public_datasets + 1 WHERE id = NEW.org_id;
    END IF;
    IF was <> is_now THEN
        UPDATE catalog_counts SET public_datasets = public_datasets + (CASE WHEN is_now THEN 1 ELSE -1 END) WHERE id = 1;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER datasets_count AFTER INSERT OR DELETE OR UPDATE OF deleted_at, private, draft, org_id ON datasets
    FOR EACH ROW EXECUTE FUNCTION datasets_count();

-- +goose Down
DROP TRIGGER datasets_count ON datasets;
DROP FUNCTION datasets_count();
DROP TABLE catalog_counts;
ALTER TABLE organizations DROP COLUMN public_datasets;
