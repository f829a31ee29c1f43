package org

import (
	"errors"
	"strings"

	"github.com/socle-portal/socle/internal/account"
)

var (
	ErrNotFound             = errors.New("not found")
	ErrDeleted              = errors.New("organization has been deleted")
	ErrForbidden            = errors.New("you do not have the permission to modify that object")
	ErrUnconfirmed          = account.ErrUnconfirmed
	ErrAlreadyMember        = errors.New("already a member of this organization")
	ErrNotMember            = errors.New("not a member of this organization")
	ErrAlreadyHandled       = errors.New("this request was already handled")
	ErrIsInvitation         = errors.New("use the cancel endpoint for invitations")
	ErrNotInvitation        = errors.New("only invitations can be canceled")
	ErrExpired              = errors.New("this invitation has expired")
	ErrTooEarly             = errors.New("support can be asked only after a few days without answer")
	ErrNotPendingInvitation = errors.New("only pending invitations can be canceled")
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
