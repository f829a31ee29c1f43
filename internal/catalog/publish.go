package catalog

import (
	"context"

	"github.com/socle-portal/socle/internal/account"
)

// Publish makes a draft public (its page's "Publier" button); its other
// fields stay as they are in the transaction, whatever an edit changed
// since the page was shown. Publishing a published dataset changes nothing.
func (s *Service) Publish(ctx context.Context, u account.User, id string) (Dataset, error) {
	var d Dataset
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if d, err = s.editable(ctx, tx, u, id); err != nil || !d.Draft {
			return err
		}
		now := s.now()
		d.Draft, d.UpdatedAt = false, now
		if d.PublishedAt.IsZero() {
			d.PublishedAt = now
		}
		return tx.UpdateDataset(ctx, d, s.searchText(ctx, tx.Reader, d))
	})
	return d, err
}
