package org

import (
	"context"
	"fmt"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/i18n"
	"github.com/socle-portal/socle/internal/mail"
)

// tellSupportSide tells those who can now act on an escalated request of
// requester: the portal's support address, by e-mail, with a link to the
// queue; and each admin of o, in the app and by e-mail as they chose, who
// may still answer it themselves.
func (s *Service) tellSupportSide(ctx context.Context, tx Tx, o Organization, requester account.User, why string) error {
	if to := s.mail.SupportAddress(); to != "" {
		msg, err := s.mail.Compose(i18n.Default, mail.SupportQueued, to, mail.Data{Org: o.Name,
			Other: requester.FullName(), Email: requester.Email, Comment: whyText(i18n.Default, why),
			Link: s.cfg.BaseURL + "/support", OtherLink: s.orgLink(o, "")})
		if err != nil {
			return err
		}
		if err := tx.Enqueue(ctx, msg); err != nil {
			return err
		}
	}
	admins, err := adminsOf(ctx, tx, o.ID)
	if err != nil {
		return err
	}
	for _, m := range admins {
		n := Notification{ID: account.NewUUID(), UserID: m.User.ID, Kind: NotifyEscalated, OrgID: o.ID,
			OtherUserID: requester.ID, Comment: why, CreatedAt: s.now()}
		d := mail.Data{Org: o.Name, Other: requester.FullName(), Comment: whyText(m.User.Lang, why),
			Link: s.orgLink(o, "/members")}
		if err := s.deliver(ctx, tx, m.User, n, mail.EscalatedToAdmins, d); err != nil {
			return err
		}
	}
	return nil
}

// whyText says in lang why a request reached support.
func whyText(lang, why string) string { return i18n.Text(lang, fmt.Sprintf("support.why.%s", why)) }
