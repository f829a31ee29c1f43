package org_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
	"github.com/socle-portal/socle/internal/testenv"
	"github.com/socle-portal/socle/internal/validate"
)

var ctx = context.Background()

type env struct {
	*testenv.Env
}

// newEnv builds the services on db, without rate limits; clock, when
// given, is their time.
func newEnv(t *testing.T, db *sqldb.DB, clock ...func() time.Time) *env {
	t.Helper()
	opts := []testenv.Option{testenv.Limits(account.Limits{})}
	if len(clock) > 0 {
		opts = append(opts, testenv.Clock(clock[0]))
	}
	x := testenv.New(t, db, opts...)
	return &env{Env: x}
}

func (e *env) user(t *testing.T, name string) account.User { t.Helper(); return e.User(t, name) }
func (e *env) sysadmin(t *testing.T) account.User          { t.Helper(); return e.Sysadmin(t) }
func (e *env) org(t *testing.T, admin account.User, name string) org.Organization {
	t.Helper()
	return e.Org(t, admin, name)
}
func (e *env) member(t *testing.T, admin, u account.User, o org.Organization, role org.Role) {
	t.Helper()
	e.Member(t, admin, u, o, role)
}

func fieldErr(t *testing.T, err error, field, key string) {
	t.Helper()
	var v *validate.Errors
	if !errors.As(err, &v) {
		t.Fatalf("got %v, want a validation error on %s", err, field)
	}
	for _, k := range v.Fields[field] {
		if k == key {
			return
		}
	}
	t.Fatalf("errors %v, want %s on %s", v.Fields, key, field)
}

func TestCreate(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice := e.user(t, "alice")
		good := org.Input{Name: "Métropole du Grand Paris", Acronym: "MGP", Description: "La métropole",
			URL: "https://www.metropolegrandparis.fr", BusinessNumber: "200054781"}
		bad := []struct {
			edit       func(*org.Input)
			field, key string
		}{
			{func(in *org.Input) { in.Name = "" }, "name", "required"},
			{func(in *org.Input) { in.Description = " " }, "description", "required"},
			{func(in *org.Input) { in.URL = "ftp://x" }, "url", "url.invalid"},
			{func(in *org.Input) { in.BusinessNumber = "2000547811234" }, "business_number_id", "siret.length"},
			{func(in *org.Input) { in.BusinessNumber = "20005478A" }, "business_number_id", "siret.digits"},
			{func(in *org.Input) { in.BusinessNumber = "200054782" }, "business_number_id", "siret.invalid"},
			{func(in *org.Input) { in.BusinessNumber = "20005478100011" }, "business_number_id", "siret.invalid"},
		}
		for _, c := range bad {
			in := good
			c.edit(&in)
			_, err := e.Orgs.Create(ctx, alice, in, false)
			fieldErr(t, err, c.field, c.key)
		}
		unconfirmed, _ := e.Accounts.CreateUser(ctx, account.NewUser{Email: "new@example.org", FirstName: "N",
			LastName: "U", Password: "Secret123"})
		if _, err := e.Orgs.Create(ctx, unconfirmed, good, false); !errors.Is(err, org.ErrUnconfirmed) {
			t.Fatalf("unconfirmed: %v", err)
		}
		o, err := e.Orgs.Create(ctx, alice, good, false)
		if err != nil || o.Slug != "metropole-du-grand-paris" {
			t.Fatalf("create: %+v %v", o, err)
		}
		ms, _ := e.Orgs.Members(ctx, o.ID)
		if len(ms) != 1 || ms[0].User.ID != alice.ID || ms[0].Role != org.RoleAdmin {
			t.Fatalf("members: %+v", ms)
		}
		for _, id := range []string{o.ID, o.Slug} {
			if got, err := e.Orgs.Get(ctx, id); err != nil || got.ID != o.ID || got.Members != 1 {
				t.Fatalf("get %s: %+v %v", id, got, err)
			}
		}
		// La Poste's SIRET fails the Luhn check and is accepted all the same.
		if _, err := e.Orgs.Create(ctx, alice, org.Input{Name: "La Poste", Description: "x", BusinessNumber: "35600000000048"}, false); err != nil {
			t.Fatalf("La Poste: %v", err)
		}
	})
}

