package org

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/mail"
	"github.com/socle-portal/socle/internal/validate"
)

// DefaultInvitationTTL is how long an invitation stays valid.
const DefaultInvitationTTL = 14 * 24 * time.Hour

// Invite is an admin's invitation: to an existing user (UserID) or to an
// address, which may have no account yet.
type Invite struct {
	UserID  string
	Email   string
	Role    Role
	Comment string
	// Assignments are datasets of the organization a partial editor is
	// assigned once the invitation is accepted (udata's assignments).
	Assignments []string
}

// Invite invites someone to join with a role (editor when empty). An
// address that belongs to an account invites that account.
func (s *Service) Invite(ctx context.Context, actor account.User, orgID string, in Invite) (Request, error) {
	if in.Role == "" {
		in.Role = DefaultRole
	}
	in.Email = account.NormalizeEmail(in.Email)
	var v validate.Errors
	switch {
	case in.UserID == "" && in.Email == "":
		v.Add("user", "invite.who")
	case in.UserID != "" && in.Email != "":
		v.Add("user", "invite.both") // udata: one or the other
	case in.Email != "":
		v.Email("email", in.Email)
	}
	if !in.Role.Valid() {
		v.Add("role", "role.unknown")
	}
	if len(in.Assignments) > 0 && in.Role != RolePartialEditor {
		v.Add("assignments", "invite.assign_role") // udata: only for partial editors
	}
	v.MaxLen("comment", in.Comment, 5000)
	if err := v.Err(); err != nil {
		return Request{}, err
	}
	var r Request
	err := s.store.InTx(ctx, func(tx Tx) error {
		o, err := s.adminOf(ctx, tx, actor, orgID)
		if err != nil {
			return err
		}
		invitee, err := s.invitee(ctx, tx, &in)
		if err != nil {
			return err
		}
		if err := s.canInvite(ctx, tx, orgID, invitee.ID, in.Email); err != nil {
			return err
		}
		for _, id := range in.Assignments {
			if ok, err := tx.datasetIn(ctx, orgID, id); err != nil {
				return err
			} else if !ok {
				return validate.Field("assignments", "assign.unknown")
			}
		}
		now := s.now()
		r = Request{ID: account.NewUUID(), OrgID: orgID, UserID: invitee.ID, Email: in.Email, Kind: KindInvitation,
			Status: StatusPending, Role: in.Role, Comment: strings.TrimSpace(in.Comment), CreatedAt: now, UpdatedAt: now,
			ExpiresAt: now.Add(s.invitationTTL()), CreatedBy: actor.ID, Assignments: in.Assignments}
		if err := tx.CreateRequest(ctx, r); err != nil {
			return err
		}
		if err := s.log(ctx, tx, orgID, "invitation.created", actor, invitee.ID, in.Email+" "+string(in.Role)); err != nil {
			return err
		}
		return s.notifyInvitee(ctx, tx, o, actor, invitee, r)
	})
	return r, err
}

func (s *Service) invitationTTL() time.Duration {
	if s.cfg.InvitationTTL > 0 {
		return s.cfg.InvitationTTL
	}
	return DefaultInvitationTTL
}

