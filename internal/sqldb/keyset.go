package sqldb

import (
	"time"

	"github.com/socle-portal/socle/internal/keyset"
)

// KeyOrder is an ordering of a list that pages by key: one column, then
// the id, both in the same direction, so that "after this row" is a single
// row comparison that seeks an index on (column, id) instead of counting
// rows from the start. The id makes the order total: rows sharing a key
// are neither skipped nor repeated from one page to the next.
type KeyOrder[T any] struct {
	Name   string // list and sort, as cursors carry it: "datasets:-created"
	Column string // qualified, NOT NULL: a row comparison never matches NULL
	IDCol  string
	Desc   bool
	IsTime bool // keys are times in TS's format, compared as such by both engines
	Key    func(T) any
}

// OrderBy is the ORDER BY clause of the ordering.
func (o KeyOrder[T]) OrderBy() string {
	if o.Desc {
		return o.Column + " DESC, " + o.IDCol + " DESC"
	}
	return o.Column + " ASC, " + o.IDCol + " ASC"
}

// Cursor is the position after row.
func (o KeyOrder[T]) Cursor(row T, id string) keyset.Cursor {
	var k string
	switch v := o.Key(row).(type) {
	case time.Time:
		k = TS(v).(string) // a NOT NULL column: never the zero time
	case string:
		k = v
	}
	return keyset.Cursor{Order: o.Name, Key: k, ID: id}
}

// After is the cursor of the page after row, as keyset.PageOf wants it;
// ok is false when the list pages by offset (keyed false), not by o.
func (o KeyOrder[T]) After(keyed bool, row T, id string) (c keyset.Cursor, ok bool) {
	if !keyed {
		return c, false
	}
	return o.Cursor(row, id), true
}

// Accepts reports whether after, if any, is a cursor of o; none is when
// the list pages by offset (keyed false).
func (o KeyOrder[T]) Accepts(keyed bool, after *keyset.Cursor) bool {
	if after == nil {
		return true
	}
	_, ok := o.Value(*after)
	return keyed && ok
}

// Value is c's key as a query parameter, ok false when c was made for
// another ordering or its key cannot be one of this column.
func (o KeyOrder[T]) Value(c keyset.Cursor) (v any, ok bool) {
	if c.Order != o.Name {
		return nil, false
	}
	if !o.IsTime {
		return c.Key, true
	}
	t, err := ParseTime(c.Key)
	if err != nil || t.IsZero() {
		return nil, false
	}
	// Re-formatted: SQLite compares the text, which must have TS's width.
	return TS(t), true
}

// Seek is the condition "after c" in this order.
func (o KeyOrder[T]) Seek(c keyset.Cursor, arg func(any) string) (string, error) {
	v, ok := o.Value(c)
	if !ok {
		return "", keyset.ErrInvalid
	}
	op := " > "
	if o.Desc {
		op = " < "
	}
	return "(" + o.Column + ", " + o.IDCol + ")" + op + "(" + arg(v) + ", " + arg(c.ID) + ")", nil
}
