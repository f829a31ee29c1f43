// Package sqlite opens socle's embedded SQLite database.
package sqlite

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"time"

	sqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/socle-portal/socle/internal/sqldb"
)

// Open opens (creating if needed) the database file at path with two pools:
// one connection that writes, and several read-only ones. SQLite allows a
// single writer at a time; funnelling writes through one connection makes
// them queue in Go instead of failing with SQLITE_BUSY, while WAL lets the
// readers go on in parallel.
//
// Each connection keeps 4 MB of pages (five connections: 20 MB at most);
// the pages beyond come from the system's file cache, shared and not
// counted in socle's memory. With 32 MB each, socle's resident memory
// reached 400 MB on a database of a million datasets.
func Open(path string) (*sqldb.DB, error) {
	pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)" +
		"&_pragma=synchronous(NORMAL)&_pragma=cache_size(-4000)"
	base := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + pragmas
	writer, err := sql.Open("sqlite", base+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	writer.SetMaxOpenConns(1)
	writer.SetConnMaxIdleTime(0)
	// Create the file and switch it to WAL before readers open it.
	if err := writer.Ping(); err != nil {
		writer.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	reader, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		writer.Close()
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	// Every reader stays open: database/sql keeps two idle by default, so
	// under load the others were closed and opened again, each time running
	// the pragmas and losing its prepared statements and page cache.
	readers := max(4, runtime.NumCPU())
	reader.SetMaxOpenConns(readers)
	reader.SetMaxIdleConns(readers)
	// ...while they are used: one idle for a minute is closed, and its page
	// cache goes back to the system (a quiet portal needs one or two).
	reader.SetConnMaxIdleTime(time.Minute)
	return sqldb.New(sqldb.SQLite, writer, reader, isUnique), nil
}

func isUnique(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}
