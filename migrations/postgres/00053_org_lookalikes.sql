-- +goose Up
-- An organization created although it looks like an existing one (the API
-- creates look-alikes as udata does; the page form asks first). Support
-- sees each pair in its queue until it says they differ, or deletes one of
-- them. Look-alikes created before this table are taken from the history.
CREATE TABLE org_lookalikes (
    org_id       TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    like_id      TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
    created_at   TIMESTAMPTZ NOT NULL,
    created_by   TEXT NOT NULL DEFAULT '',
    dismissed_at TIMESTAMPTZ,
    dismissed_by TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (org_id, like_id)
);
CREATE INDEX org_lookalikes_open ON org_lookalikes(created_at) WHERE dismissed_at IS NULL;

INSERT INTO org_lookalikes (org_id, like_id, created_at, created_by)
SELECT e.org_id, split_part(e.detail, ' ', 1), e.at, e.actor_id FROM org_events e
WHERE e.kind = 'org.lookalike' AND position(' ' in e.detail) > 1
    AND e.org_id IN (SELECT id FROM organizations)
    AND split_part(e.detail, ' ', 1) IN (SELECT id FROM organizations)
ON CONFLICT DO NOTHING;

-- +goose Down
DROP TABLE org_lookalikes;
