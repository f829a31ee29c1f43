package org_test

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/socle-portal/socle/internal/files"
	"github.com/socle-portal/socle/internal/mail"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

func TestLogoSizes(t *testing.T) {
	db := testdb.Open(t, sqldb.SQLite)
	e := newEnv(t, db)
	dir := t.TempDir()
	mc, _ := mail.NewComposer("socle", "http://socle.test", "s@example.org")
	e.Orgs = org.NewService(db, mc, org.Config{BaseURL: "http://socle.test",
		Files: &files.Local{Dir: dir, BaseURL: "http://socle.test/files"}})
	alice := e.user(t, "alice")
	o := e.org(t, alice, "Logos")
	var src bytes.Buffer
	jpeg.Encode(&src, image.NewRGBA(image.Rect(0, 0, 1200, 600)), nil)
	o, err := e.Orgs.SetLogo(ctx, alice, o.ID, &src)
	if err != nil {
		t.Fatal(err)
	}
	for _, size := range org.LogoSizes {
		url := e.Orgs.LogoURL(o, size)
		f, err := os.Open(filepath.Join(dir, url[len("http://socle.test/files/"):]))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil || img.Bounds().Dx() != size || img.Bounds().Dy() != size/2 {
			t.Errorf("size %d: got %v (%v)", size, img.Bounds(), err)
		}
	}
	big := bytes.Repeat([]byte{0}, org.MaxLogoBytes+1)
	if _, err := e.Orgs.SetLogo(ctx, alice, o.ID, bytes.NewReader(big)); err == nil {
		t.Fatal("an oversized upload was accepted")
	}
}
