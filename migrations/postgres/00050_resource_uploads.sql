-- +goose Up
-- Chunked uploads (udata's chunk fields): a client's upload, named by the
-- uuid it chose, and the parts received so far, kept in the file store
-- under chunks/ until the whole file is put together or the upload is
-- abandoned (the hourly clean-up). No foreign key to users or datasets: a
-- row outlives them until the clean-up has removed its parts' files.
CREATE TABLE resource_uploads (
    id          TEXT PRIMARY KEY,
    user_id     TEXT NOT NULL,
    uuid        TEXT NOT NULL,
    dataset_id  TEXT NOT NULL,
    total_parts INTEGER NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    UNIQUE (user_id, uuid)
);
CREATE INDEX resource_uploads_updated ON resource_uploads(updated_at);

CREATE TABLE resource_upload_parts (
    upload_id   TEXT NOT NULL REFERENCES resource_uploads(id) ON DELETE CASCADE,
    part        INTEGER NOT NULL,
    storage_key TEXT NOT NULL,
    size        BIGINT NOT NULL,
    PRIMARY KEY (upload_id, part)
);

-- +goose Down
DROP TABLE resource_upload_parts;
DROP TABLE resource_uploads;
