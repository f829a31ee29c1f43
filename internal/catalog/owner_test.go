package catalog_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
	"github.com/socle-portal/socle/internal/validate"
)

// TestUpdate_organization: only a sysadmin gives a dataset to another
// organization through Update (udata's rule; others transfer it), and the
// old organization's partial editors lose it.
func TestUpdate_organization(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		x := e.orgWithRoles(t, "Métropole")
		other, err := e.Orgs.Create(ctx, x.editor, org.Input{Name: "Région", Description: "d"}, true)
		if err != nil {
			t.Fatal(err)
		}
		in := input(x.d.Title, other.ID)
		var v *validate.Errors
		if _, err := e.Catalog.Update(ctx, x.editor, x.d.ID, in); !errors.As(err, &v) || v.Fields["organization"] == nil {
			t.Errorf("an editor of both moves the dataset: %v", err)
		}
		if d, _ := e.Catalog.Get(ctx, x.admin, x.d.ID); d.OrgID != x.o.ID {
			t.Errorf("moved anyway to %s", d.OrgID)
		}
		support := e.user(t, "support", true)
		unknown := input(x.d.Title, "5f0c1a2b3c4d5e6f7a8b9c0d")
		if _, err := e.Catalog.Update(ctx, support, x.d.ID, unknown); !errors.As(err, &v) || v.Fields["organization"] == nil {
			t.Errorf("moved to an unknown organization: %v", err)
		}
		d, err := e.Catalog.Update(ctx, support, x.d.ID, in)
		if err != nil || d.OrgID != other.ID || d.OwnerID != "" {
			t.Fatalf("a sysadmin moves it: %+v %v", d, err)
		}
		if _, err := e.Catalog.Update(ctx, x.partial, x.d.ID, input("Repris", "")); !errors.Is(err, catalog.ErrForbidden) {
			t.Errorf("the old organization's partial editor still edits it: %v", err)
		}
	})
}

// TestUpdateResource_hostedFormat: a hosted file's format comes from the
// file; a remote resource's is the client's.
func TestUpdateResource_hostedFormat(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		x := e.orgWithRoles(t, "Métropole")
		f, err := e.Catalog.UploadResource(ctx, x.editor, x.d.ID, catalog.ResourceInput{Title: "Arrêts"},
			catalog.Upload{Filename: "arrets.csv", Mime: "text/csv", Body: strings.NewReader("a,b\n")})
		if err != nil {
			t.Fatal(err)
		}
		if f.Mime != "text/csv" {
			t.Errorf("mime %q, want the bare type", f.Mime)
		}
		f, err = e.Catalog.UpdateResource(ctx, x.editor, x.d.ID, f.ID, catalog.ResourceInput{Title: "Arrêts", Format: "pdf"})
		if err != nil || f.Format != "csv" {
			t.Errorf("hosted file's format %q, %v", f.Format, err)
		}
		r, err := e.Catalog.AddRemote(ctx, x.editor, x.d.ID, catalog.ResourceInput{Title: "Lignes", URL: "https://example.org/l.csv", Format: "csv"})
		if err != nil {
			t.Fatal(err)
		}
		r, err = e.Catalog.UpdateResource(ctx, x.editor, x.d.ID, r.ID, catalog.ResourceInput{Title: "Lignes", URL: r.URL, Format: "pdf"})
		if err != nil || r.Format != "pdf" {
			t.Errorf("remote resource's format %q, %v", r.Format, err)
		}
	})
}

// TestUpdate_resources: Update edits the listed resources of the dataset
// and adds the others with ids of its own: a client never takes another
// dataset's resource id, nor changes a hosted file's url or filetype.
func TestUpdate_resources(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		x := e.orgWithRoles(t, "Métropole")
		f, err := e.Catalog.UploadResource(ctx, x.editor, x.d.ID, catalog.ResourceInput{Title: "Arrêts"},
			catalog.Upload{Filename: "arrets.csv", Mime: "text/csv", Body: strings.NewReader("a,b\n")})
		if err != nil {
			t.Fatal(err)
		}
		mine, err := e.Catalog.Create(ctx, x.admin, input("Autre", ""))
		if err != nil {
			t.Fatal(err)
		}
		in := input("Autre", "")
		in.EditResources = true
		in.Resources = []catalog.ResourceInput{{ID: f.ID, Title: "Pris", URL: "https://example.org/a.csv"}}
		if _, err := e.Catalog.Update(ctx, x.admin, mine.ID, in); err != nil {
			t.Fatal(err)
		}
		rs, _ := e.Catalog.Resources(ctx, mine.ID)
		if len(rs) != 1 || rs[0].ID == f.ID || rs[0].Filetype != "remote" {
			t.Errorf("another dataset's resource id taken: %+v", rs)
		}
		var v *validate.Errors
		in.Resources[0].ID = "not-an-uuid"
		if _, err := e.Catalog.Update(ctx, x.admin, mine.ID, in); !errors.As(err, &v) || v.Fields["resources"] == nil {
			t.Errorf("malformed id: %v", err)
		}
		in = input(x.d.Title, x.o.ID)
		in.EditResources = true
		in.Resources = []catalog.ResourceInput{{ID: f.ID, Title: "Nouveau", Filetype: "remote", Format: "pdf", URL: "https://example.org/a.csv"}}
		if _, err := e.Catalog.Update(ctx, x.editor, x.d.ID, in); err != nil {
			t.Fatal(err)
		}
		rs, _ = e.Catalog.Resources(ctx, x.d.ID)
		if len(rs) != 1 || rs[0].Title != "Nouveau" || rs[0].Filetype != "file" || rs[0].URL != "" || rs[0].Format != "csv" ||
			rs[0].Checksum != f.Checksum {
			t.Errorf("hosted file after a dataset update: %+v", rs)
		}
	})
}
