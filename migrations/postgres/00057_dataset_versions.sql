-- +goose Up
-- Each dataset's version, raised in the transaction of every change to what
-- its public object shows: its own row, its resources, its followers, the
-- names and avatar of the user who owns it. (Its organization's part has the
-- organization's version, migration 00056.) Each instance keeps the objects
-- of public datasets in memory by version and reads the version with the
-- dataset's id, so that a change committed on any instance is seen by the
-- next read on every one. The dataset's row lock orders the raises.
ALTER TABLE datasets ADD COLUMN version BIGINT NOT NULL DEFAULT 1;

-- An update that leaves the version alone raises it.
-- +goose StatementBegin
CREATE FUNCTION datasets_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.version = OLD.version THEN
        NEW.version := OLD.version + 1;
    END IF;
    RETURN NEW;
END $$;
-- +goose StatementEnd
CREATE TRIGGER datasets_version BEFORE UPDATE ON datasets
    FOR EACH ROW EXECUTE FUNCTION datasets_version();

-- +goose StatementBegin
CREATE FUNCTION resources_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE datasets SET version = version + 1 WHERE id = OLD.dataset_id;
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.dataset_id IS DISTINCT FROM OLD.dataset_id) THEN
        UPDATE datasets SET version = version + 1 WHERE id = NEW.dataset_id;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER resources_version AFTER INSERT OR DELETE OR UPDATE ON resources
    FOR EACH ROW EXECUTE FUNCTION resources_version();

-- +goose StatementBegin
CREATE FUNCTION followers_dataset_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.dataset_id IS NOT NULL THEN
        UPDATE datasets SET version = version + 1 WHERE id = NEW.dataset_id;
    ELSIF TG_OP = 'DELETE' AND OLD.dataset_id IS NOT NULL THEN
        UPDATE datasets SET version = version + 1 WHERE id = OLD.dataset_id;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER followers_dataset_version AFTER INSERT OR DELETE ON followers
    FOR EACH ROW EXECUTE FUNCTION followers_dataset_version();

-- What a dataset's object shows of the user who owns it; the datasets are
-- locked in id order first, so that two such raises cannot deadlock.
-- +goose StatementBegin
CREATE FUNCTION users_dataset_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.slug IS NOT DISTINCT FROM NEW.slug AND OLD.email IS NOT DISTINCT FROM NEW.email
        AND OLD.first_name IS NOT DISTINCT FROM NEW.first_name AND OLD.last_name IS NOT DISTINCT FROM NEW.last_name
        AND OLD.avatar IS NOT DISTINCT FROM NEW.avatar AND OLD.active IS NOT DISTINCT FROM NEW.active
        AND OLD.deleted_at IS NOT DISTINCT FROM NEW.deleted_at THEN
        RETURN NULL;
    END IF;
    PERFORM 1 FROM datasets WHERE owner_id = NEW.id ORDER BY id FOR UPDATE;
    UPDATE datasets SET version = version + 1 WHERE owner_id = NEW.id;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER users_dataset_version
    AFTER UPDATE OF slug, email, first_name, last_name, avatar, active, deleted_at ON users
    FOR EACH ROW EXECUTE FUNCTION users_dataset_version();

-- +goose Down
DROP TRIGGER users_dataset_version ON users;
DROP FUNCTION users_dataset_version();
DROP TRIGGER followers_dataset_version ON followers;
DROP FUNCTION followers_dataset_version();
DROP TRIGGER resources_version ON resources;
DROP FUNCTION resources_version();
DROP TRIGGER datasets_version ON datasets;
DROP FUNCTION datasets_version();
ALTER TABLE datasets DROP COLUMN version;
