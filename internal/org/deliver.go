package org

import (
	"context"
	"fmt"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/i18n"
	"github.com/socle-portal/socle/internal/mail"
)

// deliver records notice n for u (in the app, always) and sends its e-mail
// the way u chose for its category: at once, in the daily digest, or not.
func (s *Service) deliver(ctx context.Context, tx Tx, u account.User, n Notification, kind mail.Kind, d mail.Data) error {
	mode := u.NotifyMode(n.Category())
	n.Digest = mode == account.NotifyDigest
	if err := tx.CreateNotification(ctx, n); err != nil {
		return err
	}
	if mode != account.NotifyImmediate {
		return nil
	}
	d.Name = u.FirstName
	msg, err := s.mail.Compose(u.Lang, kind, u.Email, d)
	if err != nil {
		return err
	}
	return tx.Enqueue(ctx, msg)
}

// SendDigests e-mails every user who chose digests the notices gathered
// since their last one. A daily job calls it; it returns how many it sent.
func (s *Service) SendDigests(ctx context.Context) (int, error) {
	sent := 0
	err := s.store.InTx(ctx, func(tx Tx) error {
		pending, err := tx.DigestPending(ctx)
		if err != nil {
			return err
		}
		for start := 0; start < len(pending); {
			end := start
			for end < len(pending) && pending[end].UserID == pending[start].UserID {
				end++
			}
			if err := s.sendDigest(ctx, tx, pending[start:end]); err != nil {
				return err
			}
			sent++
			start = end
		}
		return nil
	})
	return sent, err
}

func (s *Service) sendDigest(ctx context.Context, tx Tx, notes []Notification) error {
	u, err := tx.UserByID(ctx, notes[0].UserID)
	if err != nil {
		return err
	}
	last := notes[len(notes)-1].CreatedAt
	if !u.Deleted() {
		lines := make([]string, 0, len(notes))
		for _, n := range notes {
			lines = append(lines, s.summary(ctx, tx, u.Lang, n))
		}
		msg, err := s.mail.Compose(u.Lang, mail.Digest, u.Email, mail.Data{Name: u.FirstName, Lines: lines,
			Link: s.cfg.BaseURL + "/notifications"})
		if err != nil {
			return err
		}
		if err := tx.Enqueue(ctx, msg); err != nil {
			return err
		}
	}
	return tx.DigestSent(ctx, u.ID, last)
}

// summary says a notice in one line of lang.
func (s *Service) summary(ctx context.Context, tx Tx, lang string, n Notification) string {
	orgName := n.OrgID
	if o, err := tx.OrgByID(ctx, n.OrgID); err == nil {
		orgName = o.Name
	}
	other := ""
	if u, err := tx.UserByID(ctx, n.OtherUserID); err == nil {
		other = u.FullName()
	}
	t := func(key string) string { return i18n.Text(lang, key) }
	switch {
	case n.Kind == NotifyRequest && n.RequestKind == KindInvitation:
		return fmt.Sprintf(t("digest.invited"), other, orgName)
	case n.Kind == NotifyRequest:
		return fmt.Sprintf(t("digest.asked"), other, orgName)
	case n.Kind == NotifyAccepted:
		return fmt.Sprintf(t("digest.accepted"), orgName)
	case n.Kind == NotifyRefused:
		return fmt.Sprintf(t("digest.refused"), orgName, n.Comment)
	case n.Kind == NotifyBadge:
		return fmt.Sprintf(t("digest.badge"), orgName, Badges[n.Badge])
	case n.Kind == NotifyEscalated && n.OtherUserID != "": // to an admin
		return fmt.Sprintf(t("digest.escalated_admin"), other, orgName)
	}
	return fmt.Sprintf(t("digest.escalated"), orgName)
}