func TestDuplicates(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice, bob := e.user(t, "alice"), e.user(t, "bob")
		first, _ := e.Orgs.Create(ctx, alice, org.Input{Name: "Métropole du Grand Paris", Description: "x", BusinessNumber: "200054781"}, false)
		for _, in := range []org.Input{
			{Name: "metropole grand-paris", Description: "x"},
			{Name: "Autre nom", Description: "x", BusinessNumber: "20005478100014"},
		} {
			_, err := e.Orgs.Create(ctx, bob, in, false)
			var dup *org.DuplicateError
			if !errors.As(err, &dup) || len(dup.Orgs) != 1 || dup.Orgs[0].ID != first.ID {
				t.Fatalf("%q: %v, want a duplicate of %s", in.Name, err, first.ID)
			}
			if _, err := e.Orgs.Create(ctx, bob, in, true); err != nil {
				t.Fatalf("confirmed creation: %v", err)
			}
		}
		// Same name, another SIREN: another legal entity, not a look-alike
		// (19 communes are named Saint-Martin). Without a SIREN, the name
		// alone still asks.
		if _, err := e.Orgs.Create(ctx, alice, org.Input{Name: "Saint-Martin", Description: "x", BusinessNumber: "213203896"}, false); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Orgs.Create(ctx, bob, org.Input{Name: "Saint Martin", Description: "x", BusinessNumber: "215404807"}, false); err != nil {
			t.Fatalf("same name, another SIREN: %v", err)
		}
		o2, err := e.Orgs.Create(ctx, bob, org.Input{Name: "saint-martin", Description: "x"}, false)
		if dup := (*org.DuplicateError)(nil); !errors.As(err, &dup) || len(dup.Orgs) != 2 {
			t.Fatalf("same name, no SIREN: %v, want both Saint-Martin", err)
		}
		o2, err = e.Orgs.Create(ctx, bob, org.Input{Name: "Métropole du Grand Paris", Description: "x"}, true)
		if err != nil || o2.Slug == first.Slug {
			t.Fatalf("slugs must be unique: %v %s", err, o2.Slug)
		}
	})
}

func TestUpdateDeleteNeedAdmin(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		alice, bob, carol := e.user(t, "alice"), e.user(t, "bob"), e.user(t, "carol")
		o := e.org(t, alice, "Rennes Métropole")
		e.member(t, alice, bob, o, org.RoleEditor)
		in := org.Input{Name: "Rennes Métropole", Description: "Nouvelle description"}
		for _, u := range []account.User{bob, carol} {
			if _, err := e.Orgs.Update(ctx, u, o.ID, in); !errors.Is(err, org.ErrForbidden) {
				t.Errorf("update by %s: %v", u.FirstName, err)
			}
			if err := e.Orgs.Delete(ctx, u, o.ID); !errors.Is(err, org.ErrForbidden) {
				t.Errorf("delete by %s: %v", u.FirstName, err)
			}
		}
		if got, err := e.Orgs.Update(ctx, e.sysadmin(t), o.ID, in); err != nil || got.Description != in.Description {
			t.Fatalf("support update: %v", err)
		}
		if err := e.Orgs.Delete(ctx, alice, o.ID); err != nil {
			t.Fatal(err)
		}
		got, _ := e.Orgs.Get(ctx, o.ID)
		if !got.Deleted() {
			t.Fatal("not deleted")
		}
		if _, _, err := e.Orgs.Ask(ctx, carol, o.ID, "hello"); !errors.Is(err, org.ErrDeleted) {
			t.Fatalf("ask a deleted organization: %v", err)
		}
		if found, _ := e.Orgs.Search(ctx, org.Query{Q: "rennes", Page: 1, PageSize: 20}); len(found.Items) != 0 {
			t.Fatal("deleted organization found by search")
		}
	})
}

func TestSearch(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		a := e.user(t, "alice")
		names := []string{"Métropole du Grand Paris", "Grand Paris Sud Est Avenir", "Paris", "Métropole de Lyon",
			"Communauté d'agglomération Grand Paris Sud", "L'Abergement-Clémenciat"}
		ids := map[string]string{}
		for _, n := range names {
			ids[n] = e.org(t, a, n).ID
		}
		mgp := ids["Métropole du Grand Paris"]
		must := func(q string, want string, first bool) {
			t.Helper()
			res, err := e.Orgs.Search(ctx, org.Query{Q: q, Page: 1, PageSize: 20})
			list, total := res.Items, res.Total
			if err != nil {
				t.Fatalf("%q: %v", q, err)
			}
			found := false
			for _, o := range list {
				found = found || o.ID == want
			}
			if !found || total != len(list) || (first && list[0].ID != want) {
				t.Fatalf("%q: want %s (first %v) in %d results", q, want, first, len(list))
			}
		}
		must("metropole grand paris", mgp, true)
		must("grand-paris metropole", mgp, true)
		must("Métropole du Grand Paris", mgp, true)
		must("METROP gran", mgp, false)
		must("paris", ids["Paris"], true) // the exact name first
		must("abergement clemenciat", ids["L'Abergement-Clémenciat"], true)
		for _, q := range []string{`"`, `*`, `paris OR lyon`, `NEAR(a b)`, `-paris`, `a:*`, `'); DROP TABLE x; --`} {
			if _, err := e.Orgs.Search(ctx, org.Query{Q: q, Page: 1, PageSize: 20}); err != nil {
				t.Errorf("query %q: %v", q, err)
			}
		}
		found, _ := e.Orgs.Search(ctx, org.Query{Q: "grand paris", Page: 2, PageSize: 1})
		list, total := found.Items, found.Total
		if total != 3 || len(list) != 1 {
			t.Fatalf("paging: total %d, %d on page 2", total, len(list))
		}
	})
}
