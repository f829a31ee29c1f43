package catalog_test

import (
	"errors"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestGet_deleted: a deleted dataset is seen, deleted, by those who could
// edit it; others are told it is gone only if it was public, so that a
// private or draft one's existence is not revealed, by reads or writes.
func TestGet_deleted(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		x := e.orgWithRoles(t, "Métropole")
		other, support := e.user(t, "other", false), e.user(t, "support", true)
		draft, private := input("Brouillon", x.o.ID), input("Interne", x.o.ID)
		draft.Draft, private.Private = true, true
		var hidden []catalog.Dataset
		for _, in := range []catalog.Input{draft, private} {
			d, err := e.Catalog.Create(ctx, x.admin, in)
			if err != nil {
				t.Fatal(err)
			}
			hidden = append(hidden, d)
		}
		for _, d := range append(hidden, x.d) {
			if err := e.Catalog.Delete(ctx, x.editor, d.ID); err != nil {
				t.Fatal(err)
			}
		}
		cases := []struct {
			who  account.User
			d    catalog.Dataset
			want error // nil: seen, deleted
		}{
			{x.admin, x.d, nil}, {x.editor, x.d, nil}, {x.partial, x.d, nil}, {support, x.d, nil},
			{other, x.d, catalog.ErrDeleted}, {account.User{}, x.d, catalog.ErrDeleted},
			{x.admin, hidden[0], nil}, {x.editor, hidden[1], nil},
			{x.partial, hidden[1], catalog.ErrNotFound}, // a member who could not edit it
			{other, hidden[0], catalog.ErrNotFound}, {other, hidden[1], catalog.ErrNotFound},
			{account.User{}, hidden[1], catalog.ErrNotFound},
		}
		for _, c := range cases {
			d, err := e.Catalog.Get(ctx, c.who, c.d.ID)
			switch {
			case c.want == nil && (err != nil || !d.Deleted()):
				t.Errorf("%q gets deleted %s: %+v %v, want it deleted", c.who.FirstName, c.d.Title, d.DeletedAt, err)
			case c.want != nil && !errors.Is(err, c.want):
				t.Errorf("%q gets deleted %s: %v, want %v", c.who.FirstName, c.d.Title, err, c.want)
			}
			_, err = e.Catalog.Update(ctx, c.who, c.d.ID, input("x", ""))
			if want := c.want; (want == nil && !errors.Is(err, catalog.ErrDeleted)) || (want != nil && !errors.Is(err, want)) {
				t.Errorf("%q edits deleted %s: %v", c.who.FirstName, c.d.Title, err)
			}
		}
	})
}
