// Package keyset holds the cursor of lists that page by key: the ordering
// key of the last row a client saw, which the next page starts after. A
// page found this way costs the same however deep it is, where OFFSET reads
// and throws away every row before it.
package keyset

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
)

// ErrInvalid is a cursor that is not one socle made.
var ErrInvalid = errors.New("keyset: invalid cursor")

// Cursor is the position after the last row of a page.
type Cursor struct {
	// Order names the ordering the key belongs to: a key means nothing in
	// another ordering, so the store refuses it there.
	Order string `json:"o"`
	// Key is the ordering column's value in the last row, as text (times
	// in the store's own format).
	Key string `json:"k"`
	// ID is the last row's id, which breaks ties between equal keys.
	ID string `json:"i"`
}

// String is the cursor as clients carry it: opaque, and safe in a URL
// query without escaping.
func (c Cursor) String() string {
	b, _ := json.Marshal(c) // three strings always marshal
	return base64.RawURLEncoding.EncodeToString(b)
}

// Parse reads a cursor that String made. Anything else is ErrInvalid:
// cursors come from clients.
func Parse(s string) (Cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return Cursor{}, ErrInvalid
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var c Cursor
	if err := dec.Decode(&c); err != nil || dec.More() || c.Order == "" || c.ID == "" {
		return Cursor{}, ErrInvalid
	}
	return c, nil
}

// Page is one page of a list: its rows, how many rows match in all, and
// where the next page starts when the list pages by key (nil when it pages
// by number, or when this page is the last).
type Page[T any] struct {
	Items []T
	Total int
	Next  *Cursor
}

// PageOf is the page of items out of total. A full page (size rows) may
// have a following one, which starts at next's cursor for its last row;
// next's ok is false for a list that pages by number.
func PageOf[T any](items []T, total, size int, next func(last T) (Cursor, bool)) Page[T] {
	p := Page[T]{Items: items, Total: total}
	if len(items) > 0 && len(items) == size {
		if c, ok := next(items[len(items)-1]); ok {
			p.Next = &c
		}
	}
	return p
}
