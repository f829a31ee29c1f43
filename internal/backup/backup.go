// Package backup writes and restores a copy of a socle whose database is
// SQLite: the database, taken consistent while socle serves, and the local
// file store, in one gzipped tar archive. PostgreSQL is backed up with
// pg_dump (see README, "Deploying").
package backup

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// dbEntry is the database's name in the archive; files are under filesDir.
const (
	dbEntry  = "socle.db"
	filesDir = "files/"
)

// Write writes to w an archive of the SQLite database db (whose file is
// dbPath) and of the folder files (absent: no files). The database is
// copied with VACUUM INTO, a read transaction: socle goes on serving and
// writing, and the copy is the database as of one moment. Files are copied
// after it, so every file the copy names is there.
func Write(ctx context.Context, db *sql.DB, dbPath, files string, w io.Writer) error {
	snap := dbPath + ".backup-tmp"
	os.Remove(snap)
	defer os.Remove(snap)
	if _, err := db.ExecContext(ctx, `VACUUM INTO $1`, snap); err != nil {
		return fmt.Errorf("backup: copy database: %w", err)
	}
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	if err := addFile(tw, snap, dbEntry); err != nil {
		return err
	}
	err := filepath.WalkDir(files, func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && path == files {
			return filepath.SkipDir
		}
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(files, path)
		if err != nil {
			return err
		}
		if strings.HasPrefix(d.Name(), ".") { // uploads in progress
			return nil
		}
		err = addFile(tw, path, filesDir+filepath.ToSlash(rel))
		if errors.Is(err, fs.ErrNotExist) { // deleted since the walk saw it
			return nil
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("backup: files: %w", err)
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

func addFile(tw *tar.Writer, path, name string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o640, Size: st.Size(), ModTime: st.ModTime(),
		Typeflag: tar.TypeReg}); err != nil {
		return err
	}
	_, err = io.CopyN(tw, f, st.Size())
	return err
}

// ErrExists is returned when restoring over an existing database.
var ErrExists = errors.New("a database is already there: move it away first")

// Restore unpacks an archive made by Write: the database to dbPath, which
// must not exist (socle must not be running on it), and the files under
// files. Entries outside those two are refused.
func Restore(r io.Reader, dbPath, files string) error {
	if _, err := os.Stat(dbPath); err == nil {
		return fmt.Errorf("restore to %s: %w", dbPath, ErrExists)
	}
	gz, err := gzip.NewReader(r)
	if err != nil {
		return fmt.Errorf("restore: not a socle backup: %w", err)
	}
	tr := tar.NewReader(gz)
	tmp := dbPath + ".restore-tmp"
	defer os.Remove(tmp)
	sawDB := false
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("restore: %w", err)
		}
		var dst string
		switch rel, isFile := strings.CutPrefix(h.Name, filesDir); {
		case h.Name == dbEntry:
			dst, sawDB = tmp, true
		case isFile && filepath.IsLocal(rel) && h.Typeflag == tar.TypeReg:
			dst = filepath.Join(files, filepath.FromSlash(rel))
		default:
			return fmt.Errorf("restore: unexpected entry %q", h.Name)
		}
		if err := extract(tr, dst); err != nil {
			return err
		}
	}
	if !sawDB {
		return errors.New("restore: the archive has no database")
	}
	// The database appears last and whole: a restore cut short leaves none.
	return os.Rename(tmp, dbPath)
}

func extract(r io.Reader, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return err
	}
	f, err := os.OpenFile(dst, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o640)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
