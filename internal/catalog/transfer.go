package catalog

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/errs"
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
	Status      TransferStatus
	CreatedAt   time.Time
	HandledAt   time.Time
	HandledBy   string
}

// TransferStatus is where a transfer stands, as in udata. A transfer starts
// pending and is answered once, accepted or refused, and then never changes
// again (see CanBecome).
type TransferStatus string

// Statuses of transfers.
const (
	TransferPending  TransferStatus = "pending"
	TransferAccepted TransferStatus = "accepted"
	TransferRefused  TransferStatus = "refused"
)

// TransferStatuses lists every status of a transfer, the pending one first.
var TransferStatuses = []TransferStatus{TransferPending, TransferAccepted, TransferRefused}

// Valid reports whether s is a known status.
func (s TransferStatus) Valid() bool { return slices.Contains(TransferStatuses, s) }

// Final reports whether s is an answer, which nothing changes any more.
func (s TransferStatus) Final() bool { return s.Valid() && s != TransferPending }

// CanBecome reports whether a transfer in status s may move to next: only a
// pending transfer moves, and only to an answer.
func (s TransferStatus) CanBecome(next TransferStatus) bool {
	return s == TransferPending && next.Final()
}

var (
	ErrTransferHandled = errs.New(errs.ErrBadRequest, "api.transfer_handled", "this transfer was already answered") // udata: 400
	ErrSameOwner       = errs.New(errs.ErrBadRequest, "transfer.same", "the dataset already belongs to the recipient")
	// ErrTransferStale: the dataset changed owner or was deleted since the
	// transfer was asked for, typically by another transfer accepted first.
	ErrTransferStale = errs.New(errs.ErrBadRequest, "transfer.stale", "the dataset no longer belongs to the owner this transfer was asked from")
	// ErrOwnTransfer: the requester tries to accept their own transfer. It
	// is an ErrForbidden.
	ErrOwnTransfer = errs.New(ErrForbidden, "transfer.own", "whoever asked for a transfer may not accept it")
)

// RequestTransfer asks to give dataset id to the organization toOrg or to
// the user toUser. Only whoever may give it away asks (Rights.Transfer: an
// admin of its organization, its owner, a sysadmin). Several transfers of
// one dataset may wait at once, as in udata; accepting one makes the others
// stale (see AnswerTransfer).
func (s *Service) RequestTransfer(ctx context.Context, u account.User, id, toOrg, toUser, comment string) (Transfer, error) {
	if (toOrg == "") == (toUser == "") {
		return Transfer{}, validate.Field("recipient", "transfer.recipient")
	}
	var t Transfer
	err := s.store.InTx(ctx, func(tx Tx) error {
		d, err := s.transferable(ctx, tx, u, id)
		if err != nil {
			return err
		}
		if (toOrg != "" && toOrg == d.OrgID) || (toUser != "" && toUser == d.OwnerID) {
			return ErrSameOwner
		}
		if live, err := recipientLive(ctx, tx, toOrg, toUser); err != nil {
			return err
		} else if !live {
			return validate.Field("recipient", "transfer.recipient")
		}
		t = Transfer{ID: account.NewID(), DatasetID: d.ID, FromOrg: d.OrgID, FromUser: d.OwnerID, ToOrg: toOrg,
			ToUser: toUser, RequestedBy: u.ID, Comment: strings.TrimSpace(comment), Status: TransferPending, CreatedAt: s.now()}
		return tx.CreateTransfer(ctx, t)
	})
	return t, err
}

