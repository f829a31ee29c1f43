package sqldb

import (
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
