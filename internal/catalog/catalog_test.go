package catalog_test

import (
	"context"
	"errors"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
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

func newEnv(t *testing.T, db *sqldb.DB) *env {
	t.Helper()
	x := testenv.New(t, db, testenv.Limits(account.Limits{}))
	return &env{Env: x}
}

// user makes a confirmed user, a sysadmin when asked.
func (e *env) user(t *testing.T, name string, sysadmin bool) account.User {
	t.Helper()
	if sysadmin {
		return e.Sysadmin(t)
	}
	return e.User(t, name)
}

func (e *env) join(t *testing.T, admin, u account.User, o org.Organization, role org.Role) {
	t.Helper()
	e.Member(t, admin, u, o, role)
}

// orgWithRoles makes an organization with an admin, an editor and a
// partial editor, and a public dataset of it assigned to the partial editor.
type orgWithRoles struct {
	o                      org.Organization
	admin, editor, partial account.User
	d                      catalog.Dataset
}

func (e *env) orgWithRoles(t *testing.T, name string) orgWithRoles {
	t.Helper()
	x := orgWithRoles{admin: e.user(t, "admin", false), editor: e.user(t, "editor", false), partial: e.user(t, "partial", false)}
	var err error
	if x.o, err = e.Orgs.Create(ctx, x.admin, org.Input{Name: name, Description: "d"}, true); err != nil {
		t.Fatal(err)
	}
	e.join(t, x.admin, x.editor, x.o, org.RoleEditor)
	e.join(t, x.admin, x.partial, x.o, org.RolePartialEditor)
	if x.d, err = e.Catalog.Create(ctx, x.editor, input("Réseau de bus "+name, x.o.ID)); err != nil {
		t.Fatal(err)
	}
	if err := e.Catalog.Assign(ctx, x.admin, x.o.ID, x.partial.ID, []string{x.d.ID}); err != nil {
		t.Fatal(err)
	}
	return x
}

func input(title, orgID string) catalog.Input {
	return catalog.Input{Title: title, Description: "Horaires théoriques du réseau", Tags: []string{"Transport", "GTFS"},
		License: "lov2", Frequency: "weekly", OrgID: orgID}
}

// TestPermissionsByRole checks, role by role, who may create, edit and
// delete an organization's datasets and who may see private ones.
func TestPermissionsByRole(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		admin, editor, partial, other, support := e.user(t, "admin", false), e.user(t, "editor", false),
			e.user(t, "partial", false), e.user(t, "other", false), e.user(t, "support", true)
		o, _ := e.Orgs.Create(ctx, admin, org.Input{Name: "Métropole du Grand Paris", Description: "d"}, true)
		e.join(t, admin, editor, o, org.RoleEditor)
		e.join(t, admin, partial, o, org.RolePartialEditor)

		// a partial editor creates, as udata, and may edit what they made
		own, err := e.Catalog.Create(ctx, partial, input("Par un éditeur partiel", o.ID))
		if err != nil {
			t.Fatalf("partial editor creates: %v", err)
		}
		if r, err := e.Catalog.Rights(ctx, partial, own); err != nil || !r.Edit {
			t.Fatalf("partial editor's own dataset: %+v %v", r, err)
		}
		// udata: 400 on organization
		var verr *validate.Errors
		if _, err := e.Catalog.Create(ctx, other, input("Par un inconnu", o.ID)); !errors.As(err, &verr) || verr.Fields["organization"] == nil {
			t.Fatalf("non-member creates: %v", err)
		}
		assigned, err := e.Catalog.Create(ctx, editor, input("Réseau de bus", o.ID))
		if err != nil || assigned.Slug != "reseau-de-bus" || assigned.Tags[1] != "transport" { // sorted, as udata
			t.Fatalf("editor creates: %+v %v", assigned, err)
		}
		private := input("Données internes", o.ID)
		private.Private = true
		hidden, err := e.Catalog.Create(ctx, admin, private)
		if err != nil {
			t.Fatal(err)
		}
		if err := e.Catalog.Assign(ctx, editor, o.ID, partial.ID, []string{assigned.ID}); !errors.Is(err, catalog.ErrForbidden) {
			t.Fatalf("an editor assigns: %v", err)
		}
		if err := e.Catalog.Assign(ctx, admin, o.ID, editor.ID, []string{assigned.ID}); err == nil {
			t.Fatal("assigning to a non-partial editor accepted")
		}
		if err := e.Catalog.Assign(ctx, admin, o.ID, partial.ID, []string{assigned.ID}); err != nil {
			t.Fatal(err)
		}
		edit := input("Réseau de bus (mis à jour)", "")
		cases := []struct {
			who     account.User
			d       catalog.Dataset
			canEdit bool
			canSee  bool
		}{
			{admin, hidden, true, true},
			{editor, hidden, true, true},
			{partial, assigned, true, true},
			{partial, hidden, false, true}, // a member sees private datasets but may not edit unassigned ones
			{other, assigned, false, true},
			{other, hidden, false, false},
			{support, hidden, true, true},
		}
		for _, c := range cases {
			edit.Private = c.d.Private
			_, err := e.Catalog.Update(ctx, c.who, c.d.ID, edit)
			switch {
			case c.canEdit && err != nil:
				t.Errorf("%s edits %s: %v", c.who.FirstName, c.d.Title, err)
			case !c.canEdit && c.canSee && !errors.Is(err, catalog.ErrForbidden):
				t.Errorf("%s edits %s: %v, want ErrForbidden", c.who.FirstName, c.d.Title, err)
			case !c.canSee && !errors.Is(err, catalog.ErrNotFound):
				t.Errorf("%s edits hidden %s: %v, want ErrNotFound", c.who.FirstName, c.d.Title, err)
			}
			_, err = e.Catalog.Get(ctx, c.who, c.d.ID)
			if (err == nil) != c.canSee {
				t.Errorf("%s sees %s: %v", c.who.FirstName, c.d.Title, err)
			}
		}
		// A user's own dataset: only they (and support) edit it.
		mine, err := e.Catalog.Create(ctx, other, input("Mes données", ""))
		if err != nil || mine.OwnerID != other.ID {
			t.Fatalf("personal dataset: %v", err)
		}
		if _, err := e.Catalog.Update(ctx, admin, mine.ID, edit); !errors.Is(err, catalog.ErrForbidden) {
			t.Fatalf("someone else edits a personal dataset: %v", err)
		}
		if err := e.Catalog.Delete(ctx, other, mine.ID); err != nil {
			t.Fatal(err)
		}
		if err := e.Catalog.Delete(ctx, other, mine.ID); !errors.Is(err, catalog.ErrDeleted) {
			t.Fatalf("delete twice: %v", err)
		}
	})
}

