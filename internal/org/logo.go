package org

import (
	"context"
	"errors"
	"io"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/images"
)

// MaxLogoBytes bounds an uploaded logo.
const MaxLogoBytes = images.MaxBytes

// LogoSizes are the widths of the stored logo images, largest first
// (udata's: the original capped at 500 px, thumbnails of 100, 60 and 25 px).
var LogoSizes = []int{500, 100, 60, 25}

var logos = images.Set{Folder: "logos", Sizes: LogoSizes}

// Files stores images; internal/files implements it.
type Files = images.Files

// SetLogo replaces the organization's logo with the image read from r
// (PNG, JPEG or WebP), stored as PNG in every size of LogoSizes.
func (s *Service) SetLogo(ctx context.Context, actor account.User, orgID string, r io.Reader) (Organization, error) {
	if s.files == nil {
		return Organization{}, errors.New("org: no file store")
	}
	o, err := live(ctx, s.store.Reader, orgID)
	if err != nil {
		return o, err
	}
	a, err := s.Access(ctx, actor, orgID)
	if err != nil {
		return o, err
	}
	if !a.CanAdmin() {
		return o, ErrForbidden
	}
	version, err := logos.Upload(ctx, s.files, r, "logo.too_big", o.ID, s.now())
	if err != nil {
		return o, err
	}
	err = s.store.InTx(ctx, func(tx Tx) error {
		cur, err := live(ctx, tx.Reader, orgID)
		if err != nil {
			return err
		}
		cur.Logo, cur.UpdatedAt = version, s.now()
		if err := tx.UpdateOrg(ctx, cur, NameKey(cur.Name)); err != nil {
			return err
		}
		o = cur
		return s.log(ctx, tx, orgID, "org.logo", actor, "", "")
	})
	return o, err
}

// LogoURL returns the URL of o's logo at size (one of LogoSizes), or "".
func (s *Service) LogoURL(o Organization, size int) string {
	return logos.URL(s.files, o.ID, o.Logo, size)
}
