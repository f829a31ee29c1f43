package catalog

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/files"
	"github.com/socle-portal/socle/internal/validate"
)

// A chunked upload (udata's, for large files) sends a file in parts, one a
// request, then a last request without a file that puts them together. The
// parts wait in the file store under chunks/, so that any instance may take
// the next one, and are read back in order into the resource's file, one
// at a time: the file is never held whole in memory.

// Chunk is one part of a chunked upload, with udata's fields.
type Chunk struct {
	UUID       string // the client's name for the upload
	Index      int    // partindex, from 0
	TotalParts int    // totalparts
	Size       int64  // chunksize: this part's size, checked
	Body       io.Reader
}

// Chunked is a chunked upload whose parts were all sent.
type Chunked struct {
	UUID       string
	Filename   string
	TotalParts int
	TotalSize  int64 // totalfilesize, checked; -1 when not given
}

// MaxParts bounds the parts of one upload.
const MaxParts = 10_000

// DefaultUploadRetention is how long the parts of an upload left
// unfinished are kept: udata's UPLOAD_MAX_RETENTION.
const DefaultUploadRetention = 24 * time.Hour

func checkUUID(v *validate.Errors, uuid string) {
	if v.Required("uuid", uuid, 100); !v.Has("uuid") && !validate.Text(uuid) {
		v.Add("uuid", "text.invalid")
	}
}

func (c Chunk) validate(maxUpload int64) error {
	var v validate.Errors
	checkUUID(&v, c.UUID)
	if c.TotalParts < 2 || c.TotalParts > MaxParts {
		v.Add("totalparts", "upload.parts")
	}
	if c.Index < 0 || c.Index >= c.TotalParts {
		v.Add("partindex", "upload.part_index")
	}
	if c.Size <= 0 || c.Size > maxUpload {
		v.Add("chunksize", "upload.chunk_size")
	}
	return v.Err()
}

// PutChunk keeps a part of a file u uploads to a dataset they may edit. A
// part whose size is not the announced one is refused and not kept; a part
// sent again replaces the first.
func (s *Service) PutChunk(ctx context.Context, u account.User, datasetID string, c Chunk) error {
	if s.blobs == nil {
		return errors.New("catalog: no file store")
	}
	if err := c.validate(s.maxUpload); err != nil {
		return err
	}
	d, err := s.store.DatasetByID(ctx, datasetID)
	if err == nil {
		err = s.checkEdit(ctx, u, d) // before taking the part
	}
	if err != nil {
		return err
	}
	// The upload is recorded before its part is stored, so that the
	// clean-up finds the part even if this request dies half-way.
	up, err := s.startUpload(ctx, u, datasetID, c)
	if err != nil {
		return err
	}
	key := "chunks/" + up.ID + "/" + account.NewUUID()
	st, err := s.blobs.PutStream(ctx, key, c.Body, c.Size)
	if err == nil && st.Size != c.Size {
		s.blobs.Remove(ctx, key)
		err = files.ErrTooLarge
	}
	if errors.Is(err, files.ErrTooLarge) {
		s.dropIfEmpty(ctx, up.ID)
		return validate.Field("chunksize", "upload.chunk_size")
	}
	if err != nil {
		return err
	}
	old, err := s.addPart(ctx, u, c, chunkPart{Part: c.Index, Key: key, Size: st.Size})
	if err != nil {
		s.blobs.Remove(ctx, key)
		return err
	}
	if old != "" {
		s.blobs.Remove(ctx, old)
	}
	return nil
}

// startUpload finds or records u's upload of c.UUID to datasetID.
func (s *Service) startUpload(ctx context.Context, u account.User, datasetID string, c Chunk) (chunkUpload, error) {
	up := chunkUpload{ID: account.NewUUID(), UserID: u.ID, UUID: c.UUID, DatasetID: datasetID,
		TotalParts: c.TotalParts, UpdatedAt: s.now()}
	err := s.store.InTx(ctx, func(tx Tx) error {
		if err := tx.startUpload(ctx, up); err != nil {
			return err
		}
		cur, err := tx.chunkUploadOf(ctx, u.ID, c.UUID)
		if err != nil {
			return err
		}
		if cur.DatasetID != datasetID || cur.TotalParts != c.TotalParts {
			return validate.Field("uuid", "upload.mismatch")
		}
		up = cur
		return tx.touchUpload(ctx, up.ID, s.now())
	})
	return up, err
}

// addPart records a stored part; the whole upload stays within the size
// limit. It returns the file of the part it replaces, if any.
func (s *Service) addPart(ctx context.Context, u account.User, c Chunk, p chunkPart) (old string, err error) {
	err = s.store.InTx(ctx, func(tx Tx) error {
		up, err := tx.chunkUploadOf(ctx, u.ID, c.UUID)
		if err != nil {
			return validate.Field("uuid", "upload.unknown") // cleaned up meanwhile
		}
		parts, err := tx.chunkParts(ctx, up.ID)
		if err != nil {
			return err
		}
		total := p.Size
		for _, x := range parts {
			if x.Part == p.Part {
				old = x.Key
			} else {
				total += x.Size
			}
		}
		if total > s.maxUpload {
			return validate.Field("file", "file.too_big")
		}
		if err := tx.putPart(ctx, up.ID, p); err != nil {
			return err
		}
		return tx.touchUpload(ctx, up.ID, s.now())
	})
	return old, err
}

