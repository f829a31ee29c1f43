-- +goose Up
-- The version of the organizations' searchable columns, raised by every
-- change to them in the transaction that makes it: each instance keeps an
-- in-memory search index of the organizations and rebuilds it when the
-- version it was built from is no longer the database's. The row lock
-- orders the raises as their transactions commit, so an index built after
-- reading version V holds every change up to V.
CREATE TABLE search_versions (
    name    TEXT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO search_versions (name, version) VALUES ('organizations', 1);

-- +goose StatementBegin
CREATE FUNCTION organizations_search_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.name IS NOT DISTINCT FROM NEW.name AND OLD.name_key IS NOT DISTINCT FROM NEW.name_key
        AND OLD.acronym IS NOT DISTINCT FROM NEW.acronym AND OLD.search_text IS NOT DISTINCT FROM NEW.search_text
        AND OLD.deleted_at IS NOT DISTINCT FROM NEW.deleted_at THEN
        RETURN NULL;
    END IF;
    UPDATE search_versions SET version = version + 1 WHERE name = 'organizations';
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER organizations_search_version
    AFTER INSERT OR DELETE OR UPDATE OF name, name_key, acronym, search_text, deleted_at ON organizations
    FOR EACH ROW EXECUTE FUNCTION organizations_search_version();

-- +goose Down
DROP TRIGGER organizations_search_version ON organizations;
DROP FUNCTION organizations_search_version();
DROP TABLE search_versions;
