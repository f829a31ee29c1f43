package files

import (
	"context"
	"crypto/sha1" //nolint:gosec // udata's checksum type, not for security
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ErrTooLarge is an upload over the size limit; nothing was stored.
var ErrTooLarge = errors.New("file too large")

// Stored describes a file written by PutStream.
type Stored struct {
	Key    string
	Size   int64
	SHA256 string // hex
	SHA1   string // hex: udata's checksum type, which its clients read
}

// PutStream writes r under key without holding it in memory, computing its
// SHA-256 and SHA-1 on the way. Past limit bytes it stops, removes what it wrote and
// returns ErrTooLarge; on any error nothing is left under key.
func (l *Local) PutStream(ctx context.Context, key string, r io.Reader, limit int64) (Stored, error) {
	p, err := l.path(key)
	if err != nil {
		return Stored{}, err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return Stored{}, err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".upload-*")
	if err != nil {
		return Stored{}, err
	}
	fail := func(err error) (Stored, error) {
		tmp.Close()
		os.Remove(tmp.Name())
		return Stored{}, err
	}
	h, h1 := sha256.New(), sha1.New()
	n, err := io.Copy(io.MultiWriter(tmp, h, h1), ctxReader{ctx, io.LimitReader(r, limit+1)})
	if err != nil {
		return fail(fmt.Errorf("files: upload: %w", err))
	}
	if n > limit {
		return fail(ErrTooLarge)
	}
	if err := tmp.Sync(); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp.Name(), p); err != nil {
		os.Remove(tmp.Name())
		return Stored{}, err
	}
	return Stored{Key: key, Size: n, SHA256: hex.EncodeToString(h.Sum(nil)), SHA1: hex.EncodeToString(h1.Sum(nil))}, nil
}

// Object is a stored file opened for reading, sequentially or at random.
type Object interface {
	io.Reader
	io.ReaderAt
	io.Seeker
	io.Closer
}

// Open returns the file of key.
func (l *Local) Open(_ context.Context, key string) (Object, error) {
	p, err := l.path(key)
	if err != nil {
		return nil, err
	}
	return os.Open(p)
}

// Remove deletes the file of key, if it exists.
func (l *Local) Remove(_ context.Context, key string) error {
	p, err := l.path(key)
	if err != nil {
		return err
	}
	if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// ctxReader stops reading when ctx ends: a client gone mid-upload leaves
// nothing behind.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(b []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(b)
}
