package catalog

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/socle-portal/socle/internal/sqldb"
)

// chunkUpload is a chunked upload in progress: one row of resource_uploads.
type chunkUpload struct {
	ID, UserID, UUID, DatasetID string
	TotalParts                  int
	UpdatedAt                   time.Time
	Assembly                    string    // the last request putting it together; "" when none
	AssemblingSince             time.Time // when that request claimed it
}

// chunkPart is a part received: its place, its file, its size.
type chunkPart struct {
	Part int
	Key  string
	Size int64
}

const uploadColumns = `id, user_id, uuid, dataset_id, total_parts, updated_at`

// uploadRow is what scanUpload reads: the columns and the claim.
const uploadRow = uploadColumns + `, assembly, assembling_since`

func scanUpload(row sqldb.Scanner) (chunkUpload, error) {
	var c chunkUpload
	var assembly sql.NullString
	err := row.Scan(&c.ID, &c.UserID, &c.UUID, &c.DatasetID, &c.TotalParts, sqldb.Time(&c.UpdatedAt), &assembly,
		sqldb.Time(&c.AssemblingSince))
	c.Assembly = assembly.String
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	return c, err
}

// chunkUploadOf is userID's upload named uuid, locked until tx ends.
func (tx Tx) chunkUploadOf(ctx context.Context, userID, uuid string) (chunkUpload, error) {
	q := tx.Reader
	return scanUpload(q.x.QueryRowContext(ctx, `SELECT `+uploadRow+` FROM resource_uploads
		WHERE user_id = $1 AND uuid = $2`+q.x.ForUpdate(), userID, uuid))
}

// chunkUploadByID is the upload id, locked until tx ends.
func (tx Tx) chunkUploadByID(ctx context.Context, id string) (chunkUpload, error) {
	q := tx.Reader
	return scanUpload(q.x.QueryRowContext(ctx, `SELECT `+uploadRow+` FROM resource_uploads
		WHERE id = $1`+q.x.ForUpdate(), id))
}

func (q Reader) chunkParts(ctx context.Context, uploadID string) ([]chunkPart, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT part, storage_key, size FROM resource_upload_parts
		WHERE upload_id = $1 ORDER BY part`, uploadID)
	if err != nil {
		return nil, err
	}
	return sqldb.Collect(rows, func(r sqldb.Scanner) (chunkPart, error) {
		var p chunkPart
		return p, r.Scan(&p.Part, &p.Key, &p.Size)
	})
}

// staleUploads are the uploads untouched since before and not claimed
// since then (the clean-up checks each again as it drops it).
func (q Reader) staleUploads(ctx context.Context, before time.Time) ([]chunkUpload, error) {
	rows, err := q.x.QueryContext(ctx, `SELECT `+uploadRow+` FROM resource_uploads
		WHERE updated_at < $1 AND (assembling_since IS NULL OR assembling_since < $1)
		ORDER BY updated_at LIMIT 1000`, sqldb.TS(before))
	if err != nil {
		return nil, err
	}
	return sqldb.Collect(rows, scanUpload)
}

// startUpload records c unless userID already has an upload of that uuid.
func (tx Tx) startUpload(ctx context.Context, c chunkUpload) error {
	_, err := tx.x.ExecContext(ctx, `INSERT INTO resource_uploads (`+uploadColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, uuid) DO NOTHING`,
		c.ID, c.UserID, c.UUID, c.DatasetID, c.TotalParts, sqldb.TS(c.UpdatedAt))
	return err
}

func (tx Tx) touchUpload(ctx context.Context, id string, at time.Time) error {
	_, err := tx.x.ExecContext(ctx, `UPDATE resource_uploads SET updated_at = $2 WHERE id = $1`, id, sqldb.TS(at))
	return err
}

// claimUpload makes the request named assembly the one putting upload id
// together, unless another already is.
func (tx Tx) claimUpload(ctx context.Context, id, assembly string, at time.Time) (bool, error) {
	return sqldb.Affected(tx.x.ExecContext(ctx, `UPDATE resource_uploads SET assembly = $2, assembling_since = $3
		WHERE id = $1 AND assembly IS NULL`, id, assembly, sqldb.TS(at)))
}

// releaseUpload ends the claim of assembly on upload id, if it still holds
// it, and counts the upload as touched at.
func (tx Tx) releaseUpload(ctx context.Context, id, assembly string, at time.Time) error {
	_, err := tx.x.ExecContext(ctx, `UPDATE resource_uploads SET assembly = NULL, assembling_since = NULL, updated_at = $3
		WHERE id = $1 AND assembly = $2`, id, assembly, sqldb.TS(at))
	return err
}

// dropPart forgets the part of upload uploadID stored under key.
func (tx Tx) dropPart(ctx context.Context, uploadID, key string) error {
	_, err := tx.x.ExecContext(ctx, `DELETE FROM resource_upload_parts WHERE upload_id = $1 AND storage_key = $2`,
		uploadID, key)
	return err
}

// putPart records a part, replacing one of the same place.
func (tx Tx) putPart(ctx context.Context, uploadID string, p chunkPart) error {
	if _, err := tx.x.ExecContext(ctx, `DELETE FROM resource_upload_parts WHERE upload_id = $1 AND part = $2`,
		uploadID, p.Part); err != nil {
		return err
	}
	_, err := tx.x.ExecContext(ctx, `INSERT INTO resource_upload_parts (upload_id, part, storage_key, size)
		VALUES ($1, $2, $3, $4)`, uploadID, p.Part, p.Key, p.Size)
	return err
}

// dropUpload forgets an upload and its parts.
func (tx Tx) dropUpload(ctx context.Context, id string) error {
	if _, err := tx.x.ExecContext(ctx, `DELETE FROM resource_upload_parts WHERE upload_id = $1`, id); err != nil {
		return err
	}
	_, err := tx.x.ExecContext(ctx, `DELETE FROM resource_uploads WHERE id = $1`, id)
	return err
}
