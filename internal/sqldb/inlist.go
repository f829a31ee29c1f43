package sqldb

import (
	"fmt"
	"strings"
)

// InList binds values as parameters after those already in args and
// returns "($n, $n+1, …)", for "column IN" a page's ids.
func InList(values []string, args *[]any) string {
	ph := make([]string, len(values))
	for i, v := range values {
		*args = append(*args, v)
		ph[i] = fmt.Sprintf("$%d", len(*args))
	}
	return "(" + strings.Join(ph, ", ") + ")"
}
