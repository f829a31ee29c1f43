-- +goose Up
-- udata's dataset extras (a JSON object, '{}' when none) and spatial.geom
-- (a GeoJSON geometry, '' when none), kept as the client sent them.
ALTER TABLE datasets ADD COLUMN extras TEXT NOT NULL DEFAULT '{}';
ALTER TABLE datasets ADD COLUMN geom TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE datasets DROP COLUMN geom;
ALTER TABLE datasets DROP COLUMN extras;
