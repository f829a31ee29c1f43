// Package images reads uploaded pictures (organization logos, user avatars)
// and stores them resized, as PNG, in a file store. It knows nothing of who
// may upload what: the domain packages decide that.
package images

import (
	"bytes"
	"context"
	"fmt"
	"image"
	_ "image/jpeg" // decoders registered for image.Decode
	"image/png"
	"io"
	"strconv"
	"time"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp"

	"github.com/socle-portal/socle/internal/validate"
)

// MaxBytes bounds an uploaded picture; maxPixels bounds its decoded size,
// so that a small file cannot claim a huge canvas.
const (
	MaxBytes  = 5 << 20
	maxPixels = 40_000_000
)

// Files stores images; internal/files implements it (local disk or S3).
type Files interface {
	Put(ctx context.Context, key string, r io.Reader) error
	URL(key string) string
}

// Decode reads a PNG, JPEG or WebP picture of at most MaxBytes. Anything
// else is a validation error on the form field "file"; tooBig is the
// message key of a file over the limit.
func Decode(r io.Reader, tooBig string) (image.Image, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxBytes {
		return nil, validate.Field("file", tooBig)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "png" && format != "jpeg" && format != "webp") {
		return nil, validate.Field("file", "image.format")
	}
	if cfg.Width*cfg.Height > maxPixels || cfg.Width == 0 || cfg.Height == 0 {
		return nil, validate.Field("file", "image.dimensions")
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, validate.Field("file", "image.format")
	}
	return img, nil
}

// Store writes img as PNG at every size of sizes (the larger side at most
// that many pixels), under the key key(size).
func Store(ctx context.Context, files Files, img image.Image, sizes []int, key func(size int) string) error {
	for _, size := range sizes {
		var b bytes.Buffer
		if err := png.Encode(&b, Fit(img, size)); err != nil {
			return err
		}
		if err := files.Put(ctx, key(size), &b); err != nil {
			return fmt.Errorf("images: store: %w", err)
		}
	}
	return nil
}

// Set is one kind of stored picture (avatars, logos): its folder in the
// file store and its sizes, largest first. Each upload is a new version,
// so that its URLs change and no cache serves the old picture.
type Set struct {
	Folder string
	Sizes  []int
}

// Put stores img for owner at every size of s under a new version, made
// of now, and returns that version.
func (s Set) Put(ctx context.Context, files Files, img image.Image, owner string, now time.Time) (string, error) {
	version := strconv.FormatInt(now.UnixNano(), 36)
	return version, Store(ctx, files, img, s.Sizes, func(size int) string { return s.key(owner, version, size) })
}

// Upload decodes the picture read from r (see Decode; tooBig is the
// message key of a file over the limit) and puts it for owner.
func (s Set) Upload(ctx context.Context, files Files, r io.Reader, tooBig, owner string, now time.Time) (string, error) {
	img, err := Decode(r, tooBig)
	if err != nil {
		return "", err
	}
	return s.Put(ctx, files, img, owner, now)
}

// URL is the address of owner's picture at version and size, or "" when
// there is none (no version, or no file store).
func (s Set) URL(files Files, owner, version string, size int) string {
	if version == "" || files == nil {
		return ""
	}
	return files.URL(s.key(owner, version, size))
}

func (s Set) key(owner, version string, size int) string {
	return s.Folder + "/" + owner + "/" + version + "-" + strconv.Itoa(size) + ".png"
}

// Fit scales img down so that its larger side is at most size pixels.
func Fit(img image.Image, size int) image.Image {
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
