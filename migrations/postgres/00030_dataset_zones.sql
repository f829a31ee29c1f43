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
INSERT INTO dataset_zones (zone, dataset_id)
    SELECT DISTINCT z, id FROM datasets, unnest(string_to_array(zones, ' ')) AS z WHERE zones <> '' AND z <> ''
    ON CONFLICT DO NOTHING;

-- +goose Down
DROP TABLE dataset_zones;
