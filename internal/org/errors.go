package org

import (
	"strings"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/errs"
)

var (
	ErrNotFound             = errs.New(errs.ErrNotFound, "error.not_found", "not found")
	ErrDeleted              = errs.New(errs.ErrGone, "api.org_deleted", "organization has been deleted")
	ErrForbidden            = errs.New(errs.ErrForbidden, "api.forbidden", "you do not have the permission to modify that object")
	ErrUnconfirmed          = account.ErrUnconfirmed
	ErrAlreadyMember        = errs.New(errs.ErrConflict, "membership.member", "already a member of this organization")
	ErrNotMember            = errs.New(errs.ErrNotFound, "error.not_found", "not a member of this organization")
	ErrAlreadyHandled       = errs.New(errs.ErrBadRequest, "membership.handled", "this request was already handled") // udata: 400
	ErrIsInvitation         = errs.New(errs.ErrBadRequest, "api.use_cancel", "use the cancel endpoint for invitations")
	ErrNotInvitation        = errs.New(errs.ErrBadRequest, "api.only_invitations", "only invitations can be canceled")
	ErrExpired              = errs.New(errs.ErrGone, "invitation.expired", "this invitation has expired")
	ErrTooEarly             = errs.New(errs.ErrConflict, "membership.too_early", "support can be asked only after a few days without answer")
	ErrNotPendingInvitation = errs.New(errs.ErrBadRequest, "api.only_pending", "only pending invitations can be canceled")
)

// LastAdminError refuses what would leave an organization without an admin.
type LastAdminError struct{ Orgs []string }

func (e *LastAdminError) Error() string {
	if len(e.Orgs) > 0 {
		return "you are the only admin of " + strings.Join(e.Orgs, ", ") +
			": make another member admin first, then try again"
	}
	return "an organization needs at least one admin: make another member admin first"
}

// DuplicateError says the organization to create looks like existing ones.
type DuplicateError struct{ Orgs []Organization }

func (e *DuplicateError) Error() string { return "likely duplicate of an existing organization" }

// Unwrap makes the refusal a conflict.
func (e *LastAdminError) Unwrap() error { return errs.ErrConflict }

// Unwrap makes the refusal a conflict.
func (e *DuplicateError) Unwrap() error { return errs.ErrConflict }
