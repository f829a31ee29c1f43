-- +goose Up
-- Each organization's version, raised in the transaction of every change to
-- what its public object shows: its own row (names, logo, badges, the count
-- of public datasets that triggers keep there), its members and what is
-- shown of them, its followers. Each instance keeps organizations and
-- their objects in memory by version, and reads the version of the rows it
-- serves: a change committed on any instance is seen by the next read on
-- every one. One counter per organization, not one for all: concurrent
-- writes to different organizations do not queue on a shared row, and the
-- row lock of the organization orders the raises of its own changes.
ALTER TABLE organizations ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
-- A page's versions are read by id: the index answers without the rows.
CREATE INDEX organizations_version ON organizations(id, version);

-- An update that leaves the version alone raises it.
-- +goose StatementBegin
CREATE FUNCTION organizations_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.version = OLD.version THEN
        NEW.version := OLD.version + 1;
    END IF;
    RETURN NEW;
END $$;
-- +goose StatementEnd
CREATE TRIGGER organizations_version BEFORE UPDATE ON organizations
    FOR EACH ROW EXECUTE FUNCTION organizations_version();

-- +goose StatementBegin
CREATE FUNCTION org_members_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE organizations SET version = version + 1 WHERE id = OLD.org_id;
    END IF;
    IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.org_id IS DISTINCT FROM OLD.org_id) THEN
        UPDATE organizations SET version = version + 1 WHERE id = NEW.org_id;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER org_members_version AFTER INSERT OR DELETE OR UPDATE ON org_members
    FOR EACH ROW EXECUTE FUNCTION org_members_version();

-- What an organization's object shows of its members. The organizations
-- are locked in id order first, as LockMemberOrgs does, so that two such
-- raises cannot deadlock.
-- +goose StatementBegin
CREATE FUNCTION users_org_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.slug IS NOT DISTINCT FROM NEW.slug AND OLD.email IS NOT DISTINCT FROM NEW.email
        AND OLD.first_name IS NOT DISTINCT FROM NEW.first_name AND OLD.last_name IS NOT DISTINCT FROM NEW.last_name
        AND OLD.avatar IS NOT DISTINCT FROM NEW.avatar AND OLD.active IS NOT DISTINCT FROM NEW.active
        AND OLD.deleted_at IS NOT DISTINCT FROM NEW.deleted_at THEN
        RETURN NULL;
    END IF;
    PERFORM 1 FROM organizations WHERE id IN (SELECT org_id FROM org_members WHERE user_id = NEW.id)
        ORDER BY id FOR UPDATE;
    UPDATE organizations SET version = version + 1
        WHERE id IN (SELECT org_id FROM org_members WHERE user_id = NEW.id);
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER users_org_version
    AFTER UPDATE OF slug, email, first_name, last_name, avatar, active, deleted_at ON users
    FOR EACH ROW EXECUTE FUNCTION users_org_version();

-- +goose StatementBegin
CREATE FUNCTION followers_org_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.org_id IS NOT NULL THEN
        UPDATE organizations SET version = version + 1 WHERE id = NEW.org_id;
    ELSIF TG_OP = 'DELETE' AND OLD.org_id IS NOT NULL THEN
        UPDATE organizations SET version = version + 1 WHERE id = OLD.org_id;
    END IF;
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER followers_org_version AFTER INSERT OR DELETE ON followers
    FOR EACH ROW EXECUTE FUNCTION followers_org_version();

-- +goose Down
DROP TRIGGER followers_org_version ON followers;
DROP FUNCTION followers_org_version();
DROP TRIGGER users_org_version ON users;
DROP FUNCTION users_org_version();
DROP TRIGGER org_members_version ON org_members;
DROP FUNCTION org_members_version();
DROP TRIGGER organizations_version ON organizations;
DROP FUNCTION organizations_version();
DROP INDEX organizations_version;
ALTER TABLE organizations DROP COLUMN version;
