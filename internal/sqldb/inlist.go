package sqldb

import (
	"context"
	"fmt"
	"strings"
)

// InList binds values as parameters after those already in args and
// returns "($n, $n+1, …)", for "column IN" a page's ids. Each goes through
// a CAST (a no-op on text): SQLite plans a comparison of an indexed column
// with a bare parameter from its statistics of the value bound (STAT4), so
// a statement kept prepared would be planned again at every call, several
// times the cost of running a short read.
func InList(values []string, args *[]any) string {
	ph := make([]string, len(values))
	for i, v := range values {
		*args = append(*args, v)
		ph[i] = fmt.Sprintf("CAST($%d AS TEXT)", len(*args))
	}
	return "(" + strings.Join(ph, ", ") + ")"
}

// CollectIn runs head+in+tail, in being the IN list of ids, and scans its
// rows: the stores' "these rows, for a whole page at once" reads. No ids,
// no query.
func CollectIn[T any](ctx context.Context, c Conn, ids []string, head, tail string,
	scan func(Scanner) (T, error)) ([]T, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var args []any
	in := InList(ids, &args) // before the call: Go does not order it against reading args
	rows, err := c.QueryContext(ctx, head+in+tail, args...)
	if err != nil {
		return nil, err
	}
	return Collect(rows, scan)
}

// InOrder is the items of found in the order of ids; those found lacks are
// left out.
func InOrder[T any](ids []string, found map[string]T) []T {
	out := make([]T, 0, len(ids))
	for _, id := range ids {
		if x, ok := found[id]; ok {
			out = append(out, x)
		}
	}
	return out
}

// KeyBy indexes list by key.
func KeyBy[T any](list []T, key func(T) string) map[string]T {
	out := make(map[string]T, len(list))
	for _, x := range list {
		out[key(x)] = x
	}
	return out
}

// GroupBy groups list by key, keeping its order within each group; never
// nil.
func GroupBy[T any](list []T, key func(T) string) map[string][]T {
	out := make(map[string][]T)
	for _, x := range list {
		out[key(x)] = append(out[key(x)], x)
	}
	return out
}
