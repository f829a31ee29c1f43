-- +goose Up
-- An organization's and a dataset's objects count their followers whose
-- account is live; closing or reopening an account changes that count
-- without touching the followers table, so it raises the versions of what
-- the account follows (migrations 00056 and 00057 raise them for its
-- memberships and its datasets). Rows are locked in id order, organizations
-- first, as the other version triggers take them.
-- +goose StatementBegin
CREATE FUNCTION users_followed_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.active IS NOT DISTINCT FROM NEW.active AND OLD.deleted_at IS NOT DISTINCT FROM NEW.deleted_at THEN
        RETURN NULL;
    END IF;
    PERFORM 1 FROM organizations
        WHERE id IN (SELECT org_id FROM followers WHERE user_id = NEW.id AND org_id IS NOT NULL) ORDER BY id FOR UPDATE;
    UPDATE organizations SET version = version + 1
        WHERE id IN (SELECT org_id FROM followers WHERE user_id = NEW.id AND org_id IS NOT NULL);
    PERFORM 1 FROM datasets
        WHERE id IN (SELECT dataset_id FROM followers WHERE user_id = NEW.id AND dataset_id IS NOT NULL) ORDER BY id FOR UPDATE;
    UPDATE datasets SET version = version + 1
        WHERE id IN (SELECT dataset_id FROM followers WHERE user_id = NEW.id AND dataset_id IS NOT NULL);
    RETURN NULL;
END $$;
-- +goose StatementEnd
CREATE TRIGGER users_followed_version
    AFTER UPDATE OF active, deleted_at ON users
    FOR EACH ROW EXECUTE FUNCTION users_followed_version();

-- +goose Down
DROP TRIGGER users_followed_version ON users;
DROP FUNCTION users_followed_version();
