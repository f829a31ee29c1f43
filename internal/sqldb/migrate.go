package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/database"
	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/socle-portal/socle/migrations"
)

// RiverDriver returns the job queue's driver for this backend. Both work on
// database/sql, so the queue's transactions are the store's *sql.Tx.
func (db *DB) RiverDriver() riverdriver.Driver[*sql.Tx] {
	if db.Backend == SQLite {
		return riversqlite.New(db.writer)
	}
	return riverdatabasesql.New(db.writer)
}

// Migrate applies socle's migrations, then the job queue's own.
func (db *DB) Migrate(ctx context.Context, log *slog.Logger) error {
	dialect, dir, fsys := database.DialectSQLite3, "sqlite", fs.FS(migrations.SQLite)
	if db.Backend == Postgres {
		dialect, dir, fsys = database.DialectPostgres, "postgres", migrations.Postgres
	}
	sub, err := fs.Sub(fsys, dir)
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(dialect, db.writer, sub)
	if err != nil {
		return fmt.Errorf("sqldb: migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("sqldb: migrate: %w", err)
	}
	for _, r := range results {
		log.Info("migration applied", "version", r.Source.Version, "file", r.Source.Path, "duration", r.Duration)
	}
	m, err := rivermigrate.New(db.RiverDriver(), nil)
	if err != nil {
		return fmt.Errorf("sqldb: queue migrations: %w", err)
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return fmt.Errorf("sqldb: queue migrate: %w", err)
	}
	for _, v := range res.Versions {
		log.Info("queue migration applied", "version", v.Version, "name", v.Name)
	}
	if db.Backend == SQLite {
		// samples left by an ANALYZE run by hand, or by a version before
		// dropSamples, would make every statement re-plan (see dropSamples)
		return db.dropSamples(ctx)
	}
	return nil
}
