-- +goose Up
-- Several transfers of one dataset may wait at once, as in udata: accepting
-- one makes the others stale, which the catalog checks under a lock of the
-- dataset's row. The unique index that forbade a second one goes; a plain
-- one keeps finding a dataset's transfers (and deleting them with it) fast.
DROP INDEX transfers_one_pending;
CREATE INDEX transfers_dataset ON transfers(dataset_id, status);

-- +goose Down
-- Fails if a dataset has several pending transfers: refuse all but one first.
DROP INDEX transfers_dataset;
CREATE UNIQUE INDEX transfers_one_pending ON transfers(dataset_id) WHERE status = 'pending';
