package catalog

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/validate"
)

// Transfer asks for a dataset to change owner. It takes effect only when
// the receiving side (an admin of the organization, or the user) accepts.
type Transfer struct {
	ID          string
	DatasetID   string
	FromOrg     string
	FromUser    string
	ToOrg       string
	ToUser      string
	RequestedBy string
	Comment     string
	Status      string // pending, accepted, refused
	CreatedAt   time.Time
	HandledAt   time.Time
	HandledBy   string
}

var (
	ErrTransferHandled = errors.New("this transfer was already answered")
	ErrSameOwner       = errors.New("the dataset already belongs to the recipient")
)

// RequestTransfer asks to give dataset id to the organization toOrg or to
// the user toUser. Whoever may edit the dataset may ask.
func (s *Service) RequestTransfer(ctx context.Context, u account.User, id, toOrg, toUser, comment string) (Transfer, error) {
	if (toOrg == "") == (toUser == "") {
		return Transfer{}, validate.Field("recipient", "transfer.recipient")
	}
	var t Transfer
	err := s.store.InTx(ctx, func(tx Tx) error {
		d, err := s.editable(ctx, tx, u, id)
		if err != nil {
			return err
		}
		if (toOrg != "" && toOrg == d.OrgID) || (toUser != "" && toUser == d.OwnerID) {
			return ErrSameOwner
		}
		if toOrg != "" {
			if o, err := tx.OrgByID(ctx, toOrg); err != nil || o.Deleted() {
				return validate.Field("recipient", "transfer.recipient")
			}
		} else if _, err := tx.UserByID(ctx, toUser); err != nil {
			return validate.Field("recipient", "transfer.recipient")
		}
		t = Transfer{ID: account.NewID(), DatasetID: d.ID, FromOrg: d.OrgID, FromUser: d.OwnerID, ToOrg: toOrg,
			ToUser: toUser, RequestedBy: u.ID, Comment: strings.TrimSpace(comment), Status: "pending", CreatedAt: s.now()}
		return tx.CreateTransfer(ctx, t)
	})
	if errors.Is(err, account.ErrConflict) {
		return Transfer{}, validate.Field("subject", "transfer.pending")
	}
	return t, err
}

// canReceive tells whether u answers for the receiving side of t.
func (s *Service) canReceive(ctx context.Context, r Reader, u account.User, t Transfer) (bool, error) {
	if u.Sysadmin || (t.ToUser != "" && t.ToUser == u.ID) {
		return true, nil
	}
	if t.ToOrg == "" {
		return false, nil
	}
	m, err := r.Member(ctx, t.ToOrg, u.ID)
	if errors.Is(err, org.ErrNotFound) {
		return false, nil
	}
	return err == nil && m.Role == org.RoleAdmin, err
}

// AnswerTransfer accepts or refuses a transfer; only the receiving side may.
// Accepting moves the dataset; of two concurrent answers, one wins.
func (s *Service) AnswerTransfer(ctx context.Context, u account.User, id string, accept bool) (Transfer, error) {
	var t Transfer
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if t, err = tx.TransferByID(ctx, id); err != nil {
			return err
		}
		ok, err := s.canReceive(ctx, tx, u, t)
		if err != nil {
			return err
		}
		if !ok {
			return ErrForbidden
		}
		status := "refused"
		if accept {
			status = "accepted"
		}
		done, err := tx.HandleTransfer(ctx, id, status, u.ID, s.now())
		if err != nil {
			return err
		}
		if !done {
			return ErrTransferHandled
		}
		t.Status, t.HandledBy, t.HandledAt = status, u.ID, s.now()
		if !accept {
			return nil
		}
		d, err := tx.DatasetByID(ctx, t.DatasetID)
		if err != nil {
			return err
		}
		oldOrg := d.OrgID
		d.OrgID, d.OwnerID, d.UpdatedAt = t.ToOrg, t.ToUser, s.now()
		if err := tx.UpdateDataset(ctx, d, s.searchText(ctx, tx, d)); err != nil {
			return err
		}
		if oldOrg != "" {
			return tx.ClearAssignments(ctx, d.ID)
		}
		return nil
	})
	return t, err
}

// Transfers lists the pending transfers u may answer or asked for.
func (s *Service) Transfers(ctx context.Context, u account.User) ([]Transfer, error) {
	return s.store.TransfersFor(ctx, u.ID)
}

// TransferOf returns one transfer, to those concerned.
func (s *Service) TransferOf(ctx context.Context, u account.User, id string) (Transfer, error) {
	t, err := s.store.TransferByID(ctx, id)
	if err != nil {
		return t, err
	}
	ok, err := s.canReceive(ctx, s.store, u, t)
	if err != nil {
		return t, err
	}
	if !ok && t.RequestedBy != u.ID {
		return Transfer{}, ErrNotFound
	}
	return t, nil
}
