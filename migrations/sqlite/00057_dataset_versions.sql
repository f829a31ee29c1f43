-- +goose Up
-- Each dataset's version, raised in the transaction of every change to what
-- its public object shows: its own row, its resources, its followers, the
-- names and avatar of the user who owns it. (Its organization's part has the
-- organization's version, migration 00056.) Each instance keeps the objects
-- of public datasets in memory by version and reads the version with the
-- dataset's id, so that a change committed on any instance is seen by the
-- next read on every one.
ALTER TABLE datasets ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- An update that leaves the version alone raises it; the raise itself
-- (version changed) does not fire again.
-- +goose StatementBegin
CREATE TRIGGER datasets_version AFTER UPDATE ON datasets
WHEN NEW.version = OLD.version
BEGIN
    UPDATE datasets SET version = version + 1 WHERE id = NEW.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER resources_version_insert AFTER INSERT ON resources
BEGIN
    UPDATE datasets SET version = version + 1 WHERE id = NEW.dataset_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER resources_version_delete AFTER DELETE ON resources
BEGIN
    UPDATE datasets SET version = version + 1 WHERE id = OLD.dataset_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER resources_version_update AFTER UPDATE ON resources
BEGIN
    UPDATE datasets SET version = version + 1 WHERE id IN (OLD.dataset_id, NEW.dataset_id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER followers_dataset_version_insert AFTER INSERT ON followers
WHEN NEW.dataset_id IS NOT NULL
BEGIN
    UPDATE datasets SET version = version + 1 WHERE id = NEW.dataset_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER followers_dataset_version_delete AFTER DELETE ON followers
WHEN OLD.dataset_id IS NOT NULL
BEGIN
    UPDATE datasets SET version = version + 1 WHERE id = OLD.dataset_id;
END;
-- +goose StatementEnd

-- What a dataset's object shows of the user who owns it.
-- +goose StatementBegin
CREATE TRIGGER users_dataset_version AFTER UPDATE OF slug, email, first_name, last_name, avatar, active, deleted_at ON users
WHEN OLD.slug IS NOT NEW.slug OR OLD.email IS NOT NEW.email OR OLD.first_name IS NOT NEW.first_name
    OR OLD.last_name IS NOT NEW.last_name OR OLD.avatar IS NOT NEW.avatar OR OLD.active IS NOT NEW.active
    OR OLD.deleted_at IS NOT NEW.deleted_at
BEGIN
    UPDATE datasets SET version = version + 1 WHERE owner_id = NEW.id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER users_dataset_version;
DROP TRIGGER followers_dataset_version_delete;
DROP TRIGGER followers_dataset_version_insert;
DROP TRIGGER resources_version_update;
DROP TRIGGER resources_version_delete;
DROP TRIGGER resources_version_insert;
DROP TRIGGER datasets_version;
ALTER TABLE datasets DROP COLUMN version;
