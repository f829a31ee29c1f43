package org_test

import (
	"testing"

	"github.com/socle-portal/socle/internal/org"
)

// TestRequestStatusTransitions: a request moves once, from pending to an
// answer, and never again.
func TestRequestStatusTransitions(t *testing.T) {
	for _, c := range []struct {
		name     string
		from, to org.RequestStatus
		want     bool
	}{
		{"pending to accepted", org.StatusPending, org.StatusAccepted, true},
		{"pending to refused", org.StatusPending, org.StatusRefused, true},
		{"pending to canceled", org.StatusPending, org.StatusCanceled, true},
		{"pending stays pending", org.StatusPending, org.StatusPending, false},
		{"pending to unknown", org.StatusPending, "expired", false},
		{"pending to empty", org.StatusPending, "", false},
		{"accepted to refused", org.StatusAccepted, org.StatusRefused, false},
		{"accepted to canceled", org.StatusAccepted, org.StatusCanceled, false},
		{"refused to accepted", org.StatusRefused, org.StatusAccepted, false},
		{"refused to pending", org.StatusRefused, org.StatusPending, false},
		{"canceled to accepted", org.StatusCanceled, org.StatusAccepted, false},
		{"canceled to pending", org.StatusCanceled, org.StatusPending, false},
		{"unknown to accepted", "expired", org.StatusAccepted, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.from.CanBecome(c.to); got != c.want {
				t.Errorf("%q.CanBecome(%q) = %v, want %v", c.from, c.to, got, c.want)
			}
		})
	}
}

// TestRequestStatusFinal: every known status but pending is an answer.
func TestRequestStatusFinal(t *testing.T) {
	for _, c := range []struct {
		status       org.RequestStatus
		valid, final bool
	}{
		{org.StatusPending, true, false},
		{org.StatusAccepted, true, true},
		{org.StatusRefused, true, true},
		{org.StatusCanceled, true, true},
		{"", false, false},
		{"declined", false, false},
	} {
		t.Run(string(c.status), func(t *testing.T) {
			if c.status.Valid() != c.valid || c.status.Final() != c.final {
				t.Errorf("%q: valid %v final %v, want %v %v", c.status, c.status.Valid(), c.status.Final(), c.valid, c.final)
			}
		})
	}
}

// TestRoleList: the roles one may give are those of org.Roles, in order.
func TestRoleList(t *testing.T) {
	ids := org.RoleIDs()
	if len(ids) != len(org.Roles) || !org.DefaultRole.Valid() {
		t.Fatalf("RoleIDs %v, default %q", ids, org.DefaultRole)
	}
	for i, r := range ids {
		if r != org.Roles[i].ID || !r.Valid() {
			t.Errorf("RoleIDs[%d] = %q, want %q", i, r, org.Roles[i].ID)
		}
	}
	for _, r := range []org.Role{"", "owner", "Admin"} {
		if r.Valid() {
			t.Errorf("%q is valid", r)
		}
	}
	for _, f := range org.Functions {
		if !f.Valid() {
			t.Errorf("function %q is not valid", f)
		}
	}
	if org.Function("god").Valid() {
		t.Error("an unknown function is valid")
	}
}
