package org

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // decoders registered for image.Decode
	"image/png"
	"io"
	"strconv"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/validate"
)

// Logo limits: the upload's size, and the sizes kept (udata's: the original
// capped at 500 px, thumbnails of 100, 60 and 25 px).
const (
	MaxLogoBytes  = 5 << 20
	maxLogoPixels = 40_000_000
)

// LogoSizes are the widths of the stored logo images, largest first.
var LogoSizes = []int{500, 100, 60, 25}

// Files stores images; internal/files implements it.
type Files interface {
	Put(ctx context.Context, key string, r io.Reader) error
	URL(key string) string
}

// SetLogo replaces the organization's logo with the image read from r
// (PNG, JPEG or WebP), stored as PNG in every size of LogoSizes.
func (s *Service) SetLogo(ctx context.Context, actor account.User, orgID string, r io.Reader) (Organization, error) {
	if s.files == nil {
		return Organization{}, errors.New("org: no file store")
	}
	o, err := live(ctx, s.store, orgID)
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
	img, err := decodeLogo(r)
	if err != nil {
		return o, err
	}
	version := strconv.FormatInt(s.now().UnixNano(), 36)
	for _, size := range LogoSizes {
		var b bytes.Buffer
		if err := png.Encode(&b, fit(img, size)); err != nil {
			return o, err
		}
		if err := s.files.Put(ctx, logoKey(o.ID, version, size), &b); err != nil {
			return o, fmt.Errorf("org: store logo: %w", err)
		}
	}
	err = s.store.InTx(ctx, func(tx Tx) error {
		cur, err := live(ctx, tx, orgID)
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

func decodeLogo(r io.Reader) (image.Image, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxLogoBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxLogoBytes {
		return nil, validate.Field("file", "logo.too_big")
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "png" && format != "jpeg" && format != "webp") {
		return nil, validate.Field("file", "logo.format")
	}
	if cfg.Width*cfg.Height > maxLogoPixels || cfg.Width == 0 || cfg.Height == 0 {
		return nil, validate.Field("file", "logo.dimensions")
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, validate.Field("file", "logo.format")
	}
	return img, nil
}

// fit scales img down so that its larger side is at most size pixels.
func fit(img image.Image, size int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= size && h <= size {
		return img
	}
	if w >= h {
		w, h = size, max(1, h*size/w)
	} else {
		w, h = max(1, w*size/h), size
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Over, nil)
	return dst
}

func logoKey(orgID, version string, size int) string {
	return "logos/" + orgID + "/" + version + "-" + strconv.Itoa(size) + ".png"
}

// LogoURL returns the URL of o's logo at size (one of LogoSizes), or "".
func (s *Service) LogoURL(o Organization, size int) string {
	if o.Logo == "" || s.files == nil {
		return ""
	}
	return s.files.URL(logoKey(o.ID, o.Logo, size))
}
