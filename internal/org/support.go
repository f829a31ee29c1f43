package org

import (
	"context"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/mail"
)

// Why a request reached the support queue.
const (
	EscalateStale   = "stale"    // pending longer than the delay
	EscalateNoAdmin = "no_admin" // no admin of the organization seen for long
	EscalateAsked   = "asked"    // the requester asked support
)

// SupportConfig says when requests reach support, the portal's sysadmins.
type SupportConfig struct {
	StaleAfter     time.Duration // a pending request older than this (default 7 days)
	AdminAbsentFor time.Duration // no admin logged in for this long (default 90 days)
	AskAfter       time.Duration // the requester may ask support after this (default 3 days)
}

// DefaultSupport are the delays used unless configured.
func DefaultSupport() SupportConfig {
	return SupportConfig{StaleAfter: 7 * 24 * time.Hour, AdminAbsentFor: 90 * 24 * time.Hour, AskAfter: 3 * 24 * time.Hour}
}

func (s *Service) support() SupportConfig {
	c, d := s.cfg.Support, DefaultSupport()
	if c.StaleAfter <= 0 {
		c.StaleAfter = d.StaleAfter
	}
	if c.AdminAbsentFor <= 0 {
		c.AdminAbsentFor = d.AdminAbsentFor
	}
	if c.AskAfter <= 0 {
		c.AskAfter = d.AskAfter
	}
	return c
}

// CanAskSupport reports whether the requester may already send r to support.
func (s *Service) CanAskSupport(r Request) bool {
	return r.Pending() && r.Kind == KindRequest && !r.Escalated && !s.now().Before(r.CreatedAt.Add(s.support().AskAfter))
}

// Escalate moves to the support queue every request nobody answers: pending
// too long, or to an organization whose admins are all absent. A periodic
// job calls it; it returns how many requests it moved.
func (s *Service) Escalate(ctx context.Context) (int, error) {
	c, now := s.support(), s.now()
	n := 0
	err := s.store.InTx(ctx, func(tx Tx) error {
		reqs, err := tx.EscalationCandidates(ctx, now.Add(-c.StaleAfter), now.Add(-c.AdminAbsentFor))
		if err != nil {
			return err
		}
		for _, r := range reqs {
			why := EscalateNoAdmin
			if r.CreatedAt.Before(now.Add(-c.StaleAfter)) {
				why = EscalateStale
			}
			ok, err := s.escalate(ctx, tx, r, why, account.User{})
			if err != nil {
				return err
			}
			if ok {
				n++
			}
		}
		return nil
	})
	return n, err
}

// AskSupport lets a requester send their unanswered request to support.
func (s *Service) AskSupport(ctx context.Context, actor account.User, orgID, id string) error {
	return s.store.InTx(ctx, func(tx Tx) error {
		r, err := requestOf(ctx, tx.Reader, orgID, id)
		if err != nil {
			return err
		}
		if r.UserID != actor.ID || r.Kind != KindRequest {
			return ErrForbidden
		}
		if !r.Pending() {
			return ErrAlreadyHandled
		}
		if !s.CanAskSupport(r) {
			return ErrTooEarly
		}
		_, err = s.escalate(ctx, tx, r, EscalateAsked, actor)
		return err
	})
}

func (s *Service) escalate(ctx context.Context, tx Tx, r Request, why string, actor account.User) (bool, error) {
	ok, err := tx.Escalate(ctx, r.ID, why, s.now())
	if err != nil || !ok {
		return ok, err
	}
	if err := tx.LogOrg(ctx, Event{OrgID: r.OrgID, At: s.now(), Kind: "request.escalated", ActorID: actor.ID,
		UserID: r.UserID, Detail: why}); err != nil {
		return false, err
	}
	o, err := tx.OrgByID(ctx, r.OrgID)
	if err != nil {
		return false, err
	}
	u, err := tx.UserByID(ctx, r.UserID)
	if err != nil {
		return false, err
	}
	n := Notification{ID: account.NewUUID(), UserID: u.ID, Kind: NotifyEscalated, OrgID: o.ID, Comment: why, CreatedAt: s.now()}
	if err := s.deliver(ctx, tx, u, n, mail.RequestEscalated, mail.Data{Org: o.Name, Link: s.orgLink(o, "")}); err != nil {
		return false, err
	}
	return true, s.tellSupportSide(ctx, tx, o, u, why)
}

// QueueItem is an escalated request with what support needs to act on it.
type QueueItem struct {
	Request
	Org       Organization
	Requester account.User
	Admins    []Member
}

// SupportQueue lists escalated pending requests; sysadmins only.
func (s *Service) SupportQueue(ctx context.Context, actor account.User) ([]QueueItem, error) {
	if !actor.Sysadmin {
		return nil, ErrForbidden
	}
	reqs, err := s.store.SupportQueue(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]QueueItem, 0, len(reqs))
	for _, r := range reqs {
		it := QueueItem{Request: r}
		if it.Org, err = s.store.OrgByID(ctx, r.OrgID); err != nil {
			return nil, err
		}
		if it.Requester, err = s.store.UserByID(ctx, r.UserID); err != nil {
			return nil, err
		}
		members, err := s.store.Members(ctx, r.OrgID)
		if err != nil {
			return nil, err
		}
		for _, m := range members {
			if m.Role == RoleAdmin {
				it.Admins = append(it.Admins, m)
			}
		}
		out = append(out, it)
	}
	return out, nil
}
