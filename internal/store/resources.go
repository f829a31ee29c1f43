package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/socle-portal/socle/internal/catalog"
)

const resourceColumns = `id, dataset_id, position, title, description, filetype, type, format, url, mime, filesize,
	checksum, storage_key, report, created_at, updated_at`

func scanResource(row interface{ Scan(...any) error }) (catalog.Resource, error) {
	var r catalog.Resource
	var report string
	err := row.Scan(&r.ID, &r.DatasetID, &r.Position, &r.Title, &r.Description, &r.Filetype, &r.Type, &r.Format,
		&r.URL, &r.Mime, &r.Size, &r.Checksum, &r.StorageKey, &report, tm(&r.CreatedAt), tm(&r.UpdatedAt))
	if errors.Is(err, sql.ErrNoRows) {
		return r, catalog.ErrNotFound
	}
	r.Report = catalog.ParseReport(report)
	return r, err
}

func (s Catalog) ResourceByID(ctx context.Context, id string) (catalog.Resource, error) {
	return s.read().ResourceByID(ctx, id)
}
func (s Catalog) Resources(ctx context.Context, datasetID string) ([]catalog.Resource, error) {
	return s.read().Resources(ctx, datasetID)
}
func (s Catalog) ResourceCount(ctx context.Context, datasetID string) (int, error) {
	return s.read().ResourceCount(ctx, datasetID)
}
func (s Catalog) Versions(ctx context.Context, resourceID string) ([]catalog.Version, error) {
	return s.read().Versions(ctx, resourceID)
}

func (q q) ResourceByID(ctx context.Context, id string) (catalog.Resource, error) {
	return scanResource(q.x.QueryRowContext(ctx, `SELECT `+resourceColumns+` FROM resources WHERE id = $1`, id))
}

func (q q) Resources(ctx context.Context, datasetID string) ([]catalog.Resource, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+resourceColumns+` FROM resources WHERE dataset_id = $1
		ORDER BY position, created_at, id`, datasetID)
	if err != nil {
		return nil, fmt.Errorf("store: resources: %w", err)
	}
	return collect(rows, scanResource)
}

func (q q) ResourceCount(ctx context.Context, datasetID string) (int, error) {
	var n int
	err := q.x.QueryRowContext(ctx, `SELECT count(*) FROM resources WHERE dataset_id = $1`, datasetID).Scan(&n)
	return n, err
}

func (q q) Versions(ctx context.Context, resourceID string) ([]catalog.Version, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT id, resource_id, storage_key, filename, mime, filesize, checksum, created_at
		FROM resource_versions WHERE resource_id = $1 ORDER BY created_at DESC, id`, resourceID)
	if err != nil {
		return nil, err
	}
	return collect(rows, func(r interface{ Scan(...any) error }) (catalog.Version, error) {
		var v catalog.Version
		err := r.Scan(&v.ID, &v.ResourceID, &v.StorageKey, &v.Filename, &v.Mime, &v.Size, &v.Checksum, tm(&v.CreatedAt))
		return v, err
	})
}

func resourceArgs(r catalog.Resource) []any {
	return []any{r.ID, r.DatasetID, r.Position, r.Title, r.Description, r.Filetype, r.Type, r.Format, r.URL, r.Mime,
		r.Size, r.Checksum, r.StorageKey, reportText(r), ts(r.CreatedAt), ts(r.UpdatedAt)}
}

func reportText(r catalog.Resource) string {
	if r.Report == nil {
		return ""
	}
	return catalog.EncodeReport(r.Report)
}

func (tx *Tx) CreateResource(ctx context.Context, r catalog.Resource) error {
	_, err := tx.x.ExecContext(ctx, `INSERT INTO resources (`+resourceColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`, resourceArgs(r)...)
	if err != nil {
		return fmt.Errorf("store: create resource: %w", err)
	}
	return nil
}

func (tx *Tx) UpdateResource(ctx context.Context, r catalog.Resource) error {
	_, err := tx.x.ExecContext(ctx, `UPDATE resources SET dataset_id = $2, position = $3, title = $4, description = $5,
		filetype = $6, type = $7, format = $8, url = $9, mime = $10, filesize = $11, checksum = $12, storage_key = $13,
		report = $14, created_at = $15, updated_at = $16 WHERE id = $1`, resourceArgs(r)...)
	return err
}

func (tx *Tx) DeleteResource(ctx context.Context, id string) error {
	_, err := tx.x.ExecContext(ctx, `DELETE FROM resources WHERE id = $1`, id)
	return err
}

func (tx *Tx) SetResourcePosition(ctx context.Context, id string, position int) error {
	_, err := tx.x.ExecContext(ctx, `UPDATE resources SET position = $2 WHERE id = $1`, id, position)
	return err
}

func (tx *Tx) AddVersion(ctx context.Context, v catalog.Version) error {
	_, err := tx.x.ExecContext(ctx, `INSERT INTO resource_versions (id, resource_id, storage_key, filename, mime, filesize,
		checksum, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, v.ID, v.ResourceID, v.StorageKey, v.Filename,
		v.Mime, v.Size, v.Checksum, ts(v.CreatedAt))
	return err
}
