package org

import (
	"context"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/mail"
	"github.com/socle-portal/socle/internal/validate"
)

func (s *Service) orgLink(o Organization, path string) string {
	return s.cfg.BaseURL + "/organizations/" + o.Slug + path
}

// notifyAdmins tells every admin of o about request r, in the app and by
// e-mail, with a link to the page where they answer.
func (s *Service) notifyAdmins(ctx context.Context, tx Tx, o Organization, requester account.User, r Request) error {
	admins, err := adminsOf(ctx, tx, o.ID)
	if err != nil {
		return err
	}
	for _, m := range admins {
		n := Notification{ID: account.NewUUID(), UserID: m.User.ID, Kind: NotifyRequest, OrgID: o.ID,
			OtherUserID: requester.ID, RequestKind: r.Kind, CreatedAt: s.now()}
		if err := s.deliver(ctx, tx, m.User, n, mail.MembershipRequested, mail.Data{Org: o.Name,
			Other: requester.FullName(), Comment: r.Comment, Link: s.orgLink(o, "/members")}); err != nil {
			return err
		}
	}
	return nil
}

// notifyRequester tells the requester the answer, in the app and by e-mail.
func (s *Service) notifyRequester(ctx context.Context, tx Tx, o Organization, u account.User, kind, reason string) error {
	n := Notification{ID: account.NewUUID(), UserID: u.ID, Kind: kind, OrgID: o.ID, Comment: reason, CreatedAt: s.now()}
	mk := mail.MembershipAccepted
	if kind == NotifyRefused {
		mk = mail.MembershipRefused
	}
	return s.deliver(ctx, tx, u, n, mk, mail.Data{Org: o.Name, Comment: reason, Link: s.orgLink(o, "")})
}

// ReadFilter selects notices by whether they were read (udata's "handled").
type ReadFilter int

const (
	AllNotices    ReadFilter = iota // read or not
	UnreadNotices                   // udata's handled=false
	ReadNotices                     // udata's handled=true
)

// Notifications lists u's notices that pass filter, newest first, and how
// many there are.
func (s *Service) Notifications(ctx context.Context, u account.User, filter ReadFilter, page, pageSize int) ([]Notification, int, error) {
	return s.store.Notifications(ctx, u.ID, filter, pageSize, (page-1)*pageSize)
}

// UnreadCount is the number shown next to the notifications link.
func (s *Service) UnreadCount(ctx context.Context, u account.User) (int, error) {
	_, n, err := s.store.Notifications(ctx, u.ID, UnreadNotices, 0, 0)
	return n, err
}

// MarkRead marks one of u's notices read.
func (s *Service) MarkRead(ctx context.Context, u account.User, id string) (Notification, error) {
	var n Notification
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		n, err = tx.MarkRead(ctx, u.ID, id, s.now())
		return err
	})
	return n, err
}

// AddBadge grants a badge; sysadmins only. Every member is told.
func (s *Service) AddBadge(ctx context.Context, actor account.User, orgID, kind string) (Organization, error) {
	if _, ok := Badges[kind]; !ok {
		return Organization{}, validate.Field("kind", "badge.unknown")
	}
	if !actor.Sysadmin {
		return Organization{}, ErrForbidden
	}
	var o Organization
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if o, err = live(ctx, tx.Reader, orgID); err != nil {
			return err
		}
		for _, b := range o.Badges {
			if b == kind {
				return nil
			}
		}
		o.Badges = append(o.Badges, kind)
		if err := tx.UpdateOrg(ctx, o, NameKey(o.Name)); err != nil {
			return err
		}
		if err := s.log(ctx, tx, orgID, "badge.added", actor, "", kind); err != nil {
			return err
		}
		members, err := tx.Members(ctx, orgID)
		if err != nil {
			return err
		}
		for _, m := range members {
			n := Notification{ID: account.NewUUID(), UserID: m.User.ID, Kind: NotifyBadge, OrgID: orgID, Badge: kind, CreatedAt: s.now()}
			if err := s.deliver(ctx, tx, m.User, n, mail.BadgeAdded, mail.Data{Org: o.Name, Comment: Badges[kind],
				Link: s.orgLink(o, "")}); err != nil {
				return err
			}
		}
		return nil
	})
	return o, err
}

// RemoveBadge takes a badge away; sysadmins only.
func (s *Service) RemoveBadge(ctx context.Context, actor account.User, orgID, kind string) error {
	if !actor.Sysadmin {
		return ErrForbidden
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		o, err := live(ctx, tx.Reader, orgID)
		if err != nil {
			return err
		}
		kept := o.Badges[:0]
		found := false
		for _, b := range o.Badges {
			if b == kind {
				found = true
				continue
			}
			kept = append(kept, b)
		}
		if !found {
			return ErrNotFound
		}
		o.Badges = kept
		if err := tx.UpdateOrg(ctx, o, NameKey(o.Name)); err != nil {
			return err
		}
		return s.log(ctx, tx, orgID, "badge.removed", actor, "", kind)
	})
}

// adminsOf lists the admins of organization orgID, in the transaction.
func adminsOf(ctx context.Context, tx Tx, orgID string) ([]Member, error) {
	members, err := tx.Members(ctx, orgID)
	if err != nil {
		return nil, err
	}
	var admins []Member
	for _, m := range members {
		if m.Role == RoleAdmin {
			admins = append(admins, m)
		}
	}
	return admins, nil
}
