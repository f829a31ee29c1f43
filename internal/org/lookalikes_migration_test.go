package org_test

import (
	"io/fs"
	"testing"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/database"

	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
	"github.com/socle-portal/socle/migrations"
)

// TestLookalikesMigrationBackfill: migration 00053 takes the look-alikes
// created before it from the organizations' history, so that support sees
// them too. The migration is applied again, alone, on a database holding
// such a history.
func TestLookalikesMigrationBackfill(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice, bob, support := e.user(t, "alice"), e.user(t, "bob"), e.sysadmin(t)
		first := e.org(t, alice, "Métropole du Grand Paris")
		copyOrg, err := e.Orgs.Create(ctx, bob, org.Input{Name: "Metropole Grand-Paris", Description: "x"}, true)
		if err != nil {
			t.Fatal(err)
		}
		dialect, dir, fsys := database.DialectSQLite3, "sqlite", fs.FS(migrations.SQLite)
		if db.Backend == sqldb.Postgres {
			dialect, dir, fsys = database.DialectPostgres, "postgres", migrations.Postgres
		}
		sub, _ := fs.Sub(fsys, dir)
		p, err := goose.NewProvider(dialect, db.Writer(), sub)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.ApplyVersion(ctx, 53, false); err != nil { // down: the table and its rows are gone
			t.Fatal(err)
		}
		if _, err := p.ApplyVersion(ctx, 53, true); err != nil { // up again, from the history alone
			t.Fatal(err)
		}
		q, err := e.Orgs.Lookalikes(ctx, support)
		if err != nil || len(q) != 1 || q[0].Org.ID != copyOrg.ID || q[0].Like.ID != first.ID || q[0].Creator.ID != bob.ID {
			t.Fatalf("after the backfill: %+v %v", q, err)
		}
	})
}
