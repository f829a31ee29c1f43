package org

import (
	"context"
	"errors"
	"strings"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/validate"
)

// Ask files actor's request to join the organization as an editor, with a
// message. A pending request of theirs is updated instead of duplicated
// (created is then false), as udata does.
func (s *Service) Ask(ctx context.Context, actor account.User, orgID, comment string) (r Request, created bool, err error) {
	if !actor.Confirmed() {
		return Request{}, false, ErrUnconfirmed
	}
	comment = strings.TrimSpace(comment)
	var v validate.Errors
	v.Required("comment", comment, 5000)
	if err := v.Err(); err != nil {
		return Request{}, false, err
	}
	// A concurrent ask may insert first: the retry then finds it and updates.
	for range 3 {
		err = s.store.InTx(ctx, func(tx Tx) error {
			r, created, err = s.ask(ctx, tx, actor, orgID, comment)
			return err
		})
		if !errors.Is(err, account.ErrConflict) {
			break
		}
	}
	return r, created, err
}

func (s *Service) ask(ctx context.Context, tx Tx, actor account.User, orgID, comment string) (Request, bool, error) {
	o, err := live(ctx, tx.Reader, orgID)
	if err != nil {
		return Request{}, false, err
	}
	if _, err := tx.Member(ctx, orgID, actor.ID); err == nil {
		return Request{}, false, ErrAlreadyMember
	} else if !errors.Is(err, ErrNotFound) {
		return Request{}, false, err
	}
	now := s.now()
	r, err := tx.PendingRequest(ctx, orgID, actor.ID)
	if err == nil {
		r.Comment, r.UpdatedAt = comment, now
		return r, false, tx.UpdateRequestComment(ctx, r.ID, comment, now)
	}
	if !errors.Is(err, ErrNotFound) {
		return Request{}, false, err
	}
	r = Request{ID: account.NewUUID(), OrgID: orgID, UserID: actor.ID, Kind: KindRequest, Status: StatusPending,
		Role: DefaultRole, Comment: comment, CreatedAt: now, UpdatedAt: now}
	if err := tx.CreateRequest(ctx, r); err != nil {
		return Request{}, false, err
	}
	if err := s.log(ctx, tx, orgID, "request.created", actor, actor.ID, comment); err != nil {
		return Request{}, false, err
	}
	return r, true, s.notifyAdmins(ctx, tx, o, actor, r)
}

// CancelRequest withdraws actor's own pending request.
func (s *Service) CancelRequest(ctx context.Context, actor account.User, orgID, id string) error {
	return s.store.InTx(ctx, func(tx Tx) error {
		r, err := requestOf(ctx, tx.Reader, orgID, id)
		if err != nil {
			return err
		}
		if r.UserID != actor.ID || r.Kind != KindRequest {
			return ErrForbidden
		}
		if err := s.handle(ctx, tx, r, StatusCanceled, actor, ""); err != nil {
			return err
		}
		return s.log(ctx, tx, orgID, "request.canceled", actor, actor.ID, "")
	})
}

func requestOf(ctx context.Context, r Reader, orgID, id string) (Request, error) {
	req, err := r.RequestByID(ctx, id)
	if err != nil {
		return req, err
	}
	if req.OrgID != orgID {
		return req, ErrNotFound
	}
	return req, nil
}

// Requests lists the organization's requests and invitations, filtered by
// status and user. Admins see all; a user sees only their own.
func (s *Service) Requests(ctx context.Context, actor account.User, orgID string, status RequestStatus, userID string) ([]Request, error) {
	if _, err := live(ctx, s.store.Reader, orgID); err != nil {
		return nil, err
	}
	a, err := s.Access(ctx, actor, orgID)
	if err != nil {
		return nil, err
	}
	if !a.CanSeeRequests() && (userID == "" || userID != actor.ID) {
		return nil, ErrForbidden
	}
	return s.store.Requests(ctx, orgID, status, userID)
}

