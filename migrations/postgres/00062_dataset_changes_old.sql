-- +goose Up
-- The change log keeps what the index held of a dataset before each change:
-- its words, organization and owner. An instance catching up then takes the
-- dataset out of those sets only, instead of looking through every word's
-- set (6 ms under the index's write lock at a million datasets, for each
-- change).
ALTER TABLE dataset_changes ADD COLUMN old_search_text TEXT; -- NULL: not known (an insert, or logged before)
ALTER TABLE dataset_changes ADD COLUMN old_org_id TEXT;
ALTER TABLE dataset_changes ADD COLUMN old_owner_id TEXT;

-- +goose StatementBegin
CREATE OR REPLACE FUNCTION datasets_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v BIGINT;
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.search_text IS NOT DISTINCT FROM NEW.search_text
        AND OLD.private IS NOT DISTINCT FROM NEW.private AND OLD.draft IS NOT DISTINCT FROM NEW.draft
        AND OLD.deleted_at IS NOT DISTINCT FROM NEW.deleted_at AND OLD.org_id IS NOT DISTINCT FROM NEW.org_id
        AND OLD.owner_id IS NOT DISTINCT FROM NEW.owner_id AND OLD.created_at IS NOT DISTINCT FROM NEW.created_at THEN
        RETURN NULL;
    END IF;
    UPDATE search_versions SET version = version + 1 WHERE name = 'datasets' RETURNING version INTO v;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO dataset_changes (seq, dataset_id) VALUES (v, NEW.id);
    ELSE
        INSERT INTO dataset_changes (seq, dataset_id, created_at, old_search_text, old_org_id, old_owner_id)
            VALUES (v, OLD.id, OLD.created_at, coalesce(OLD.search_text, ''), OLD.org_id, OLD.owner_id);
    END IF;
    DELETE FROM dataset_changes WHERE seq <= v - 100000;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION datasets_change() RETURNS trigger LANGUAGE plpgsql AS $$
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
ALTER TABLE dataset_changes DROP COLUMN old_owner_id;
ALTER TABLE dataset_changes DROP COLUMN old_org_id;
ALTER TABLE dataset_changes DROP COLUMN old_search_text;
