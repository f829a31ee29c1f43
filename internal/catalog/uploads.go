package catalog

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/errs"
	"github.com/socle-portal/socle/internal/files"
	"github.com/socle-portal/socle/internal/validate"
)

// A chunked upload (udata's, for large files) sends a file in parts, one a
// request, then a last request without a file that puts them together. The
// parts wait in the file store under chunks/, so that any instance may take
// the next one, and are read back in order into the resource's file, one
// at a time: the file is never held whole in memory. The last request
// claims the upload while it reads them (see assembly).

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
// sent again replaces the first. An upload being put together takes no
// part (ErrUploadAssembling).
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
		if errors.Is(err, ErrNotFound) {
			// used up or cleaned up since the insert found it (PostgreSQL)
			return validate.Field("uuid", "upload.unknown")
		}
		if err != nil {
			return err
		}
		if cur.DatasetID != datasetID || cur.TotalParts != c.TotalParts {
			return validate.Field("uuid", "upload.mismatch")
		}
		if cur.Assembly != "" {
			return ErrUploadAssembling // checked again with the part: this spares storing it
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
		if up.Assembly != "" {
			return ErrUploadAssembling // claimed since the part was announced
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
// dropped with the file's publication, and kept when it is refused, so
// that the client may try again (udata).
func (s *Service) UploadChunked(ctx context.Context, u account.User, datasetID string, in ResourceInput, c Chunked) (Resource, error) {
	a, err := s.claim(ctx, u, datasetID, c)
	if err != nil {
		return Resource{}, err
	}
	r, err := s.UploadResource(ctx, u, datasetID, in, Upload{Filename: c.Filename, Body: a.body, consume: a.consume})
	return r, s.finish(ctx, a, err)
}

// ReplaceChunked gives a resource the file of a chunked upload, as
// ReplaceFile does.
func (s *Service) ReplaceChunked(ctx context.Context, u account.User, datasetID, resourceID string, c Chunked, rename bool) (Resource, error) {
	a, err := s.claim(ctx, u, datasetID, c)
	if err != nil {
		return Resource{}, err
	}
	r, err := s.ReplaceFile(ctx, u, datasetID, resourceID, Upload{Filename: c.Filename, Body: a.body, Rename: rename,
		consume: a.consume})
	return r, s.finish(ctx, a, err)
}

// ErrUploadAssembling answers a request about an upload that another
// request is putting together: its last request sent twice, or a part
// sent meanwhile.
var ErrUploadAssembling error = &fieldConflict{field: "uuid", key: "upload.assembling"}

// fieldConflict is a conflict with the state of what a field names: a
// 409, whose answer names the field as an input problem's does.
type fieldConflict struct{ field, key string }

func (e *fieldConflict) Error() string { return "conflict: " + e.field + ": " + e.key }

// Unwrap gives the kind, which decides the status.
func (e *fieldConflict) Unwrap() error { return errs.ErrConflict }

// As reads e as its field's problem, so that the answer names the field.
func (e *fieldConflict) As(target any) bool {
	if v, ok := target.(**validate.Errors); ok {
		*v = &validate.Errors{Fields: map[string][]string{e.field: {e.key}}}
		return true
	}
	return false
}

// assembly is a last request's claim on an upload: while it holds it, no
// part of the upload changes and the clean-up leaves it, so that the parts
// it reads are the ones it checked, and only it may use them up.
type assembly struct {
	up    chunkUpload
	token string // the claim's name, in resource_uploads.assembly
	body  *partsReader
	used  []chunkPart // the parts used up by the file's publication
}

// claim checks that every part of u's upload c was received, in the
// announced total size, claims the upload for this request, and reads
// the parts in order.
func (s *Service) claim(ctx context.Context, u account.User, datasetID string, c Chunked) (*assembly, error) {
	var v validate.Errors
	checkUUID(&v, c.UUID)
	v.Required("filename", c.Filename, 255)
	if err := v.Err(); err != nil {
		return nil, err
	}
	if s.blobs == nil {
		return nil, errors.New("catalog: no file store")
	}
	a := &assembly{token: account.NewUUID()}
	var parts []chunkPart
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		a.up, err = tx.chunkUploadOf(ctx, u.ID, c.UUID)
		switch {
		case errors.Is(err, ErrNotFound) || (err == nil && a.up.DatasetID != datasetID):
			return validate.Field("uuid", "upload.unknown")
		case err != nil:
			return err
		case a.up.Assembly != "":
			return ErrUploadAssembling
		}
		if parts, err = tx.chunkParts(ctx, a.up.ID); err != nil {
			return err
		}
		if err := checkParts(a.up, parts, c); err != nil {
			return err
		}
		ok, err := tx.claimUpload(ctx, a.up.ID, a.token, s.now())
		if err == nil && !ok {
			err = ErrUploadAssembling
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	keys := make([]string, len(parts))
	for i, p := range parts {
		keys[i] = p.Key
	}
	a.body = &partsReader{ctx: ctx, blobs: s.blobs, keys: keys}
	return a, nil
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

// consume uses the upload up, in the transaction that publishes its file:
// the file is published only by the request that still holds the claim.
func (a *assembly) consume(ctx context.Context, tx Tx) error {
	cur, err := tx.chunkUploadByID(ctx, a.up.ID)
	if errors.Is(err, ErrNotFound) || (err == nil && cur.Assembly != a.token) {
		// the clean-up took the upload from a request that outlived the retention
		return validate.Field("uuid", "upload.unknown")
	}
	if err != nil {
		return err
	}
	if a.used, err = tx.chunkParts(ctx, a.up.ID); err != nil {
		return err
	}
	return tx.dropUpload(ctx, a.up.ID)
}

// finish ends the assembly a whose file's publication ended with err. When
// published, the parts' files are removed; else the claim is released, so
// that the client may try again, and a part found missing is forgotten, so
// that the upload says what it lacks: a 4xx, as is an upload taken away.
func (s *Service) finish(ctx context.Context, a *assembly, err error) error {
	a.body.Close()
	ctx = context.WithoutCancel(ctx) // a client gone must not leave the upload claimed
	if err == nil {
		// the rows are gone with the publication: every file is tried
		for _, p := range a.used {
			s.blobs.Remove(ctx, p.Key)
		}
		return nil
	}
	held := false
	lost := a.body.lost
	rerr := s.store.InTx(ctx, func(tx Tx) error {
		cur, err := tx.chunkUploadByID(ctx, a.up.ID)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil || cur.Assembly != a.token {
			return err
		}
		held = true
		if lost != "" {
			if err := tx.dropPart(ctx, a.up.ID, lost); err != nil {
				return err
			}
		}
		return tx.releaseUpload(ctx, a.up.ID, a.token, s.now())
	})
	switch {
	case rerr != nil:
		return fmt.Errorf("release upload %s: %w", a.up.ID, rerr)
	case a.body.failed && !held:
		return validate.Field("uuid", "upload.unknown") // the clean-up removed it while it was read
	case lost != "":
		s.blobs.Remove(ctx, lost) // unreadable, and no longer listed
		return validate.Field("totalparts", "upload.incomplete")
	}
	return err
}

// PurgeUploads removes the uploads left unfinished for longer than
// retention, and their parts; it returns how many. An upload being put
// together is left, unless its claim is older than retention: the request
// that claimed it is presumed dead, and cannot publish once it is removed.
func (s *Service) PurgeUploads(ctx context.Context, retention time.Duration) (int, error) {
	if s.blobs == nil {
		return 0, nil
	}
	before := s.now().Add(-retention).Truncate(time.Microsecond) // as stored
	stale, err := s.store.staleUploads(ctx, before)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, up := range stale {
		parts, dropped, err := s.dropStale(ctx, up.ID, before)
		if err != nil {
			return n, err
		}
		if !dropped {
			continue
		}
		n++
		// every part is tried: the rows are gone, so a file skipped here
		// would never be found again
		var errs []error
		for _, p := range parts {
			errs = append(errs, s.blobs.Remove(ctx, p.Key))
		}
		if err := errors.Join(errs...); err != nil {
			return n, err
		}
	}
	return n, nil
}

// dropStale forgets upload id and returns its parts if it is still
// stale: untouched and unclaimed since before. A part or a claim may have
// come since it was listed.
func (s *Service) dropStale(ctx context.Context, id string, before time.Time) (parts []chunkPart, dropped bool, err error) {
	err = s.store.InTx(ctx, func(tx Tx) error {
		up, err := tx.chunkUploadByID(ctx, id)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if !up.UpdatedAt.Before(before) || (up.Assembly != "" && !up.AssemblingSince.Before(before)) {
			return nil
		}
		if parts, err = tx.chunkParts(ctx, id); err != nil {
			return err
		}
		dropped = true
		return tx.dropUpload(ctx, id)
	})
	return parts, dropped, err
}

// partsReader reads the files of keys one after the other.
type partsReader struct {
	ctx    context.Context
	blobs  Blobs
	keys   []string
	cur    files.Object
	failed bool   // a part could not be read
	lost   string // the key of a part that could not be opened, the request still running
}

func (p *partsReader) Read(b []byte) (int, error) {
	for {
		if p.cur == nil {
			if len(p.keys) == 0 {
				return 0, io.EOF
			}
			o, err := p.blobs.Open(p.ctx, p.keys[0])
			if err != nil {
				p.failed = true
				if p.ctx.Err() == nil {
					p.lost = p.keys[0]
				}
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
		if err != nil {
			p.failed = true
		}
		return n, err
	}
}

// Close closes the part being read, when the reader stopped before the end.
func (p *partsReader) Close() error {
	if p.cur != nil {
		err := p.cur.Close()
		p.cur = nil
		return err
	}
	return nil
}
