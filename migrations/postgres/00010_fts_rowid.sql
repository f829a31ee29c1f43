-- +goose Up
-- SQLite's full-text tables changed keys; PostgreSQL's tsvector columns need nothing.
SELECT 1;

-- +goose Down
SELECT 1;
