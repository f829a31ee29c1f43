-- +goose Up
CREATE TABLE organizations (
    id              TEXT PRIMARY KEY,
    slug            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    name_key        TEXT NOT NULL,
    acronym         TEXT NOT NULL DEFAULT '',
    description     TEXT NOT NULL,
    url             TEXT NOT NULL DEFAULT '',
    business_number TEXT NOT NULL DEFAULT '',
    siren           TEXT NOT NULL DEFAULT '',
    badges          TEXT NOT NULL DEFAULT '',
    search_text     TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    deleted_at      TIMESTAMP
);
CREATE INDEX organizations_name_key ON organizations(name_key);
CREATE INDEX organizations_siren ON organizations(siren);
CREATE INDEX organizations_created ON organizations(created_at);

-- Full-text index of organizations.search_text (folded name, acronym,
-- SIREN), kept in step by the store.
CREATE VIRTUAL TABLE organizations_fts USING fts5(org_id UNINDEXED, body, tokenize = 'unicode61');

CREATE TABLE org_members (
    org_id   TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    user_id  TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role     TEXT NOT NULL,
    function TEXT NOT NULL DEFAULT '',
    since    TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, user_id)
);
CREATE INDEX org_members_user ON org_members(user_id);

CREATE TABLE membership_requests (
    id              TEXT PRIMARY KEY,
    org_id          TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    user_id         TEXT REFERENCES users(id) ON DELETE CASCADE,
    email           TEXT NOT NULL DEFAULT '',
    kind            TEXT NOT NULL,
    status          TEXT NOT NULL,
    role            TEXT NOT NULL,
    comment         TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    handled_at      TIMESTAMP,
    handled_by      TEXT,
    refusal_comment TEXT NOT NULL DEFAULT '',
    expires_at      TIMESTAMP,
    escalated       BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX membership_requests_org ON membership_requests(org_id, status);
-- At most one pending request per user and organization.
CREATE UNIQUE INDEX membership_requests_one_pending ON membership_requests(org_id, user_id)
    WHERE status = 'pending' AND kind = 'request';

CREATE TABLE notifications (
    id            TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    org_id        TEXT NOT NULL DEFAULT '',
    other_user_id TEXT NOT NULL DEFAULT '',
    request_kind  TEXT NOT NULL DEFAULT '',
    badge         TEXT NOT NULL DEFAULT '',
    comment       TEXT NOT NULL DEFAULT '',
    created_at    TIMESTAMP NOT NULL,
    read_at       TIMESTAMP
);
CREATE INDEX notifications_user ON notifications(user_id, created_at);

CREATE TABLE org_events (
    id       INTEGER PRIMARY KEY,
    org_id   TEXT NOT NULL,
    at       TIMESTAMP NOT NULL,
    kind     TEXT NOT NULL,
    actor_id TEXT NOT NULL DEFAULT '',
    user_id  TEXT NOT NULL DEFAULT '',
    detail   TEXT NOT NULL DEFAULT '',
    support  BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX org_events_org ON org_events(org_id, id);

-- +goose Down
DROP TABLE org_events;
DROP TABLE notifications;
DROP TABLE membership_requests;
DROP TABLE org_members;
DROP TABLE organizations_fts;
DROP TABLE organizations;
