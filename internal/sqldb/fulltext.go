package sqldb

import (
	"context"
	"fmt"
	"strings"

	"github.com/socle-portal/socle/internal/slug"
)

// Reindex replaces the full-text row of the row id of table (SQLite only;
// PostgreSQL computes its tsvector column itself). body "" removes it.
func (c Conn) Reindex(ctx context.Context, table, ftsTable, id, body string) error {
	if c.db.Backend != SQLite {
		return nil
	}
	rowid := `(SELECT rowid FROM ` + table + ` WHERE id = $1)`
	if _, err := c.x.ExecContext(ctx, `DELETE FROM `+ftsTable+` WHERE rowid = `+rowid, id); err != nil {
		return fmt.Errorf("sqldb: index %s: %w", table, err)
	}
	if body == "" {
		return nil
	}
	_, err := c.x.ExecContext(ctx, `INSERT INTO `+ftsTable+` (rowid, body) VALUES (`+rowid+`, $2)`, id, body)
	return err
}

// Prefixed qualifies each column of a column list with a table alias.
func Prefixed(alias, columns string) string {
	parts := strings.Split(columns, ",")
	for i, p := range parts {
		parts[i] = alias + "." + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

// MatchAll returns the condition "every term, as a prefix, is in the
// indexed text" for a table with a full-text index: an FTS5 side table on
// SQLite (ftsTable, whose rowids are the table's), a tsvector column
// "search" on PostgreSQL. The second result ranks matches (PostgreSQL only,
// "" on SQLite). arg binds a parameter and returns its placeholder.
func (c Conn) MatchAll(alias, ftsTable string, terms []string, arg func(any) string) (cond, rank string) {
	if c.db.Backend == SQLite {
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

// SearchTerms turns free text into plain folded words: no query syntax of
// FTS5 or tsquery ever reaches the database from a user.
func SearchTerms(q string) []string {
	var out []string
	for _, w := range strings.Split(slug.Make(q, 200, ""), "-") {
		if w != "" {
			out = append(out, w)
		}
	}
	if len(out) > 10 {
		out = out[:10]
	}
	return out
}
