package catalog

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/socle-portal/socle/internal/sqldb"
)

const resourceColumns = `id, dataset_id, position, title, description, filetype, type, format, url, mime, filesize,
	checksum, storage_key, report, created_at, updated_at, extras, checksum_type, checksum_value`

func scanResource(row sqldb.Scanner) (Resource, error) {
	var r Resource
	var report string
	err := row.Scan(&r.ID, &r.DatasetID, &r.Position, &r.Title, &r.Description, &r.Filetype, &r.Type, &r.Format,
		&r.URL, &r.Mime, &r.Size, &r.Checksum, &r.StorageKey, &report, sqldb.Time(&r.CreatedAt), sqldb.Time(&r.UpdatedAt),
		&r.Extras, &r.SumType, &r.SumValue)
	if errors.Is(err, sql.ErrNoRows) {
		return r, ErrNotFound
	}
	r.Report = ParseReport(report)
	return r, err
}

func (q Reader) ResourceByID(ctx context.Context, id string) (Resource, error) {
	return scanResource(q.x.QueryRowContext(ctx, `SELECT `+resourceColumns+` FROM resources WHERE id = $1`, id))
}

func (q Reader) Resources(ctx context.Context, datasetID string) ([]Resource, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+resourceColumns+` FROM resources WHERE dataset_id = $1
		ORDER BY position, created_at, id`, datasetID)
	if err != nil {
		return nil, fmt.Errorf("store: resources: %w", err)
	}
	return sqldb.Collect(rows, scanResource)
}

func (q Reader) ResourceCount(ctx context.Context, datasetID string) (int, error) {
	var n int
	err := q.x.QueryRowContext(ctx, `SELECT count(*) FROM resources WHERE dataset_id = $1`, datasetID).Scan(&n)
	return n, err
}

func (q Reader) Versions(ctx context.Context, resourceID string) ([]Version, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT id, resource_id, storage_key, filename, mime, filesize, checksum, created_at
		FROM resource_versions WHERE resource_id = $1 ORDER BY created_at DESC, id`, resourceID)
	if err != nil {
		return nil, err
	}
	return sqldb.Collect(rows, func(r sqldb.Scanner) (Version, error) {
		var v Version
		err := r.Scan(&v.ID, &v.ResourceID, &v.StorageKey, &v.Filename, &v.Mime, &v.Size, &v.Checksum, sqldb.Time(&v.CreatedAt))
		return v, err
	})
}

func resourceArgs(r Resource) []any {
	return []any{r.ID, r.DatasetID, r.Position, r.Title, r.Description, r.Filetype, r.Type, r.Format, r.URL, r.Mime,
		r.Size, r.Checksum, r.StorageKey, reportText(r), sqldb.TS(r.CreatedAt), sqldb.TS(r.UpdatedAt), extrasOrEmpty(r.Extras),
		r.SumType, r.SumValue}
}

func reportText(r Resource) string {
	if r.Report == nil {
		return ""
	}
	return EncodeReport(r.Report)
}

func (tx Tx) CreateResource(ctx context.Context, r Resource) error {
	_, err := tx.x.ExecContext(ctx, `INSERT INTO resources (`+resourceColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`, resourceArgs(r)...)
	if err != nil {
		return fmt.Errorf("store: create resource: %w", err)
	}
	return nil
}

func (tx Tx) UpdateResource(ctx context.Context, r Resource) error {
	_, err := tx.x.ExecContext(ctx, `UPDATE resources SET dataset_id = $2, position = $3, title = $4, description = $5,
		filetype = $6, type = $7, format = $8, url = $9, mime = $10, filesize = $11, checksum = $12, storage_key = $13,
		report = $14, created_at = $15, updated_at = $16, extras = $17, checksum_type = $18, checksum_value = $19
		WHERE id = $1`, resourceArgs(r)...)
	return err
}

func (tx Tx) DeleteResource(ctx context.Context, id string) error {
	_, err := tx.x.ExecContext(ctx, `DELETE FROM resources WHERE id = $1`, id)
	return err
}

func (tx Tx) SetResourcePosition(ctx context.Context, id string, position int) error {
	_, err := tx.x.ExecContext(ctx, `UPDATE resources SET position = $2 WHERE id = $1`, id, position)
	return err
}

func (tx Tx) AddVersion(ctx context.Context, v Version) error {
	_, err := tx.x.ExecContext(ctx, `INSERT INTO resource_versions (id, resource_id, storage_key, filename, mime, filesize,
		checksum, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, v.ID, v.ResourceID, v.StorageKey, v.Filename,
		v.Mime, v.Size, v.Checksum, sqldb.TS(v.CreatedAt))
	return err
}
