package files

import (
	"context"
	"crypto/sha1" //nolint:gosec // udata's checksum type, not for security
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3Config says where an S3-compatible object store is.
type S3Config struct {
	Endpoint  string // host:port
	Bucket    string
	Region    string
	AccessKey string
	SecretKey string
	Insecure  bool   // plain HTTP, for a store on a private network or in tests
	BaseURL   string // where socle serves the files, e.g. https://portal/files
}

// S3 keeps files in an S3-compatible bucket, so that several instances of
// socle share them. socle still serves them itself (same URLs, ETags and
// ranges as the local store).
type S3 struct {
	client *minio.Client
	cfg    S3Config
}

// NewS3 connects to the store and makes sure the bucket exists.
func NewS3(ctx context.Context, cfg S3Config) (*S3, error) {
	if cfg.Endpoint == "" || cfg.Bucket == "" {
		return nil, errors.New("s3: endpoint and bucket are required")
	}
	c, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:  credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure: !cfg.Insecure, Region: cfg.Region,
	})
	if err != nil {
		return nil, fmt.Errorf("s3: %w", err)
	}
	ok, err := c.BucketExists(ctx, cfg.Bucket)
	if err != nil {
		return nil, fmt.Errorf("s3: bucket %s: %w", cfg.Bucket, err)
	}
	if !ok {
		if err := c.MakeBucket(ctx, cfg.Bucket, minio.MakeBucketOptions{Region: cfg.Region}); err != nil {
			return nil, fmt.Errorf("s3: create bucket %s: %w", cfg.Bucket, err)
		}
	}
	return &S3{client: c, cfg: cfg}, nil
}

// partSize bounds the memory an upload of unknown size takes.
const partSize = 16 << 20

// Uploads go with an unsigned payload (DisableContentSha256): streaming
// signatures (aws-chunked) are not understood by every S3-compatible server,
// TLS protects the payload in transit, and socle checks its own SHA-256.

// Put stores r under key.
func (s *S3) Put(ctx context.Context, key string, r io.Reader) error {
	_, err := s.client.PutObject(ctx, s.cfg.Bucket, key, r, -1, minio.PutObjectOptions{PartSize: partSize, DisableContentSha256: true})
	return err
}

// PutStream stores r under key in parts, hashing (SHA-256 and SHA-1) and
// counting on the way; past limit the upload is aborted and nothing is left.
func (s *S3) PutStream(ctx context.Context, key string, r io.Reader, limit int64) (Stored, error) {
	h, h1 := sha256.New(), sha1.New()
	cr := &countingReader{r: r, h: io.MultiWriter(h, h1), limit: limit}
	_, err := s.client.PutObject(ctx, s.cfg.Bucket, key, cr, -1, minio.PutObjectOptions{PartSize: partSize, DisableContentSha256: true})
	if err != nil || cr.over {
		s.client.RemoveObject(context.WithoutCancel(ctx), s.cfg.Bucket, key, minio.RemoveObjectOptions{})
		if cr.over {
			return Stored{}, ErrTooLarge
		}
		return Stored{}, fmt.Errorf("s3: upload: %w", err)
	}
	return Stored{Key: key, Size: cr.n, SHA256: hex.EncodeToString(h.Sum(nil)), SHA1: hex.EncodeToString(h1.Sum(nil))}, nil
}

// countingReader hashes and counts what goes through it, and fails past limit.
type countingReader struct {
	r     io.Reader
	h     io.Writer
	n     int64
	limit int64
	over  bool
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.h.Write(b[:n])
	c.n += int64(n)
	if c.n > c.limit {
		c.over = true
		return n, ErrTooLarge
	}
	return n, err
}

// Open returns the object of key.
func (s *S3) Open(ctx context.Context, key string) (Object, error) {
	o, err := s.client.GetObject(ctx, s.cfg.Bucket, key, minio.GetObjectOptions{})
	if err != nil {
		return nil, err
	}
	if _, err := o.Stat(); err != nil {
		o.Close()
		return nil, err
	}
	return o, nil
}

// Remove deletes the object of key.
func (s *S3) Remove(ctx context.Context, key string) error {
	return s.client.RemoveObject(ctx, s.cfg.Bucket, key, minio.RemoveObjectOptions{})
}

// URL is where socle serves key.
func (s *S3) URL(key string) string { return strings.TrimRight(s.cfg.BaseURL, "/") + "/" + key }

// Handler serves objects with their type, length, ETag and ranges.
func (s *S3) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := strings.TrimPrefix(r.URL.Path, "/")
		if key == "" || strings.Contains(key, "..") {
			http.NotFound(w, r)
			return
		}
		o, err := s.client.GetObject(r.Context(), s.cfg.Bucket, key, minio.GetObjectOptions{})
		if err != nil {
			http.NotFound(w, r)
			return
		}
		defer o.Close()
		st, err := o.Stat()
		if err != nil {
			http.NotFound(w, r)
			return
		}
		setHeaders(w, key)
		w.Header().Set("Content-Type", contentType(key))
		http.ServeContent(w, r, key, st.LastModified.Truncate(time.Second), o)
	})
}
