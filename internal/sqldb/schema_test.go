package sqldb_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestSchemasAgree migrates both backends and compares what socle's rules
// rely on: tables, columns with their nullability, and indexes by name.
// Types are left out (TEXT times on SQLite, timestamptz on PostgreSQL), as
// are the job queue's tables, which River migrates per driver, and full-text
// search, which is FTS5 tables on SQLite and tsvector columns on PostgreSQL.
func TestSchemasAgree(t *testing.T) {
	lite := schemaOf(t, testdb.Open(t, sqldb.SQLite))
	pg := schemaOf(t, testdb.Open(t, sqldb.Postgres))
	for _, name := range []string{"columns", "indexes"} {
		only := func(a, b []string) []string {
			var out []string
			for _, x := range a {
				if !slices.Contains(b, x) {
					out = append(out, x)
				}
			}
			return out
		}
		if d := only(lite[name], pg[name]); len(d) > 0 {
			t.Errorf("%s only on SQLite: %v", name, d)
		}
		if d := only(pg[name], lite[name]); len(d) > 0 {
			t.Errorf("%s only on PostgreSQL: %v", name, d)
		}
	}
}

// schemaOf lists "table.column null|not null" and "table.index" lines.
func schemaOf(t *testing.T, db *sqldb.DB) map[string][]string {
	t.Helper()
	var colQ, idxQ string
	if db.Backend == sqldb.SQLite {
		colQ = `SELECT m.name, p.name, CASE WHEN p."notnull" = 1 OR p.pk > 0 THEN 'not null' ELSE 'null' END
			FROM sqlite_master m JOIN pragma_table_info(m.name) p
			WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.sql NOT LIKE 'CREATE VIRTUAL%'`
		idxQ = `SELECT tbl_name, name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`
	} else {
		colQ = `SELECT table_name, column_name, CASE WHEN is_nullable = 'NO' THEN 'not null' ELSE 'null' END
			FROM information_schema.columns WHERE table_schema = current_schema()`
		idxQ = `SELECT tablename, indexname FROM pg_indexes WHERE schemaname = current_schema()
			AND indexname NOT IN (SELECT conname FROM pg_constraint
				WHERE connamespace = current_schema()::regnamespace)`
	}
	out := map[string][]string{}
	for name, q := range map[string]string{"columns": colQ, "indexes": idxQ} {
		rows, err := db.Writer().Query(q)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for rows.Next() {
			var table, item, null string
			dest := []any{&table, &item}
			if name == "columns" {
				dest = append(dest, &null)
			}
			if err := rows.Scan(dest...); err != nil {
				t.Fatal(err)
			}
			if skipTable(table) || fullText[table+"."+item] {
				continue
			}
			out[name] = append(out[name], strings.TrimSpace(table+"."+item+" "+null))
		}
		rows.Close()
		slices.Sort(out[name])
	}
	return out
}

// fullText is how PostgreSQL searches text: a generated tsvector column
// and its GIN index per table, where SQLite has an FTS5 table.
var fullText = map[string]bool{
	"users.search": true, "users.users_search": true,
	"organizations.search": true, "organizations.organizations_search": true,
	"datasets.search": true, "datasets.datasets_search": true,
}

func skipTable(name string) bool {
	return strings.HasPrefix(name, "river_") || name == "goose_db_version" || strings.HasSuffix(name, "_fts") ||
		strings.Contains(name, "_fts_")
}