// transferable returns dataset id if u may give it away. One u may not see
// is an unknown subject, as udata words it (400), whatever the reason.
func (s *Service) transferable(ctx context.Context, tx Tx, u account.User, id string) (Dataset, error) {
	d, err := tx.DatasetByID(ctx, id)
	var r Rights
	if err == nil {
		r, err = s.rights(ctx, tx.Reader, u, d)
	}
	if err == nil {
		err = writable(d, r)
	}
	switch {
	case errors.Is(err, ErrNotFound):
		return d, validate.Field("subject", "transfer.unknown")
	case err == nil && !r.Transfer:
		return d, ErrForbidden
	}
	return d, err
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

// TransferRights is what one user may do with one pending transfer.
type TransferRights struct {
	Accept bool
	Refuse bool // for the requester, this withdraws the request
}

// transferRights decides u's rights on t. The receiving side accepts or
// refuses: the recipient user, an admin of the recipient organization, a
// sysadmin. The requester never accepts their own transfer, whatever their
// role on the receiving side, so that nobody moves a dataset alone (an
// admin of both organizations needs a second admin, a sysadmin another
// sysadmin); they may still refuse it, which withdraws it.
func (s *Service) transferRights(ctx context.Context, r Reader, u account.User, t Transfer) (TransferRights, error) {
	receiver, err := s.canReceive(ctx, r, u, t)
	if err != nil {
		return TransferRights{}, err
	}
	asked := u.ID != "" && t.RequestedBy == u.ID
	return TransferRights{Accept: receiver && !asked, Refuse: receiver || asked}, nil
}

// TransferRightsOf tells what u may do with t, for the pages.
func (s *Service) TransferRightsOf(ctx context.Context, u account.User, t Transfer) (TransferRights, error) {
	return s.transferRights(ctx, s.store.Reader, u, t)
}

// AnswerTransfer accepts or refuses a pending transfer (see transferRights
// for who may). Accepting moves the dataset; of two concurrent answers to
// one transfer, one wins, and of two transfers of one dataset accepted at
// once, one wins and the other is stale (see move).
func (s *Service) AnswerTransfer(ctx context.Context, u account.User, id string, accept bool) (Transfer, error) {
	var t Transfer
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if t, err = tx.TransferByID(ctx, id); err != nil {
			return err
		}
		if err := s.mayAnswer(ctx, tx, u, t, accept); err != nil {
			return err
		}
		status := TransferRefused
		if accept {
			status = TransferAccepted
		}
		if !t.Status.CanBecome(status) {
			return ErrTransferHandled
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
		return s.move(ctx, tx, t)
	})
	return t, err
}

func (s *Service) mayAnswer(ctx context.Context, tx Tx, u account.User, t Transfer, accept bool) error {
	r, err := s.transferRights(ctx, tx.Reader, u, t)
	switch {
	case err != nil:
		return err
	case accept && t.RequestedBy == u.ID:
		return ErrOwnTransfer
	case (accept && !r.Accept) || (!accept && !r.Refuse):
		return ErrForbidden
	}
	return nil
}

// move gives the dataset to t's recipient. It locks the dataset's row and
// checks that t's owner still owns it, live: a second transfer accepted at
// the same moment waits for the first one's commit, then finds the new
// owner and fails as stale. The other pending transfers stay pending, as
// udata leaves them; they can only be refused now.
func (s *Service) move(ctx context.Context, tx Tx, t Transfer) error {
	d, err := tx.LockDataset(ctx, t.DatasetID)
	if err != nil {
		return err
	}
	if d.Deleted() || d.OrgID != t.FromOrg || d.OwnerID != t.FromUser {
		return ErrTransferStale
	}
	// The recipient may have been deleted since the request.
	if live, err := recipientLive(ctx, tx, t.ToOrg, t.ToUser); err != nil {
		return err
	} else if !live {
		return ErrTransferStale
	}
	// Giving it away was the requester's decision: it stands only while
	// they may still make it (an admin since demoted may not).
	requester, err := tx.UserByID(ctx, t.RequestedBy)
	if err != nil {
		return err
	}
	if r, err := s.rights(ctx, tx.Reader, requester, d); err != nil {
		return err
	} else if !r.Transfer || requester.Deleted() {
		return ErrTransferStale
	}
	oldOrg := d.OrgID
	d.OrgID, d.OwnerID, d.UpdatedAt = t.ToOrg, t.ToUser, s.now()
	if err := tx.UpdateDataset(ctx, d, s.searchText(ctx, tx.Reader, d)); err != nil {
		return err
	}
	if oldOrg != "" {
		return tx.ClearAssignments(ctx, d.ID)
	}
	return nil
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
	r, err := s.TransferRightsOf(ctx, u, t)
	if err != nil {
		return t, err
	}
	if !r.Accept && !r.Refuse {
		return Transfer{}, ErrNotFound
	}
	return t, nil
}

// recipientLive tells whether the organization toOrg, or else the user
// toUser, exists and is not deleted.
func recipientLive(ctx context.Context, tx Tx, toOrg, toUser string) (bool, error) {
	var deleted bool
	var err error
	if toOrg != "" {
		var o org.Organization
		o, err = tx.OrgByID(ctx, toOrg)
		deleted = o.Deleted()
	} else {
		var u account.User
		u, err = tx.UserByID(ctx, toUser)
		deleted = u.Deleted()
	}
	if errors.Is(err, org.ErrNotFound) || errors.Is(err, account.ErrNotFound) {
		return false, nil
	}
	return err == nil && !deleted, err
}
