-- +goose Up
-- An organization's and a dataset's objects count their followers whose
-- account is live; closing or reopening an account changes that count
-- without touching the followers table, so it raises the versions of what
-- the account follows (migrations 00056 and 00057 raise them for its
-- memberships and its datasets).
-- +goose StatementBegin
CREATE TRIGGER users_followed_version AFTER UPDATE OF active, deleted_at ON users
WHEN OLD.active IS NOT NEW.active OR OLD.deleted_at IS NOT NEW.deleted_at
BEGIN
    UPDATE organizations SET version = version + 1
        WHERE id IN (SELECT org_id FROM followers WHERE user_id = NEW.id AND org_id IS NOT NULL);
    UPDATE datasets SET version = version + 1
        WHERE id IN (SELECT dataset_id FROM followers WHERE user_id = NEW.id AND dataset_id IS NOT NULL);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER users_followed_version;