func TestDatasetValidationAndSearch(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		u := e.user(t, "alice", false)
		o, _ := e.Orgs.Create(ctx, u, org.Input{Name: "Île-de-France Mobilités", Description: "d"}, true)
		bad := []struct {
			edit       func(*catalog.Input)
			field, key string
		}{
			{func(in *catalog.Input) { in.Title = "" }, "title", "required"},
			{func(in *catalog.Input) { in.Description = "" }, "description", "required"},
			{func(in *catalog.Input) { in.License = "wtfpl" }, "license", "license.unknown"},
			{func(in *catalog.Input) { in.Frequency = "sometimes" }, "frequency", "frequency.unknown"},
			{func(in *catalog.Input) { in.OrgID = "000000000000000000000000" }, "organization", "organization.unknown"},
		}
		for _, c := range bad {
			in := input("x", o.ID)
			c.edit(&in)
			_, err := e.Catalog.Create(ctx, u, in)
			var v *validate.Errors
			if !errors.As(err, &v) || len(v.Fields[c.field]) == 0 || v.Fields[c.field][0] != c.key {
				t.Errorf("%s: %v", c.field, err)
			}
		}
		e.Catalog.Create(ctx, u, input("Horaires des bus de nuit Noctilien", o.ID))
		draft := input("Brouillon", o.ID)
		draft.Draft = true
		e.Catalog.Create(ctx, u, draft)
		for _, q := range []catalog.Query{{Q: "noctilien"}, {Q: "BUS nuit"}, {Q: "ile de france mobilites"}, {Tags: []string{"gtfs"}, Q: "horaires"}} {
			q.Page, q.PageSize = 1, 20
			found, err := e.Catalog.Search(ctx, account.User{}, q)
			if err != nil || found.Total != 1 || found.Items[0].Title != "Horaires des bus de nuit Noctilien" {
				t.Errorf("%+v: %d %v", q, found.Total, err)
			}
		}
		byOrg := catalog.Query{OrgID: o.ID, Page: 1, PageSize: 20}
		if p, _ := e.Catalog.Search(ctx, u, byOrg); p.Total != 1 {
			t.Errorf("a public listing (an export, a count) shows drafts, even to a member: %d", p.Total)
		}
		byOrg.WithHidden = true
		if p, _ := e.Catalog.Search(ctx, u, byOrg); p.Total != 2 {
			t.Errorf("members see drafts: %d", p.Total)
		}
		// The viewer decides, not the query: a caller asking for hidden
		// datasets of an organization it is not in gets the public ones.
		outsider := e.user(t, "bob", false)
		if p, _ := e.Catalog.Search(ctx, outsider, byOrg); p.Total != 1 {
			t.Errorf("a non-member sees drafts: %d", p.Total)
		}
	})
}
