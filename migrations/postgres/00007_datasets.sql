-- +goose Up
CREATE TABLE datasets (
    id                TEXT PRIMARY KEY,
    slug              TEXT NOT NULL UNIQUE,
    title             TEXT NOT NULL,
    acronym           TEXT NOT NULL DEFAULT '',
    description       TEXT NOT NULL,
    description_short TEXT NOT NULL DEFAULT '',
    tags              TEXT NOT NULL DEFAULT '',
    license           TEXT NOT NULL,
    frequency         TEXT NOT NULL,
    temporal_start    TIMESTAMPTZ,
    temporal_end      TIMESTAMPTZ,
    zones             TEXT NOT NULL DEFAULT '',
    granularity       TEXT NOT NULL DEFAULT 'other',
    private           BOOLEAN NOT NULL DEFAULT FALSE,
    draft             BOOLEAN NOT NULL DEFAULT FALSE,
    org_id            TEXT REFERENCES organizations(id),
    owner_id          TEXT REFERENCES users(id),
    search_text       TEXT NOT NULL DEFAULT '',
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    published_at      TIMESTAMPTZ,
    deleted_at        TIMESTAMPTZ,
    CHECK ((org_id IS NULL) <> (owner_id IS NULL))
);
CREATE INDEX datasets_org ON datasets(org_id, created_at);
CREATE INDEX datasets_owner ON datasets(owner_id, created_at);
CREATE INDEX datasets_created ON datasets(created_at);

ALTER TABLE datasets ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;
CREATE INDEX datasets_search ON datasets USING GIN (search);

-- Datasets a partial editor may edit.
CREATE TABLE dataset_assignments (
    org_id     TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    PRIMARY KEY (org_id, user_id, dataset_id)
);
CREATE INDEX dataset_assignments_dataset ON dataset_assignments(dataset_id, user_id);

-- +goose Down
DROP TABLE dataset_assignments;
DROP TABLE datasets;
