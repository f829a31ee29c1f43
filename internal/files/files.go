// Package files stores the files socle serves: logos now, resources later.
// Local storage under the data folder is the default; an S3-compatible
// store will implement the same interface for several instances.
package files

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// Store keeps files under slash-separated keys: Local and S3.
type Store interface {
	Put(ctx context.Context, key string, r io.Reader) error
	PutStream(ctx context.Context, key string, r io.Reader, limit int64) (Stored, error)
	Open(ctx context.Context, key string) (Object, error)
	Remove(ctx context.Context, key string) error
	// URL is where the file of key is served.
	URL(key string) string
	// Handler serves the files under their keys.
	Handler() http.Handler
}

// setHeaders sets the headers every served file gets. Each stored version
// of a resource has its own key, so its folder names it for good: a strong
// ETag that http.ServeContent then honours.
func setHeaders(w http.ResponseWriter, key string) {
	if parts := strings.Split(strings.TrimPrefix(key, "/"), "/"); len(parts) == 4 && parts[0] == "resources" {
		w.Header().Set("ETag", `"`+parts[2]+`"`)
		w.Header().Set("Content-Disposition", "attachment")
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("X-Content-Type-Options", "nosniff")
}

// contentType guesses a file's type from its name.
func contentType(key string) string {
	if t := mime.TypeByExtension(path.Ext(key)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// Local stores files in a folder and serves them under a path prefix.
type Local struct {
	Dir     string // e.g. data/files
	BaseURL string // e.g. http://127.0.0.1:8080/files
}

func (l *Local) path(key string) (string, error) {
	clean := filepath.Clean("/" + key)
	if clean == "/" || strings.Contains(key, "..") {
		return "", fmt.Errorf("files: bad key %q", key)
	}
	return filepath.Join(l.Dir, filepath.FromSlash(clean)), nil
}

// Put writes r under key, through a temporary file so that readers never
// see half a file.
func (l *Local) Put(_ context.Context, key string, r io.Reader) error {
	p, err := l.path(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(p), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := io.Copy(tmp, r); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), p)
}

// URL is where key is served.
func (l *Local) URL(key string) string { return strings.TrimRight(l.BaseURL, "/") + "/" + key }

// Handler serves the folder's files; keys are immutable (a new logo gets a
// new key), so they are cached for long.
func (l *Local) Handler() http.Handler {
	fs := http.FileServer(noDirs{http.Dir(l.Dir)})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setHeaders(w, r.URL.Path)
		fs.ServeHTTP(w, r)
	})
}

// noDirs refuses directory listings.
type noDirs struct{ fs http.FileSystem }

func (n noDirs) Open(name string) (http.File, error) {
	f, err := n.fs.Open(name)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, errors.New("not a file")
	}
	return f, nil
}
