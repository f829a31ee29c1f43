package org

import (
	"context"
	"errors"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/validate"
)

// SetRole changes a member's role. It refuses to leave the organization
// without an admin.
func (s *Service) SetRole(ctx context.Context, actor account.User, orgID, userID string, role Role) (Member, error) {
	if !role.Valid() {
		return Member{}, validate.Field("role", "role.unknown")
	}
	var m Member
	err := s.store.InTx(ctx, func(tx Tx) error {
		if _, err := s.adminOf(ctx, tx, actor, orgID); err != nil {
			return err
		}
		if err := tx.LockOrg(ctx, orgID); err != nil {
			return err
		}
		cur, err := member(ctx, tx, orgID, userID)
		if err != nil {
			return err
		}
		if cur.Role == RoleAdmin && role != RoleAdmin {
			if err := keepsAnAdmin(ctx, tx, orgID); err != nil {
				return err
			}
		}
		if err := tx.SetMemberRole(ctx, orgID, userID, role); err != nil {
			return err
		}
		if cur.Role == RolePartialEditor && role != RolePartialEditor {
			if err := tx.clearAssignments(ctx, orgID, userID); err != nil {
				return err
			}
		}
		if m, err = tx.Member(ctx, orgID, userID); err != nil {
			return err
		}
		return s.log(ctx, tx, orgID, "member.role", actor, userID, string(cur.Role)+" -> "+string(role))
	})
	return m, err
}

// RemoveMember takes userID out of the organization. Admins remove anyone;
// any member removes themself (leaves). Never the last admin.
func (s *Service) RemoveMember(ctx context.Context, actor account.User, orgID, userID string) error {
	return s.store.InTx(ctx, func(tx Tx) error {
		if _, err := live(ctx, tx.Reader, orgID); err != nil {
			return err
		}
		a, err := AccessIn(ctx, tx.Reader, actor, orgID)
		if err != nil {
			return err
		}
		if !a.CanAdmin() && !(a.Member && actor.ID == userID) {
			return ErrForbidden
		}
		if err := tx.LockOrg(ctx, orgID); err != nil {
			return err
		}
		cur, err := member(ctx, tx, orgID, userID)
		if err != nil {
			return err
		}
		if cur.Role == RoleAdmin {
			if err := keepsAnAdmin(ctx, tx, orgID); err != nil {
				return err
			}
		}
		if err := tx.RemoveMember(ctx, orgID, userID); err != nil {
			return err
		}
		if err := tx.clearAssignments(ctx, orgID, userID); err != nil {
			return err
		}
		kind := "member.removed"
		if actor.ID == userID {
			kind = "member.left"
		}
		return s.log(ctx, tx, orgID, kind, actor, userID, "")
	})
}

// SetFunction records what a member does (authority, GIS, operator).
// Members state their own; admins may set anyone's.
func (s *Service) SetFunction(ctx context.Context, actor account.User, orgID, userID string, f Function) error {
	if !f.Valid() {
		return validate.Field("function", "function.unknown")
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		a, err := AccessIn(ctx, tx.Reader, actor, orgID)
		if err != nil {
			return err
		}
		if !a.CanAdmin() && !(a.Member && actor.ID == userID) {
			return ErrForbidden
		}
		if _, err := member(ctx, tx, orgID, userID); err != nil {
			return err
		}
		return tx.SetMemberFunction(ctx, orgID, userID, f)
	})
}

func member(ctx context.Context, tx Tx, orgID, userID string) (Member, error) {
	m, err := tx.Member(ctx, orgID, userID)
	if errors.Is(err, ErrNotFound) {
		return m, ErrNotMember
	}
	return m, err
}

// keepsAnAdmin refuses a change that takes one admin away from the last
// one. Callers hold the organization's lock.
func keepsAnAdmin(ctx context.Context, tx Tx, orgID string) error {
	n, err := tx.CountAdmins(ctx, orgID)
	if err != nil {
		return err
	}
	if n <= 1 {
		return &LastAdminError{}
	}
	return nil
}

// DeleteGuard refuses to delete an account that is the only admin of an
// organization, and otherwise takes the account out of its organizations
// and withdraws its pending requests. The account service calls it inside
// its transaction. It holds the locks of the account's organizations while
// it counts their admins, as every other change of admins does: two admins
// deleting their accounts at once must not each see the other still there,
// nor may a member made admin meanwhile be taken out unseen.
func DeleteGuard(ctx context.Context, tx account.Tx, u account.User) error {
	otx := TxOn(tx.Conn())
	if err := otx.LockMemberOrgs(ctx, u.ID); err != nil {
		return err
	}
	orgs, err := otx.OrgsWhereOnlyAdmin(ctx, u.ID)
	if err != nil {
		return err
	}
	if len(orgs) == 0 {
		return otx.LeaveAll(ctx, u.ID)
	}
	names := make([]string, len(orgs))
	for i, o := range orgs {
		names[i] = o.Name
	}
	return &LastAdminError{Orgs: names}
}

// Health says what an organization's admins lack.
type Health struct {
	MissingFunctions []Function // recommended functions no admin has
	SingleAdmin      bool
}

// HealthOf reads the health of an organization from its members.
func HealthOf(members []Member) Health {
	var h Health
	admins := 0
	have := map[Function]bool{}
	for _, m := range members {
		if m.Role == RoleAdmin {
			admins++
			have[m.Function] = true
		}
	}
	for _, f := range RecommendedFunctions {
		if !have[f] {
			h.MissingFunctions = append(h.MissingFunctions, f)
		}
	}
	h.SingleAdmin = admins == 1
	return h
}
