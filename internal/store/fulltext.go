package store

import "strings"

// prefixed qualifies each column of a column list with a table alias.
func prefixed(alias, columns string) string {
	parts := strings.Split(columns, ",")
	for i, p := range parts {
		parts[i] = alias + "." + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

// matchAll returns the condition "every term, as a prefix, is in the
// indexed text" for a table with a full-text index: an FTS5 side table on
// SQLite (ftsTable, keyed by ftsKey), a tsvector column "search" on
// PostgreSQL. The second result ranks matches (PostgreSQL only, "" on
// SQLite). arg binds a parameter and returns its placeholder.
func (q q) matchAll(alias, ftsTable, ftsKey string, terms []string, arg func(any) string) (cond, rank string) {
	if q.db.Backend == SQLite {
		quoted := make([]string, len(terms))
		for i, t := range terms {
			quoted[i] = `"` + t + `"*`
		}
		return alias + ".id IN (SELECT " + ftsKey + " FROM " + ftsTable + " WHERE " + ftsTable + " MATCH " +
			arg(strings.Join(quoted, " ")) + ")", ""
	}
	tsq := arg(strings.Join(terms, ":* & ") + ":*")
	return alias + ".search @@ to_tsquery('simple', " + tsq + ")", "ts_rank(" + alias + ".search, to_tsquery('simple', " + tsq + ")) DESC, "
}