// Accept answers a pending request yes: the requester becomes a member with
// role (editor when empty). Exactly one of concurrent answers succeeds; the
// others get ErrAlreadyHandled.
func (s *Service) Accept(ctx context.Context, actor account.User, orgID, id string, role Role) (Member, error) {
	if role == "" {
		role = DefaultRole
	}
	if !role.Valid() {
		return Member{}, validate.Field("role", "role.unknown")
	}
	var m Member
	err := s.store.InTx(ctx, func(tx Tx) error {
		r, o, err := s.answerable(ctx, tx, actor, orgID, id)
		if err == nil || errors.Is(err, ErrAlreadyHandled) {
			// udata: a requester who is a member is a conflict, with the member
			if existing, merr := tx.Member(ctx, orgID, r.UserID); merr == nil {
				m = existing
				return ErrAlreadyMember
			}
		}
		if err != nil {
			return err
		}
		if err := s.handle(ctx, tx, r, StatusAccepted, actor, ""); err != nil {
			return err
		}
		now := s.now()
		if err := tx.AddMember(ctx, orgID, r.UserID, role, now); err != nil {
			return err
		}
		if m, err = tx.Member(ctx, orgID, r.UserID); err != nil {
			return err
		}
		if err := s.log(ctx, tx, orgID, "request.accepted", actor, r.UserID, string(role)); err != nil {
			return err
		}
		return s.notifyRequester(ctx, tx, o, m.User, NotifyAccepted, "")
	})
	return m, err
}

// Refuse answers a pending request no, with a reason the requester reads.
func (s *Service) Refuse(ctx context.Context, actor account.User, orgID, id, reason string) error {
	reason = strings.TrimSpace(reason)
	return s.store.InTx(ctx, func(tx Tx) error {
		r, o, err := s.answerable(ctx, tx, actor, orgID, id)
		if err != nil {
			return err // udata: an unknown id or an invitation before a missing comment
		}
		var v validate.Errors
		if v.Required("comment", reason, 5000); v.Err() != nil {
			return v.Err()
		}
		if err := s.handle(ctx, tx, r, StatusRefused, actor, reason); err != nil {
			return err
		}
		if err := s.log(ctx, tx, orgID, "request.refused", actor, r.UserID, reason); err != nil {
			return err
		}
		u, err := tx.UserByID(ctx, r.UserID)
		if err != nil {
			return err
		}
		return s.notifyRequester(ctx, tx, o, u, NotifyRefused, reason)
	})
}

// answerable checks that actor may answer request id now.
func (s *Service) answerable(ctx context.Context, tx Tx, actor account.User, orgID, id string) (Request, Organization, error) {
	o, err := s.adminOf(ctx, tx, actor, orgID)
	if err != nil {
		return Request{}, o, err
	}
	if err := tx.LockOrg(ctx, orgID); err != nil {
		return Request{}, o, err
	}
	r, err := requestOf(ctx, tx.Reader, orgID, id)
	if err != nil {
		return r, o, err
	}
	if r.Kind == KindInvitation {
		return r, o, ErrIsInvitation
	}
	if !r.Pending() {
		return r, o, ErrAlreadyHandled
	}
	return r, o, nil
}

func (s *Service) handle(ctx context.Context, tx Tx, r Request, status RequestStatus, actor account.User, reason string) error {
	if !r.Status.CanBecome(status) {
		return ErrAlreadyHandled
	}
	ok, err := tx.HandleRequest(ctx, r.ID, status, actor.ID, reason, s.now())
	if err != nil {
		return err
	}
	if !ok {
		return ErrAlreadyHandled
	}
	if r.Kind == KindInvitation {
		if r.UserID == "" {
			return nil
		}
		return tx.ResolveInvitationNotices(ctx, r.OrgID, r.UserID, s.now())
	}
	return tx.ResolveRequestNotices(ctx, r.OrgID, r.UserID, s.now())
}

// CancelInvitation withdraws a pending invitation; admins only.
func (s *Service) CancelInvitation(ctx context.Context, actor account.User, orgID, id string) error {
	return s.store.InTx(ctx, func(tx Tx) error {
		o, err := s.adminOf(ctx, tx, actor, orgID)
		if err != nil {
			return err
		}
		r, err := requestOf(ctx, tx.Reader, orgID, id)
		if err != nil {
			return err
		}
		if r.Kind != KindInvitation {
			return ErrNotInvitation
		}
		if !r.Pending() {
			return ErrNotPendingInvitation
		}
		if err := s.handle(ctx, tx, r, StatusCanceled, actor, ""); err != nil {
			return err
		}
		if err := s.log(ctx, tx, orgID, "invitation.canceled", actor, r.UserID, r.Email); err != nil {
			return err
		}
		return s.tellInvitee(ctx, tx, o, r)
	})
}

// MyRequests lists u's own pending requests, in every organization.
func (s *Service) MyRequests(ctx context.Context, u account.User) ([]Request, error) {
	return s.store.PendingRequestsOf(ctx, u.ID)
}
