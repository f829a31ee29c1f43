-- +goose Up
-- The log of changes to the datasets' searchable and visibility columns,
-- filled by triggers in the transaction of each change: every instance
-- keeps an in-memory search index of the datasets and brings it up to date
-- by reading the datasets changed since the last sequence it applied
-- (a million rows are not rebuilt per write). The sequence is the
-- 'datasets' search version: its row lock orders the changes as their
-- transactions commit, so the committed sequences are always a prefix
-- (a serial column would let a later number commit first and be skipped).
-- Only the last 100,000 changes are kept: an instance further behind
-- rebuilds its index.
CREATE TABLE dataset_changes (
    seq        BIGINT PRIMARY KEY,
    dataset_id TEXT NOT NULL,
    created_at TIMESTAMPTZ -- the row's creation date before the change (NULL for an insert): its place in the index
);
INSERT INTO search_versions (name, version) VALUES ('datasets', 1);

-- +goose StatementBegin
CREATE FUNCTION datasets_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v BIGINT;
    changed TEXT;
    was TIMESTAMPTZ;
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.search_text IS NOT DISTINCT FROM NEW.search_text
        AND OLD.private IS NOT DISTINCT FROM NEW.private AND OLD.draft IS NOT DISTINCT FROM NEW.draft
        AND OLD.deleted_at IS NOT DISTINCT FROM NEW.deleted_at AND OLD.org_id IS NOT DISTINCT FROM NEW.org_id
        AND OLD.owner_id IS NOT DISTINCT FROM NEW.owner_id AND OLD.created_at IS NOT DISTINCT FROM NEW.created_at THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN
        changed := NEW.id;
    ELSE
        changed := OLD.id;
        was := OLD.created_at;
    END IF;
    UPDATE search_versions SET version = version + 1 WHERE name = 'datasets' RETURNING version INTO v;
    INSERT INTO dataset_changes (seq, dataset_id, created_at) VALUES (v, changed, was);
    DELETE FROM dataset_changes WHERE seq <= v - 100000;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER datasets_change
    AFTER INSERT OR DELETE OR UPDATE OF search_text, private, draft, deleted_at, org_id, owner_id, created_at ON datasets
    FOR EACH ROW EXECUTE FUNCTION datasets_change();

-- +goose Down
DROP TRIGGER datasets_change ON datasets;
DROP FUNCTION datasets_change();
DELETE FROM search_versions WHERE name = 'datasets';
DROP TABLE dataset_changes;
