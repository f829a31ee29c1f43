package org

import (
	"context"
	"strings"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/errs"
	"github.com/socle-portal/socle/internal/i18n"
	"github.com/socle-portal/socle/internal/mail"
)

// ErrLookalikeSettled: the pair is no longer in the queue (dismissed by
// someone else meanwhile, or never flagged).
var ErrLookalikeSettled = errs.New(errs.ErrConflict, "lookalike.settled", "this look-alike was already settled")

// Lookalike is an organization created although it looks like an existing
// one (udata's API creates them; socle's page form asks first): support
// checks the pair, and says they differ or deletes the copy.
type Lookalike struct {
	Org       Organization // the one created
	Like      Organization // the existing one it looks like
	CreatedAt time.Time
	Creator   account.User // who created Org: id, slug, names and address
}

// flagLookalikes records, in the creation's transaction, that o looks like
// each of dups, and tells the support address once.
func (s *Service) flagLookalikes(ctx context.Context, tx Tx, o Organization, dups []Organization, actor account.User) error {
	if len(dups) == 0 {
		return nil // support hears of look-alikes only
	}
	names := make([]string, len(dups))
	for i, d := range dups {
		if err := tx.AddLookalike(ctx, o.ID, d.ID, actor.ID, s.now()); err != nil {
			return err
		}
		// the history keeps the pair too, for the organization's admins
		if err := s.log(ctx, tx, o.ID, "org.lookalike", actor, "", d.ID+" "+d.Name); err != nil {
			return err
		}
		names[i] = d.Name
	}
	to := s.mail.SupportAddress()
	if to == "" {
		return nil
	}
	msg, err := s.mail.Compose(i18n.Default, mail.SupportLookalike, to, mail.Data{Org: o.Name,
		Other: strings.Join(names, ", "), Email: actor.Email, Link: s.cfg.BaseURL + "/support#lookalikes",
		OtherLink: s.orgLink(o, "")})
	if err != nil {
		return err
	}
	return tx.Enqueue(ctx, msg)
}

// Lookalikes lists the look-alike pairs support has not settled, oldest
// first; sysadmins only. A pair leaves the list when support dismisses it
// or when either organization is deleted.
func (s *Service) Lookalikes(ctx context.Context, actor account.User) ([]Lookalike, error) {
	if !actor.Sysadmin {
		return nil, ErrForbidden
	}
	rows, err := s.store.OpenLookalikes(ctx)
	if err != nil || len(rows) == 0 {
		return nil, err
	}
	ids := make([]string, 0, 2*len(rows))
	for _, r := range rows {
		ids = append(ids, r.orgID, r.likeID)
	}
	orgs, err := s.ByIDs(ctx, ids) // one query for the whole page
	if err != nil {
		return nil, err
	}
	out := make([]Lookalike, len(rows))
	for i, r := range rows {
		out[i] = Lookalike{Org: orgs[r.orgID], Like: orgs[r.likeID], CreatedAt: r.createdAt,
			Creator: account.User{ID: r.creatorID, Slug: r.slug, FirstName: r.first, LastName: r.last, Email: r.adr}}
	}
	return out, nil
}

// DismissLookalike settles a pair as two different organizations;
// sysadmins only. The created organization's history says so.
func (s *Service) DismissLookalike(ctx context.Context, actor account.User, orgID, likeID string) error {
	if !actor.Sysadmin {
		return ErrForbidden
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		ok, err := tx.DismissLookalike(ctx, orgID, likeID, actor.ID, s.now())
		if err != nil {
			return err
		}
		if !ok {
			return ErrLookalikeSettled
		}
		like, err := tx.OrgByID(ctx, likeID)
		if err != nil {
			return err
		}
		return s.log(ctx, tx, orgID, "org.lookalike_dismissed", actor, "", like.ID+" "+like.Name)
	})
}
