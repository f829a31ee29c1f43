-- +goose Up
CREATE TABLE resources (
    id          TEXT PRIMARY KEY,
    dataset_id  TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    filetype    TEXT NOT NULL,
    type        TEXT NOT NULL,
    format      TEXT NOT NULL DEFAULT '',
    url         TEXT NOT NULL DEFAULT '',
    mime        TEXT NOT NULL DEFAULT '',
    filesize    BIGINT NOT NULL DEFAULT 0,
    checksum    TEXT NOT NULL DEFAULT '',
    storage_key TEXT NOT NULL DEFAULT '',
    report      TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX resources_dataset ON resources(dataset_id, position);

-- Earlier files of uploaded resources, newest first when listed.
CREATE TABLE resource_versions (
    id          TEXT PRIMARY KEY,
    resource_id TEXT NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
    storage_key TEXT NOT NULL,
    filename    TEXT NOT NULL DEFAULT '',
    mime        TEXT NOT NULL DEFAULT '',
    filesize    BIGINT NOT NULL,
    checksum    TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX resource_versions_resource ON resource_versions(resource_id, created_at);

-- +goose Down
DROP TABLE resource_versions;
DROP TABLE resources;
