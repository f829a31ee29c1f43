package store

import (
	"time"

	"github.com/socle-portal/socle/internal/keyset"
)

// keyOrder is an ordering of a list that pages by key: one column, then
// the id, both in the same direction, so that "after this row" is a single
// row comparison that seeks an index on (column, id) instead of counting
// rows from the start. The id makes the order total: rows sharing a key
// are neither skipped nor repeated from one page to the next.
type keyOrder[T any] struct {
	name   string // list and sort, as cursors carry it: "datasets:-created"
	column string // qualified, NOT NULL: a row comparison never matches NULL
	idCol  string
	desc   bool
	isTime bool // keys are times in ts's format, compared as such by both engines
	key    func(T) any
}

func (o keyOrder[T]) orderBy() string {
	if o.desc {
		return o.column + " DESC, " + o.idCol + " DESC"
	}
	return o.column + " ASC, " + o.idCol + " ASC"
}

// cursor is the position after row.
func (o keyOrder[T]) cursor(row T, id string) keyset.Cursor {
	var k string
	switch v := o.key(row).(type) {
	case time.Time:
		k = ts(v).(string) // a NOT NULL column: never the zero time
	case string:
		k = v
	}
	return keyset.Cursor{Order: o.name, Key: k, ID: id}
}

// value is c's key as a query parameter, ok false when c was made for
// another ordering or its key cannot be one of this column.
func (o keyOrder[T]) value(c keyset.Cursor) (v any, ok bool) {
	if c.Order != o.name {
		return nil, false
	}
	if !o.isTime {
		return c.Key, true
	}
	t, err := parseTime(c.Key)
	if err != nil || t.IsZero() {
		return nil, false
	}
	// Re-formatted: SQLite compares the text, which must have ts's width.
	return ts(t), true
}

// seek is the condition "after c" in this order.
func (o keyOrder[T]) seek(c keyset.Cursor, arg func(any) string) (string, error) {
	v, ok := o.value(c)
	if !ok {
		return "", keyset.ErrInvalid
	}
	op := " > "
	if o.desc {
		op = " < "
	}
	return "(" + o.column + ", " + o.idCol + ")" + op + "(" + arg(v) + ", " + arg(c.ID) + ")", nil
}
