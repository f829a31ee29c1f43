-- +goose Up
-- Lists of public datasets, newest first, walk this index instead of
-- sorting the table; counting them reads only the index.
CREATE INDEX datasets_public ON datasets(created_at, id) WHERE deleted_at IS NULL AND NOT private AND NOT draft;
-- An organization's datasets, newest first, in the same order.
DROP INDEX datasets_org;
CREATE INDEX datasets_org ON datasets(org_id, created_at, id);

-- +goose Down
DROP INDEX datasets_org;
CREATE INDEX datasets_org ON datasets(org_id, created_at);
DROP INDEX datasets_public;
