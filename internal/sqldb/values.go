package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/socle-portal/socle/internal/slug"
)

// Scanner is a row or rows being read.
type Scanner interface{ Scan(...any) error }

// TS formats times for the database. SQLite compares timestamps as text, so
// every stored time has the same width and zone: UTC with microseconds.
// PostgreSQL parses the same text into timestamptz. The zero time is NULL.
func TS(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format("2006-01-02 15:04:05.000000+00:00")
}

// Time scans a nullable timestamp into *t, the zero time when NULL.
func Time(t *time.Time) sql.Scanner { return nullTime{t} }

type nullTime struct{ t *time.Time }

func (n nullTime) Scan(v any) error {
	var nt sql.NullTime
	if err := nt.Scan(v); err != nil {
		if s, ok := v.(string); ok {
			t, perr := ParseTime(s)
			*n.t = t
			return perr
		}
		return err
	}
	if nt.Valid {
		*n.t = nt.Time.UTC()
	} else {
		*n.t = time.Time{}
	}
	return nil
}

// ParseTime reads a timestamp as either engine writes it as text.
func ParseTime(s string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02 15:04:05.999999999-07:00", time.RFC3339Nano, "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("sqldb: unreadable time %q", s)
}

// NullString stores "" as NULL.
func NullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// Fields splits a space-separated column into its words, never nil.
func Fields(s string) []string {
	if f := strings.Fields(s); len(f) > 0 {
		return f
	}
	return []string{}
}

// NoRows turns "no row" into notFound, the caller's own error.
func NoRows(err, notFound error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return notFound
	}
	return err
}

// Collect scans every row with scan.
func Collect[T any](rows *sql.Rows, scan func(Scanner) (T, error)) ([]T, error) {
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// SlugInserted tells an insert that did nothing because its slug was taken
// (ON CONFLICT (slug) DO NOTHING, which waits for a concurrent insert of the
// same slug instead of failing the transaction) from one that inserted.
func SlugInserted(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return slug.ErrTaken
	}
	return nil
}

// OneRow returns notFound when a write changed no row.
func OneRow(res sql.Result, notFound error) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound
	}
	return nil
}

// Affected says whether a write changed a row.
func Affected(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// Each visits every row of a list read by keyset pages: read returns the
// page after key (the zero K first), last the key of a row; fn sees each
// row. A page shorter than size ends the list. Memory and the cost of a
// page stay flat however long the list.
func Each[T any, K comparable](size int, read func(after K) ([]T, error), last func(T) K, fn func(T) error) error {
	var after K
	for {
		page, err := read(after)
		if err != nil {
			return err
		}
		for _, row := range page {
			if err := fn(row); err != nil {
				return err
			}
		}
		if len(page) < size {
			return nil
		}
		after = last(page[len(page)-1])
	}
}

// Pages is a list read by keyset pages of Size rows (see Each): Query
// takes its own arguments, then the last key read and Size, and orders by
// Key. What names the list in errors.
type Pages[T any, K comparable] struct {
	What  string
	Size  int
	Query string
	Scan  func(Scanner) (T, error)
	Key   func(T) K
}

// Each calls fn for every row of p read on c, args being the query's own.
func (p Pages[T, K]) Each(ctx context.Context, c Conn, fn func(T) error, args ...any) error {
	return Each(p.Size, func(after K) ([]T, error) {
		rows, err := c.QueryContext(ctx, p.Query, append(args[:len(args):len(args)], after, p.Size)...)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.What, err)
		}
		return Collect(rows, p.Scan)
	}, p.Key, fn)
}

// CountsByID reads rows of (id, count), as a GROUP BY of a page's ids
// gives them.
func CountsByID(rows *sql.Rows, err error) (map[string]int, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, err
		}
		out[id] = n
	}
	return out, rows.Err()
}
