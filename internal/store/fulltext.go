package store

import (
	"context"
	"fmt"
	"strings"
)

// reindex replaces the full-text row of the row id of table (SQLite only;
// PostgreSQL computes its tsvector column itself). body "" removes it.
func (tx *Tx) reindex(ctx context.Context, table, ftsTable, id, body string) error {
	if tx.db.Backend != SQLite {
		return nil
	}
	rowid := `(SELECT rowid FROM ` + table + ` WHERE id = $1)`
	if _, err := tx.x.ExecContext(ctx, `DELETE FROM `+ftsTable+` WHERE rowid = `+rowid, id); err != nil {
		return fmt.Errorf("store: index %s: %w", table, err)
	}
	if body == "" {
		return nil
	}
	_, err := tx.x.ExecContext(ctx, `INSERT INTO `+ftsTable+` (rowid, body) VALUES (`+rowid+`, $2)`, id, body)
	return err
}

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
// SQLite (ftsTable, whose rowids are the table's), a tsvector column
// "search" on PostgreSQL. The second result ranks matches (PostgreSQL only,
// "" on SQLite). arg binds a parameter and returns its placeholder.
func (q q) matchAll(alias, ftsTable string, terms []string, arg func(any) string) (cond, rank string) {
	if q.db.Backend == SQLite {
		quoted := make([]string, len(terms))
		for i, t := range terms {
			quoted[i] = `"` + t + `"*`
		}
		return alias + ".rowid IN (SELECT rowid FROM " + ftsTable + " WHERE " + ftsTable + " MATCH " +
			arg(strings.Join(quoted, " ")) + ")", ""
	}
	tsq := arg(strings.Join(terms, ":* & ") + ":*")
	return alias + ".search @@ to_tsquery('simple', " + tsq + ")", "ts_rank(" + alias + ".search, to_tsquery('simple', " + tsq + ")) DESC, "
}
