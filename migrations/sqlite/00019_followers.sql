-- +goose Up
-- udata's following: a user follows a dataset or an organization. One row
-- per follower and object (the unique indexes make a second follow a no-op);
-- unfollowing deletes it.
CREATE TABLE followers (
    id         TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    dataset_id TEXT REFERENCES datasets(id) ON DELETE CASCADE,
    org_id     TEXT REFERENCES organizations(id) ON DELETE CASCADE,
    since      TIMESTAMP NOT NULL,
    CHECK ((dataset_id IS NULL) <> (org_id IS NULL))
);
CREATE UNIQUE INDEX followers_dataset ON followers(dataset_id, user_id) WHERE dataset_id IS NOT NULL;
CREATE UNIQUE INDEX followers_org ON followers(org_id, user_id) WHERE org_id IS NOT NULL;
CREATE INDEX followers_user ON followers(user_id);

-- +goose Down
DROP TABLE followers;
