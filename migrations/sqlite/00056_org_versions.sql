-- +goose Up
-- Each organization's version, raised in the transaction of every change to
-- what its public object shows: its own row (names, logo, badges, the count
-- of public datasets that triggers keep there), its members and what is
-- shown of them, its followers. Each instance keeps organizations and
-- their objects in memory by version, and reads the version of the rows it
-- serves: a change committed on any instance is seen by the next read on
-- every one. One counter per organization, not one for all: concurrent
-- writes to different organizations do not queue on a shared row.
ALTER TABLE organizations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
-- A page's versions are read by id: the index answers without the rows.
CREATE INDEX organizations_version ON organizations(id, version);

-- An update that leaves the version alone raises it; the raise itself
-- (version changed) does not fire again.
-- +goose StatementBegin
CREATE TRIGGER organizations_version AFTER UPDATE ON organizations
WHEN NEW.version = OLD.version
BEGIN
    UPDATE organizations SET version = version + 1 WHERE id = NEW.id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER org_members_version_insert AFTER INSERT ON org_members
BEGIN
    UPDATE organizations SET version = version + 1 WHERE id = NEW.org_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER org_members_version_delete AFTER DELETE ON org_members
BEGIN
    UPDATE organizations SET version = version + 1 WHERE id = OLD.org_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER org_members_version_update AFTER UPDATE ON org_members
BEGIN
    UPDATE organizations SET version = version + 1 WHERE id IN (OLD.org_id, NEW.org_id);
END;
-- +goose StatementEnd

-- What an organization's object shows of its members.
-- +goose StatementBegin
CREATE TRIGGER users_org_version AFTER UPDATE OF slug, email, first_name, last_name, avatar, active, deleted_at ON users
WHEN OLD.slug IS NOT NEW.slug OR OLD.email IS NOT NEW.email OR OLD.first_name IS NOT NEW.first_name
    OR OLD.last_name IS NOT NEW.last_name OR OLD.avatar IS NOT NEW.avatar OR OLD.active IS NOT NEW.active
    OR OLD.deleted_at IS NOT NEW.deleted_at
BEGIN
    UPDATE organizations SET version = version + 1
        WHERE id IN (SELECT org_id FROM org_members WHERE user_id = NEW.id);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER followers_org_version_insert AFTER INSERT ON followers
WHEN NEW.org_id IS NOT NULL
BEGIN
    UPDATE organizations SET version = version + 1 WHERE id = NEW.org_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER followers_org_version_delete AFTER DELETE ON followers
WHEN OLD.org_id IS NOT NULL
BEGIN
    UPDATE organizations SET version = version + 1 WHERE id = OLD.org_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER followers_org_version_delete;
DROP TRIGGER followers_org_version_insert;
DROP TRIGGER users_org_version;
DROP TRIGGER org_members_version_update;
DROP TRIGGER org_members_version_delete;
DROP TRIGGER org_members_version_insert;
DROP TRIGGER organizations_version;
DROP INDEX organizations_version;
ALTER TABLE organizations DROP COLUMN version;