// dropIfEmpty forgets an upload that has no part yet.
func (s *Service) dropIfEmpty(ctx context.Context, id string) {
	s.store.InTx(ctx, func(tx Tx) error {
		parts, err := tx.chunkParts(ctx, id)
		if err != nil || len(parts) > 0 {
			return err
		}
		return tx.dropUpload(ctx, id)
	})
}

// UploadChunked adds a resource made of a chunked upload's parts, put
// together in order, as UploadResource does with a file. The parts are
// dropped once the file is stored, and kept when it is refused, so that
// the client may try again (udata).
func (s *Service) UploadChunked(ctx context.Context, u account.User, datasetID string, in ResourceInput, c Chunked) (Resource, error) {
	up, body, err := s.assemble(ctx, u, datasetID, c)
	if err != nil {
		return Resource{}, err
	}
	defer body.Close()
	r, err := s.UploadResource(ctx, u, datasetID, in, Upload{Filename: c.Filename, Body: body})
	if err == nil {
		s.dropChunks(ctx, up)
	}
	return r, err
}

// ReplaceChunked gives a resource the file of a chunked upload, as
// ReplaceFile does.
func (s *Service) ReplaceChunked(ctx context.Context, u account.User, datasetID, resourceID string, c Chunked, rename bool) (Resource, error) {
	up, body, err := s.assemble(ctx, u, datasetID, c)
	if err != nil {
		return Resource{}, err
	}
	defer body.Close()
	r, err := s.ReplaceFile(ctx, u, datasetID, resourceID, Upload{Filename: c.Filename, Body: body, Rename: rename})
	if err == nil {
		s.dropChunks(ctx, up)
	}
	return r, err
}

// assemble checks that every part of u's upload c was received, and in
// the announced total size, and reads them in order.
func (s *Service) assemble(ctx context.Context, u account.User, datasetID string, c Chunked) (chunkUpload, *partsReader, error) {
	var v validate.Errors
	checkUUID(&v, c.UUID)
	v.Required("filename", c.Filename, 255)
	if err := v.Err(); err != nil {
		return chunkUpload{}, nil, err
	}
	if s.blobs == nil {
		return chunkUpload{}, nil, errors.New("catalog: no file store")
	}
	var up chunkUpload
	var parts []chunkPart
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if up, err = tx.chunkUploadOf(ctx, u.ID, c.UUID); err != nil || up.DatasetID != datasetID {
			return validate.Field("uuid", "upload.unknown")
		}
		if parts, err = tx.chunkParts(ctx, up.ID); err != nil {
			return err
		}
		return checkParts(up, parts, c)
	})
	if err != nil {
		return up, nil, err
	}
	keys := make([]string, len(parts))
	for i, p := range parts {
		keys[i] = p.Key
	}
	return up, &partsReader{ctx: ctx, blobs: s.blobs, keys: keys}, nil
}

func checkParts(up chunkUpload, parts []chunkPart, c Chunked) error {
	if c.TotalParts != up.TotalParts || len(parts) != up.TotalParts {
		return validate.Field("totalparts", "upload.incomplete")
	}
	var size int64
	for _, p := range parts {
		size += p.Size
	}
	if c.TotalSize >= 0 && c.TotalSize != size {
		return validate.Field("totalfilesize", "upload.size_mismatch")
	}
	return nil
}

// dropChunks forgets an upload and removes its parts' files.
func (s *Service) dropChunks(ctx context.Context, up chunkUpload) error {
	var parts []chunkPart
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if parts, err = tx.chunkParts(ctx, up.ID); err != nil {
			return err
		}
		return tx.dropUpload(ctx, up.ID)
	})
	if err != nil {
		return err
	}
	// every part is tried: the rows are gone, so a file skipped here would
	// never be found again
	var errs []error
	for _, p := range parts {
		errs = append(errs, s.blobs.Remove(ctx, p.Key))
	}
	return errors.Join(errs...)
}

// PurgeUploads removes the uploads left unfinished for longer than
// retention, and their parts; it returns how many.
func (s *Service) PurgeUploads(ctx context.Context, retention time.Duration) (int, error) {
	if s.blobs == nil {
		return 0, nil
	}
	stale, err := s.store.staleUploads(ctx, s.now().Add(-retention))
	if err != nil {
		return 0, err
	}
	for i, up := range stale {
		if err := s.dropChunks(ctx, up); err != nil {
			return i, err
		}
	}
	return len(stale), nil
}

// partsReader reads the files of keys one after the other.
type partsReader struct {
	ctx   context.Context
	blobs Blobs
	keys  []string
	cur   files.Object
}

func (p *partsReader) Read(b []byte) (int, error) {
	for {
		if p.cur == nil {
			if len(p.keys) == 0 {
				return 0, io.EOF
			}
			o, err := p.blobs.Open(p.ctx, p.keys[0])
			if err != nil {
				return 0, err
			}
			p.cur, p.keys = o, p.keys[1:]
		}
		n, err := p.cur.Read(b)
		if errors.Is(err, io.EOF) {
			p.cur.Close()
			p.cur = nil
			if n == 0 {
				continue
			}
			err = nil
		}
		return n, err
	}
}

// Close closes the part being read, when the reader stopped before the end.
func (p *partsReader) Close() error {
	if p.cur != nil {
		return p.cur.Close()
	}
	return nil
}
