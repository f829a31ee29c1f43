package sqldb

import "database/sql"

// Pools are the connection pools by name, for their statistics in
// /metrics: "writer", and "reader" when reads have their own (SQLite).
func (db *DB) Pools() map[string]*sql.DB {
	out := map[string]*sql.DB{"writer": db.writer}
	if db.reader != db.writer {
		out["reader"] = db.reader
	}
	return out
}
