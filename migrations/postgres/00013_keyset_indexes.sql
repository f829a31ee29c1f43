-- +goose Up
-- Lists page by key: each ordering a list offers seeks an index on (its
-- column, id) to the row after the cursor, instead of sorting the table or
-- counting rows from the start. The id ends each index as it ends each
-- ORDER BY, so rows sharing a value keep one order.
-- Public datasets by title and by modification date (newest first, the
-- default, has datasets_public).
CREATE INDEX datasets_public_title ON datasets(title, id) WHERE deleted_at IS NULL AND NOT private AND NOT draft;
CREATE INDEX datasets_public_updated ON datasets(updated_at, id) WHERE deleted_at IS NULL AND NOT private AND NOT draft;
-- A user's datasets, newest first, as datasets_org for an organization's.
DROP INDEX datasets_owner;
CREATE INDEX datasets_owner ON datasets(owner_id, created_at, id);
-- Live organizations by name (the default), creation and modification.
CREATE INDEX organizations_live_name ON organizations(name, id) WHERE deleted_at IS NULL;
CREATE INDEX organizations_live_updated ON organizations(updated_at, id) WHERE deleted_at IS NULL;
DROP INDEX organizations_created;
CREATE INDEX organizations_live_created ON organizations(created_at, id) WHERE deleted_at IS NULL;

-- +goose Down
DROP INDEX organizations_live_created;
CREATE INDEX organizations_created ON organizations(created_at);
DROP INDEX organizations_live_updated;
DROP INDEX organizations_live_name;
DROP INDEX datasets_owner;
CREATE INDEX datasets_owner ON datasets(owner_id, created_at);
DROP INDEX datasets_public_updated;
DROP INDEX datasets_public_title;
