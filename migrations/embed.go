// Package migrations holds the SQL schema of each backend, applied by goose.
package migrations

import "embed"

// SQLite and Postgres are the migration folders, one per backend: the SQL
// differs (types, identity columns) while the tables stay the same.
var (
	//go:embed sqlite/*.sql
	SQLite embed.FS
	//go:embed postgres/*.sql
	Postgres embed.FS
)
