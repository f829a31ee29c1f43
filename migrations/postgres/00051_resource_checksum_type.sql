-- +goose Up
-- udata's checksum of a resource, {type, value}: the SHA-1 of a file socle
-- stores (the checksum column keeps socle's SHA-256 of it), or what the
-- client says of a file it does not. Files stored before give their SHA-256.
ALTER TABLE resources ADD COLUMN checksum_type TEXT NOT NULL DEFAULT '';
ALTER TABLE resources ADD COLUMN checksum_value TEXT NOT NULL DEFAULT '';
UPDATE resources SET checksum_type = 'sha256', checksum_value = checksum WHERE checksum <> '';

-- +goose Down
ALTER TABLE resources DROP COLUMN checksum_value;
ALTER TABLE resources DROP COLUMN checksum_type;
