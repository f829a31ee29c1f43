package main

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/app"
	"github.com/socle-portal/socle/internal/directory"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/slug"
)

func appConfig(o options) app.Config {
	cfg := app.Defaults()
	cfg.DataDir, cfg.DatabaseURL = o.data, o.databaseURL
	return cfg
}

// load makes the data of the test unless it is there: one organization per
// authority (through the organization service, as the API would), then
// the missing datasets (bulk SQL: the service's checks would take hours).
func load(ctx context.Context, o options, log *slog.Logger) error {
	a, err := app.Open(ctx, appConfig(o), log)
	if err != nil {
		return err
	}
	defer a.Close(ctx)
	db := a.DB.Writer()
	dir, err := directory.Load()
	if err != nil {
		return err
	}
	var orgs int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM organizations`).Scan(&orgs); err != nil {
		return err
	}
	switch {
	case orgs == 0:
		start := time.Now()
		if err := loadOrgs(ctx, a, dir); err != nil {
			return err
		}
		fmt.Printf("loaded %d organizations in %s\n", dir.Len(), time.Since(start).Round(time.Second))
	case orgs < dir.Len():
		return fmt.Errorf("%d organizations of %d: a load was interrupted; start from an empty database", orgs, dir.Len())
	}
	var have int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM datasets`).Scan(&have); err != nil {
		return err
	}
	if have >= o.datasets {
		return nil
	}
	start := time.Now()
	if err := loadDatasets(ctx, db, string(a.DB.Backend), have, o.datasets); err != nil {
		return err
	}
	fmt.Printf("loaded %d datasets in %s\n", o.datasets-have, time.Since(start).Round(time.Second))
	return a.DB.Analyze(ctx)
}

// loadOrgs creates every authority of the directory as an organization,
// with one admin, four at a time.
func loadOrgs(ctx context.Context, a *app.App, dir *directory.Directory) error {
	admin, err := a.Accounts.CreateUser(ctx, account.NewUser{Email: "admin@load.localhost", FirstName: "Ada",
		LastName: "Admin", Password: "Load-test-1234", Confirmed: true})
	if err != nil {
		return err
	}
	all := dir.All()
	var wg sync.WaitGroup
	errc := make(chan error, 4)
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(all); i += 4 {
				au := all[i]
				in := org.Input{Name: au.Name, Description: fmt.Sprintf("%s (%s %s)", au.Name, au.Kind, au.Code),
					BusinessNumber: au.SIREN}
				if _, err := a.Orgs.Create(ctx, admin, in, true); err != nil {
					errc <- fmt.Errorf("%s: %w", au.Name, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errc)
	return <-errc
}

// themes are the subjects of generated datasets, as local authorities
// publish them.
var themes = []string{"Horaires des bus", "Arrêts de transport en commun", "Aménagements cyclables",
	"Stationnement", "Bornes de recharge", "Budget primitif", "Délibérations du conseil", "Qualité de l'air",
	"Équipements sportifs", "Écoles et cantines", "Marchés publics", "Adresses", "Trafic routier",
	"Parkings relais", "Réseau GTFS", "Déchets et collecte"}

const datasetBatch = 500

// loadDatasets inserts datasets from have to want, spread over the
// organizations, in transactions of 20 statements of datasetBatch rows.
func loadDatasets(ctx context.Context, db *sql.DB, backend string, have, want int) error {
	type owner struct{ id, name string }
	var orgs []owner
	rows, err := db.QueryContext(ctx, `SELECT id, name FROM organizations ORDER BY created_at, id`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var o owner
		if err := rows.Scan(&o.id, &o.name); err != nil {
			return err
		}
		orgs = append(orgs, o)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	var lastRowid int64
	if backend == "sqlite" {
		db.QueryRowContext(ctx, `SELECT coalesce(max(rowid), 0) FROM datasets`).Scan(&lastRowid)
	}
	base := time.Now().UTC().Add(-time.Duration(want) * time.Minute)
	for start := have; start < want; start += 20 * datasetBatch {
		err := inTx(ctx, db, func(tx *sql.Tx) error {
			for b := start; b < min(start+20*datasetBatch, want); b += datasetBatch {
				var args []any
				var values []string
				for i := b; i < min(b+datasetBatch, want); i++ {
					o := orgs[i%len(orgs)]
					title := fmt.Sprintf("%s - %s", themes[(i/len(orgs))%len(themes)], o.name)
					if i >= len(orgs)*len(themes) {
						title += fmt.Sprintf(" (%d)", 2000+i/(len(orgs)*len(themes)))
					}
					desc := "Données publiées par " + o.name + "."
					at := base.Add(time.Duration(i) * time.Minute).Format("2006-01-02 15:04:05.000000+00:00")
					n := len(args)
					values = append(values, fmt.Sprintf("($%d,$%d,$%d,$%d,'lov2','weekly',$%d,$%d,$%d,$%d,$%d)",
						n+1, n+2, n+3, n+4, n+5, n+6, n+7, n+8, n+9))
					folded := strings.ReplaceAll(slug.Make(title+" "+o.name+" "+desc, 20000, ""), "-", " ")
					args = append(args, fmt.Sprintf("%024x", i), slug.Make(title, 90, "jeu")+"-"+strconv.Itoa(i), title, desc,
						o.id, folded, at, at, at)
				}
				_, err := tx.ExecContext(ctx, `INSERT INTO datasets (id, slug, title, description, license, frequency,
					org_id, search_text, created_at, updated_at, published_at) VALUES `+strings.Join(values, ","), args...)
				if err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("datasets from %d: %w", start, err)
		}
	}
	if backend == "sqlite" {
		_, err = db.ExecContext(ctx, `INSERT INTO datasets_fts (rowid, body)
			SELECT rowid, search_text FROM datasets WHERE rowid > $1`, lastRowid)
	}
	return err
}

func inTx(ctx context.Context, db *sql.DB, fn func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}
