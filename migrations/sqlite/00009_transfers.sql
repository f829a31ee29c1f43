-- +goose Up
-- A dataset changes owner only when the receiving side accepts.
CREATE TABLE transfers (
    id           TEXT PRIMARY KEY,
    dataset_id   TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    from_org     TEXT NOT NULL DEFAULT '',
    from_user    TEXT NOT NULL DEFAULT '',
    to_org       TEXT NOT NULL DEFAULT '',
    to_user      TEXT NOT NULL DEFAULT '',
    requested_by TEXT NOT NULL,
    comment      TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    handled_at   TIMESTAMP,
    handled_by   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX transfers_to ON transfers(to_org, to_user, status);
CREATE UNIQUE INDEX transfers_one_pending ON transfers(dataset_id) WHERE status = 'pending';

-- +goose Down
DROP TABLE transfers;
