package catalog_test

import (
	"errors"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestPublish: a draft's editor publishes it, nobody else may; its other
// fields stay; publishing again changes nothing.
func TestPublish(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		owner, stranger := e.user(t, "owner", false), e.user(t, "stranger", false)
		d, err := e.Catalog.Create(ctx, owner, catalog.Input{Title: "Réseau de bus", Description: "d", License: "lov2",
			Tags: []string{"gtfs"}, Draft: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.Catalog.Publish(ctx, stranger, d.ID); !errors.Is(err, catalog.ErrForbidden) && !errors.Is(err, catalog.ErrNotFound) {
			t.Fatalf("a stranger publishes: %v", err)
		}
		got, err := e.Catalog.Publish(ctx, owner, d.ID)
		if err != nil || got.Draft || got.PublishedAt.IsZero() || got.Title != d.Title || len(got.Tags) != 1 {
			t.Fatalf("publish: %v %+v", err, got)
		}
		again, err := e.Catalog.Publish(ctx, owner, d.ID)
		if err != nil || again.PublishedAt.Sub(got.PublishedAt).Abs() > time.Millisecond { // stored to the microsecond
			t.Fatalf("publish again: %v %v, want %v", err, again.PublishedAt, got.PublishedAt)
		}
		if seen, err := e.Catalog.Get(ctx, stranger, d.ID); err != nil || seen.Draft {
			t.Fatalf("the public does not see it: %v", err)
		}
	})
}