// canInvite refuses, as udata does (400 on the field), to invite a member
// or someone with a pending request or invitation: one at a time.
func (s *Service) canInvite(ctx context.Context, tx Tx, orgID, userID, email string) error {
	field := "email"
	if userID != "" {
		field = "user"
		if _, err := tx.Member(ctx, orgID, userID); err == nil {
			return validate.Field("user", "invite.member")
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
	}
	pending, err := tx.PendingFor(ctx, orgID, userID, email)
	if err != nil {
		return err
	}
	if pending {
		return validate.Field(field, "invite.pending")
	}
	return nil
}

// invitee finds the account invited, if any, and then invites the account,
// not the address (udata's email: null); an unknown user id is an error.
func (s *Service) invitee(ctx context.Context, tx Tx, in *Invite) (account.User, error) {
	if in.UserID != "" {
		u, err := tx.UserByID(ctx, in.UserID)
		if errors.Is(err, account.ErrNotFound) || (err == nil && u.Deleted()) {
			return u, validate.Field("user", "user.unknown")
		}
		in.Email = ""
		return u, err
	}
	u, err := tx.UserByEmail(ctx, in.Email)
	if errors.Is(err, account.ErrNotFound) || (err == nil && u.Deleted()) {
		return account.User{}, nil
	}
	if err == nil {
		in.Email = ""
	}
	return u, err
}

func (s *Service) notifyInvitee(ctx context.Context, tx Tx, o Organization, actor, invitee account.User, r Request) error {
	d := mail.Data{Org: o.Name, Other: actor.FullName(), Comment: r.Comment, Expires: s.invitationTTL()}
	if invitee.ID == "" {
		d.Link = s.cfg.BaseURL + "/signup?email=" + url.QueryEscape(r.Email)
		msg, err := s.mail.Compose("fr", mail.InvitationNew, r.Email, d)
		if err != nil {
			return err
		}
		return tx.Enqueue(ctx, msg)
	}
	n := Notification{ID: account.NewUUID(), UserID: invitee.ID, Kind: NotifyRequest, OrgID: o.ID,
		OtherUserID: actor.ID, RequestKind: KindInvitation, CreatedAt: s.now()}
	d.Link = s.cfg.BaseURL + "/account"
	return s.deliver(ctx, tx, invitee, n, mail.InvitationExisting, d)
}

// Invitation pairs an invitation with its organization.
type Invitation struct {
	Request
	Org Organization
}

// Invitations lists u's pending, unexpired invitations: to their account,
// or to their address once it is confirmed (so an address invited before it
// had an account is matched when it signs up and confirms).
func (s *Service) Invitations(ctx context.Context, u account.User) ([]Invitation, error) {
	email := ""
	if u.Confirmed() {
		email = u.Email
	}
	reqs, err := s.store.InvitationsFor(ctx, u.ID, email, s.now())
	if err != nil {
		return nil, err
	}
	out := make([]Invitation, 0, len(reqs))
	for _, r := range reqs {
		o, err := s.store.OrgByID(ctx, r.OrgID)
		if err != nil {
			return nil, err
		}
		if !o.Deleted() {
			out = append(out, Invitation{Request: r, Org: o})
		}
	}
	return out, nil
}

// AnswerInvitation accepts or declines one of u's invitations.
func (s *Service) AnswerInvitation(ctx context.Context, u account.User, id string, accept bool) (Member, error) {
	if !u.Confirmed() {
		return Member{}, ErrUnconfirmed
	}
	var m Member
	err := s.store.InTx(ctx, func(tx Tx) error {
		r, err := tx.RequestByID(ctx, id)
		if err != nil {
			return err
		}
		mine := r.UserID == u.ID || (r.UserID == "" && u.Confirmed() && r.Email == u.Email)
		if r.Kind != KindInvitation || !mine {
			return ErrNotFound
		}
		if !r.Pending() {
			return ErrAlreadyHandled
		}
		if !s.now().Before(r.ExpiresAt) {
			return ErrExpired
		}
		o, err := live(ctx, tx.Reader, r.OrgID)
		if err != nil {
			return err
		}
		if err := tx.LockOrg(ctx, o.ID); err != nil {
			return err
		}
		status, kind := StatusRefused, "invitation.refused"
		if accept {
			status, kind = StatusAccepted, "invitation.accepted"
		}
		if err := s.handle(ctx, tx, r, status, u, ""); err != nil {
			return err
		}
		if accept {
			if _, err := tx.Member(ctx, o.ID, u.ID); err == nil {
				return ErrAlreadyMember
			}
			if err := tx.AddMember(ctx, o.ID, u.ID, r.Role, s.now()); err != nil {
				return err
			}
			if err := assignInvited(ctx, tx, r, u); err != nil {
				return err
			}
			if m, err = tx.Member(ctx, o.ID, u.ID); err != nil {
				return err
			}
		}
		if err := s.log(ctx, tx, o.ID, kind, u, u.ID, ""); err != nil {
			return err
		}
		return s.tellInviter(ctx, tx, o, r, u, accept)
	})
	return m, err
}

// tellInviter e-mails the admin who sent an invitation its answer.
func (s *Service) tellInviter(ctx context.Context, tx Tx, o Organization, r Request, invitee account.User, accepted bool) error {
	inviter, err := tx.UserByID(ctx, r.CreatedBy)
	if errors.Is(err, account.ErrNotFound) || (err == nil && (inviter.Deleted() || inviter.NotifyMode("invitations") == account.NotifyNone)) {
		return nil
	}
	if err != nil {
		return err
	}
	kind := mail.InvitationDeclined
	if accepted {
		kind = mail.InvitationAccepted
	}
	msg, err := s.mail.Compose(inviter.Lang, kind, inviter.Email, mail.Data{Name: inviter.FirstName, Org: o.Name,
		Other: invitee.FullName(), Link: s.orgLink(o, "/members")})
	if err != nil {
		return err
	}
	return tx.Enqueue(ctx, msg)
}

// tellInvitee e-mails the invitee that their invitation was withdrawn.
func (s *Service) tellInvitee(ctx context.Context, tx Tx, o Organization, r Request) error {
	to, lang, name := r.Email, "fr", ""
	if r.UserID != "" {
		u, err := tx.UserByID(ctx, r.UserID)
		if err != nil {
			return err
		}
		to, lang, name = u.Email, u.Lang, u.FirstName
	}
	msg, err := s.mail.Compose(lang, mail.InvitationCanceled, to, mail.Data{Name: name, Org: o.Name})
	if err != nil {
		return err
	}
	return tx.Enqueue(ctx, msg)
}

// MatchInvitations hands the invitations sent to u's address to u once it
// is confirmed, however the account was made (sign-up, command line), and
// notifies u of each, as udata does on registration. It is account's
// Confirmed hook, run in the confirming transaction.
func MatchInvitations(ctx context.Context, tx account.Tx, u account.User) error {
	otx := TxOn(tx.Conn())
	rs, err := otx.claimInvitations(ctx, u.ID, account.NormalizeEmail(u.Email))
	if err != nil {
		return err
	}
	for _, r := range rs {
		n := Notification{ID: account.NewUUID(), UserID: u.ID, Kind: NotifyRequest, OrgID: r.OrgID,
			OtherUserID: r.CreatedBy, RequestKind: KindInvitation, CreatedAt: u.ConfirmedAt}
		if err := otx.CreateNotification(ctx, n); err != nil {
			return err
		}
	}
	return nil
}

// assignInvited gives the new partial editor the invitation's datasets that
// are still live datasets of the organization: one deleted or transferred
// meanwhile is skipped, as udata does.
func assignInvited(ctx context.Context, tx Tx, r Request, u account.User) error {
	if r.Role != RolePartialEditor {
		return nil
	}
	for _, id := range r.Assignments {
		ok, err := tx.datasetIn(ctx, r.OrgID, id)
		if err != nil {
			return err
		}
		if ok {
			if err := tx.Assign(ctx, r.OrgID, u.ID, id); err != nil {
				return err
			}
		}
	}
	return nil
}
