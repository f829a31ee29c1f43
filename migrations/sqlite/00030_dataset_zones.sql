-- +goose Up
-- The zones a dataset covers, each with the zones that contain it (a
-- commune's department and region), one row each: a search for a
-- department's datasets finds its communes' by one index lookup instead of
-- a pattern over every dataset's zone list. The catalog writes the rows with
-- the dataset; the rows of the datasets written before are made here from
-- their own zones, and the containing zones are added by the catalog when
-- socle starts (catalog.Service.IndexZones).
CREATE TABLE dataset_zones (
    zone       TEXT NOT NULL,
    dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
    PRIMARY KEY (zone, dataset_id)
);
CREATE INDEX dataset_zones_dataset ON dataset_zones(dataset_id);
WITH RECURSIVE split(id, rest, zone) AS (
    SELECT id, zones || ' ', '' FROM datasets WHERE zones <> ''
    UNION ALL
    SELECT id, substr(rest, instr(rest, ' ') + 1), substr(rest, 1, instr(rest, ' ') - 1) FROM split WHERE rest <> ''
)
INSERT OR IGNORE INTO dataset_zones (zone, dataset_id) SELECT zone, id FROM split WHERE zone <> '';

-- +goose Down
DROP TABLE dataset_zones;
