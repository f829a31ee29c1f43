package account

import (
	"context"
	"errors"
	"io"

	"github.com/socle-portal/socle/internal/images"
)

// AvatarSizes are the widths of the stored avatar images, largest first
// (udata keeps the original capped at 500 px and smaller thumbnails).
var AvatarSizes = []int{500, 100, 32}

var avatars = images.Set{Folder: "avatars", Sizes: AvatarSizes}

// SetFiles gives the service the file store avatars are kept in.
func (s *Service) SetFiles(f images.Files) { s.files = f }

// SetAvatar replaces u's avatar with the picture read from r (PNG, JPEG or
// WebP, images.MaxBytes at most), stored as PNG at every size of
// AvatarSizes. A bad picture is a validation error on "file".
func (s *Service) SetAvatar(ctx context.Context, u User, r io.Reader, m Meta) (User, error) {
	if s.files == nil {
		return u, errors.New("account: no file store")
	}
	version, err := avatars.Upload(ctx, s.files, r, "file.too_big", u.ID, s.now())
	if err != nil {
		return u, err
	}
	err = s.store.InTx(ctx, func(tx Tx) error {
		cur, err := tx.UserByID(ctx, u.ID)
		if err != nil {
			return err
		}
		if cur.Deleted() {
			return ErrNotFound
		}
		cur.Avatar = version
		if err := tx.UpdateUser(ctx, cur); err != nil {
			return err
		}
		u = cur
		return s.log(ctx, tx, EventProfileUpdated, u.ID, u.ID, m, "avatar")
	})
	return u, err
}

// AvatarURL returns the URL of u's avatar at size (one of AvatarSizes), or
// "" when u has none.
func (s *Service) AvatarURL(u User, size int) string {
	return avatars.URL(s.files, u.ID, u.Avatar, size)
}
