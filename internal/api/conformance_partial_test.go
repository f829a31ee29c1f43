package api_test

import (
	"testing"

	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/org"
)

// partialSetup is PartialEditorDatasetAPITest.setUp.
type partialSetup struct {
	admin, editor, partial *person
	org                    org.Organization
	assigned, other        catalog.Dataset
}

func newPartialSetup(t *testing.T, u *ud) *partialSetup {
	t.Helper()
	s := &partialSetup{admin: u.user(t), editor: u.user(t), partial: u.user(t)}
	s.org = u.org(t, mem{s.admin, org.RoleAdmin}, mem{s.editor, org.RoleEditor}, mem{s.partial, org.RolePartialEditor})
	s.assigned, s.other = u.dataset(t, nil, s.org.ID), u.dataset(t, nil, s.org.ID)
	return s
}

func (s *partialSetup) assignmentsPath(p *person) string {
	return orgPath(s.org) + "member/" + p.ID + "/assignments/"
}

func (s *partialSetup) assign(t *testing.T, u *ud) {
	t.Helper()
	u.callAs(t, s.admin, "PUT", s.assignmentsPath(s.partial), []any{map[string]any{"class": "Dataset", "id": s.assigned.ID}}).assert(t, 200)
}

func datasetPath(d catalog.Dataset) string { return "/api/1/datasets/" + d.ID + "/" }

// datasetToDict is dataset.to_dict(): what a client holds and sends back.
func datasetToDict(d catalog.Dataset) map[string]any {
	return map[string]any{"id": d.ID, "title": d.Title, "slug": d.Slug, "description": d.Description,
		"license": d.License, "private": d.Private, "tags": d.Tags, "extras": map[string]any{}}
}

func editAs(t *testing.T, u *ud, p *person, d catalog.Dataset, description string) *res {
	t.Helper()
	data := datasetToDict(d)
	data["description"] = description
	return u.callAs(t, p, "PUT", datasetPath(d), data)
}

// udata/tests/api/test_partial_editor.py
func udataPartialEditorTests() []udataCase {
	const c, i, a = "PartialEditorDatasetAPITest", "PartialEditorInvitationAssignmentTest", "AssignmentIntegrityTest"
	with := func(fn func(t *testing.T, u *ud, s *partialSetup)) func(t *testing.T, u *ud) {
		return func(t *testing.T, u *ud) { fn(t, u, newPartialSetup(t, u)) }
	}
	one := func(d catalog.Dataset) []any { return []any{map[string]any{"class": "Dataset", "id": d.ID}} }
	return []udataCase{
		outside("AutoAssignWithoutRequestContextTest", "test_auto_assign_signal_with_no_current_user", "udata's signals"),
		port(c, "test_partial_editor_can_create_dataset_and_is_auto_assigned", with(func(t *testing.T, u *ud, s *partialSetup) {
			r := u.callAs(t, s.partial, "POST", "/api/1/datasets/", map[string]any{"title": "Créé", "description": "d",
				"organization": s.org.ID}).assert(t, 201)
			id, _ := r.get("id").(string)
			found := false
			for _, x := range u.callAs(t, s.admin, "GET", orgPath(s.org)+"assignments/", nil).assert(t, 200).list() {
				found = found || (dig(x, "user", "id") == s.partial.ID && dig(x, "subject", "id") == id)
			}
			if !found {
				t.Errorf("the creator is not assigned to %s", id)
			}
			d, _ := u.Catalog.Get(ctx, u.root, id)
			editAs(t, u, s.partial, d, "updated after creation").assert(t, 200)
		})),
		port(c, "test_partial_editor_cannot_edit_unassigned_dataset", with(func(t *testing.T, u *ud, s *partialSetup) {
			editAs(t, u, s.partial, s.other, "hacked description").assert(t, 403)
		})),
		port(c, "test_partial_editor_can_edit_assigned_dataset", with(func(t *testing.T, u *ud, s *partialSetup) {
			s.assign(t, u)
			editAs(t, u, s.partial, s.assigned, "updated by partial editor").assert(t, 200)
			eq(t, "description", u.call(t, "GET", datasetPath(s.assigned), nil).get("description"), "updated by partial editor")
		})),
		port(c, "test_partial_editor_still_cannot_edit_other_dataset_after_assignment", with(func(t *testing.T, u *ud, s *partialSetup) {
			s.assign(t, u)
			editAs(t, u, s.partial, s.other, "should not work").assert(t, 403)
		})),
		port(c, "test_editor_can_still_edit_all_datasets", with(func(t *testing.T, u *ud, s *partialSetup) {
			editAs(t, u, s.editor, s.assigned, "editor update 1").assert(t, 200)
			editAs(t, u, s.editor, s.other, "editor update 2").assert(t, 200)
		})),
		port(c, "test_admin_can_still_edit_all_datasets", with(func(t *testing.T, u *ud, s *partialSetup) {
			editAs(t, u, s.admin, s.assigned, "admin update 1").assert(t, 200)
			editAs(t, u, s.admin, s.other, "admin update 2").assert(t, 200)
		})),
		port(c, "test_admin_can_sync_assignments", with(func(t *testing.T, u *ud, s *partialSetup) {
			path := s.assignmentsPath(s.partial)
			eq(t, "one", len(u.callAs(t, s.admin, "PUT", path, one(s.assigned)).assert(t, 200).list()), 1)
			eq(t, "listed", len(u.callAs(t, s.admin, "GET", orgPath(s.org)+"assignments/", nil).assert(t, 200).list()), 1)
			both := append(one(s.assigned), one(s.other)...)
			eq(t, "two", len(u.callAs(t, s.admin, "PUT", path, both).assert(t, 200).list()), 2)
			eq(t, "none", len(u.callAs(t, s.admin, "PUT", path, []any{}).assert(t, 200).list()), 0)
			editAs(t, u, s.partial, s.assigned, "should fail now").assert(t, 403)
		})),
		port(c, "test_editor_cannot_manage_assignments", with(func(t *testing.T, u *ud, s *partialSetup) {
			u.callAs(t, s.editor, "PUT", s.assignmentsPath(s.partial), one(s.assigned)).assert(t, 403)
		})),
		port(c, "test_cannot_assign_object_from_another_org", with(func(t *testing.T, u *ud, s *partialSetup) {
			other := u.dataset(t, nil, u.org(t).ID)
			u.callAs(t, s.admin, "PUT", s.assignmentsPath(s.partial), one(other)).assert(t, 400)
		})),
		port(c, "test_malformed_assignments_payload_is_rejected", with(func(t *testing.T, u *ud, s *partialSetup) {
			for _, payload := range []any{
				`"[{\"class\": \"Dataset\", \"id\": \"` + s.assigned.ID + `\"}]"`,
				map[string]any{"class": "Dataset", "id": s.assigned.ID},
				[]any{s.assigned.ID},
				42,
			} {
				body := payload
				if str, ok := payload.(string); ok {
					body = str // already JSON: a string holding JSON
				}
				u.callAs(t, s.admin, "PUT", s.assignmentsPath(s.partial), body).assert(t, 400)
			}
			eq(t, "assignments", len(u.callAs(t, s.admin, "GET", orgPath(s.org)+"assignments/", nil).list()), 0)
		})),
		port(c, "test_assignment_with_invalid_id_is_rejected", with(func(t *testing.T, u *ud, s *partialSetup) {
			u.callAs(t, s.admin, "PUT", s.assignmentsPath(s.partial), []any{map[string]any{"class": "Dataset", "id": "not-an-object-id"}}).assert(t, 400)
		})),
		port(c, "test_cannot_assign_to_non_partial_editor", with(func(t *testing.T, u *ud, s *partialSetup) {
			u.callAs(t, s.admin, "PUT", s.assignmentsPath(s.editor), one(s.assigned)).assert(t, 400)
		})),
		port(c, "test_removing_member_cleans_up_assignments", with(func(t *testing.T, u *ud, s *partialSetup) {
			s.assign(t, u)
			u.callAs(t, s.admin, "DELETE", orgPath(s.org)+"member/"+s.partial.ID+"/", nil).assert(t, 204)
			eq(t, "assignments", len(u.callAs(t, s.admin, "GET", orgPath(s.org)+"assignments/", nil).assert(t, 200).list()), 0)
		})),
		port(i, "test_invite_partial_editor_with_assignments_then_accept", withInv(func(t *testing.T, u *ud, s *invSetup) {
			invited := u.user(t)
			r := u.callAs(t, s.admin, "POST", orgPath(s.org)+"member/", map[string]any{"user": invited.ID, "role": "partial_editor",
				"assignments": append(one(s.d1), one(s.d2)...)}).assert(t, 201)
			eq(t, "assignments", len(r.list("assignments")), 2)
			u.callAs(t, invited, "POST", "/api/1/me/org_invitations/"+r.get("id").(string)+"/accept/", nil).assert(t, 200)
			eq(t, "assigned", s.assignedTo(t, u, invited), 2)
			editAs(t, u, invited, s.d1, "updated by partial editor").assert(t, 200)
		})),
		port(i, "test_invite_with_assignments_requires_partial_editor_role", withInv(func(t *testing.T, u *ud, s *invSetup) {
			u.callAs(t, s.admin, "POST", orgPath(s.org)+"member/", map[string]any{"user": u.user(t).ID, "role": "editor",
				"assignments": one(s.d1)}).assert(t, 400)
		})),
		port(i, "test_invite_with_assignments_from_other_org", withInv(func(t *testing.T, u *ud, s *invSetup) {
			other := u.dataset(t, nil, u.org(t).ID)
			u.callAs(t, s.admin, "POST", orgPath(s.org)+"member/", map[string]any{"user": u.user(t).ID, "role": "partial_editor",
				"assignments": one(other)}).assert(t, 400)
		})),
		port(i, "test_invite_without_assignments_still_works", func(t *testing.T, u *ud) {
			admin := u.user(t)
			o := u.org(t, mem{admin, org.RoleAdmin})
			r := u.callAs(t, admin, "POST", orgPath(o)+"member/", map[string]any{"user": u.user(t).ID, "role": "partial_editor"}).assert(t, 201)
			eq(t, "assignments", len(r.list("assignments")), 0)
		}),
		port(i, "test_list_invitations_includes_assignments", withInv(func(t *testing.T, u *ud, s *invSetup) {
			invited := u.user(t)
			s.inviteBoth(t, u, invited)
			r := u.callAs(t, invited, "GET", "/api/1/me/org_invitations/", nil).assert(t, 200)
			eq(t, "len", len(r.list()), 1)
			eq(t, "assignments", len(r.list(0, "assignments")), 2)
			if !contains(ids(r.list(0, "assignments")), s.d1.ID) {
				t.Errorf("assignments lack %s: %s", s.d1.ID, r.raw)
			}
		})),
		port(i, "test_accept_invitation_skips_deleted_subjects", withInv(func(t *testing.T, u *ud, s *invSetup) {
			invited := u.user(t)
			id := s.inviteBoth(t, u, invited)
			u.callAs(t, s.admin, "DELETE", datasetPath(s.d1), nil).assert(t, 204)
			u.callAs(t, invited, "POST", "/api/1/me/org_invitations/"+id+"/accept/", nil).assert(t, 200)
			eq(t, "assigned", s.assignedTo(t, u, invited), 1)
		})),
		port(i, "test_accept_invitation_skips_transferred_subjects", withInv(func(t *testing.T, u *ud, s *invSetup) {
			invited := u.user(t)
			id := s.inviteBoth(t, u, invited)
			otherAdmin := u.user(t)
			other := u.org(t, mem{otherAdmin, org.RoleAdmin})
			tid := u.transfer(t, s.admin, s.d1, map[string]any{"class": "Organization", "id": other.ID})
			u.callAs(t, otherAdmin, "POST", "/api/1/transfer/"+tid+"/", map[string]any{"response": "accept"}).assert(t, 200)
			u.callAs(t, invited, "POST", "/api/1/me/org_invitations/"+id+"/accept/", nil).assert(t, 200)
			eq(t, "assigned", s.assignedTo(t, u, invited), 1)
		})),
		port(a, "test_transfer_to_other_org_cleans_assignments", with(func(t *testing.T, u *ud, s *partialSetup) {
			s.assign(t, u)
			otherAdmin := u.user(t)
			other := u.org(t, mem{otherAdmin, org.RoleAdmin})
			id := u.transfer(t, s.admin, s.assigned, map[string]any{"class": "Organization", "id": other.ID})
			u.callAs(t, otherAdmin, "POST", "/api/1/transfer/"+id+"/", map[string]any{"response": "accept"}).assert(t, 200)
			eq(t, "assignments", len(u.callAs(t, s.admin, "GET", orgPath(s.org)+"assignments/", nil).list()), 0)
		})),
		port(a, "test_transfer_to_user_cleans_assignments", with(func(t *testing.T, u *ud, s *partialSetup) {
			s.assign(t, u)
			recipient := u.user(t)
			id := u.transfer(t, s.admin, s.assigned, map[string]any{"class": "User", "id": recipient.ID})
			u.callAs(t, recipient, "POST", "/api/1/transfer/"+id+"/", map[string]any{"response": "accept"}).assert(t, 200)
			eq(t, "assignments", len(u.callAs(t, s.admin, "GET", orgPath(s.org)+"assignments/", nil).list()), 0)
		})),
		port(a, "test_role_change_from_partial_editor_cleans_assignments", with(func(t *testing.T, u *ud, s *partialSetup) {
			s.assign(t, u)
			u.callAs(t, s.admin, "PUT", orgPath(s.org)+"member/"+s.partial.ID+"/", map[string]any{"role": "editor"}).assert(t, 200)
			eq(t, "assignments", len(u.callAs(t, s.admin, "GET", orgPath(s.org)+"assignments/", nil).list()), 0)
		})),
		port(a, "test_role_change_to_partial_editor_keeps_no_assignments", with(func(t *testing.T, u *ud, s *partialSetup) {
			u.callAs(t, s.admin, "PUT", orgPath(s.org)+"member/"+s.editor.ID+"/", map[string]any{"role": "partial_editor"}).assert(t, 200)
			eq(t, "assignments", len(u.callAs(t, s.admin, "GET", orgPath(s.org)+"assignments/", nil).list()), 0)
		})),
	}
}

// transfer asks, as p, to transfer d to recipient ({class, id}).
func (u *ud) transfer(t *testing.T, p *person, d catalog.Dataset, recipient map[string]any) string {
	t.Helper()
	id, _ := u.callAs(t, p, "POST", "/api/1/transfer/", map[string]any{"subject": map[string]any{"class": "Dataset", "id": d.ID},
		"recipient": recipient, "comment": "Pour vous"}).assert(t, 201).get("id").(string)
	return id
}

// udata/tests/api/test_transfer_api.py
func udataTransferTests() []udataCase {
	const c = "TransferAPITest"
	return []udataCase{
		port(c, "test_request_dataset_transfer", func(t *testing.T, u *ud) {
			me := u.login(t)
			recipientUser, recipientOrg := u.user(t), u.org(t)
			d := u.dataset(t, me, "")
			u.transfer(t, me, d, map[string]any{"class": "Organization", "id": recipientOrg.ID})
			r := u.call(t, "POST", "/api/1/transfer/", map[string]any{"subject": map[string]any{"class": "Dataset", "id": d.ID},
				"recipient": map[string]any{"class": "User", "id": recipientUser.ID}, "comment": "Pour vous"}).assert(t, 201)
			eq(t, "user", r.get("user", "id"), me.ID)
			eq(t, "recipient", r.get("recipient", "id"), recipientUser.ID)
			eq(t, "recipient.class", r.get("recipient", "class"), "User")
			eq(t, "subject", r.get("subject", "id"), d.ID)
			eq(t, "subject.class", r.get("subject", "class"), "Dataset")
			eq(t, "owner", r.get("owner", "id"), me.ID)
			eq(t, "owner.class", r.get("owner", "class"), "User")
			eq(t, "comment", r.get("comment"), "Pour vous")
			eq(t, "status", r.get("status"), "pending")
			l := u.call(t, "GET", "/api/1/transfer/?subject="+d.ID, nil).assert(t, 200)
			eq(t, "len", len(l.list()), 2)
			eq(t, "[0].recipient", l.get(0, "recipient", "id"), recipientOrg.ID)
			eq(t, "[0].recipient.class", l.get(0, "recipient", "class"), "Organization")
			eq(t, "[1].recipient", l.get(1, "recipient", "id"), recipientUser.ID)
			for i := range 2 {
				eq(t, "subject", l.get(i, "subject", "id"), d.ID)
				eq(t, "owner.class", l.get(i, "owner", "class"), "User")
				eq(t, "status", l.get(i, "status"), "pending")
			}
			for q, want := range map[string]int{"subject_type=Reuse&recipient=" + recipientUser.ID: 0,
				"subject_type=Dataset&recipient=" + recipientUser.ID: 1, "recipient=" + recipientUser.ID: 1} {
				eq(t, q, len(u.call(t, "GET", "/api/1/transfer/?"+q, nil).assert(t, 200).list()), want)
			}
			u.loginAs(recipientUser)
			eq(t, "as recipient", len(u.call(t, "GET", "/api/1/transfer/?recipient="+recipientUser.ID, nil).assert(t, 200).list()), 1)
			u.login(t)
			eq(t, "as other", len(u.call(t, "GET", "/api/1/transfer/?recipient="+recipientUser.ID, nil).assert(t, 200).list()), 0)
		}),
		port(c, "test_400_on_bad_subject", func(t *testing.T, u *ud) {
			u.login(t)
			r := u.call(t, "POST", "/api/1/transfer/", map[string]any{"subject": map[string]any{"class": "Dataset", "id": "5f0c6a2b9d3e4a1b2c3d4e5f"},
				"recipient": map[string]any{"class": "User", "id": u.user(t).ID}, "comment": "x"}).assert(t, 400)
			if !r.has("subject", "errors") {
				t.Errorf("errors lack subject: %s", r.raw)
			}
		}),
		port(c, "test_400_on_bad_recipient", func(t *testing.T, u *ud) {
			me := u.login(t)
			d := u.dataset(t, me, "")
			r := u.call(t, "POST", "/api/1/transfer/", map[string]any{"subject": map[string]any{"class": "Dataset", "id": d.ID},
				"recipient": map[string]any{"class": "User", "id": "5f0c6a2b9d3e4a1b2c3d4e5f"}, "comment": "x"}).assert(t, 400)
			if !r.has("recipient", "errors") {
				t.Errorf("errors lack recipient: %s", r.raw)
			}
		}),
		port(c, "test_cannot_accept_or_refuse_transfer_after_accepting_or_refusing", func(t *testing.T, u *ud) {
			me := u.login(t)
			newUser := u.user(t)
			id := u.transfer(t, me, u.dataset(t, me, ""), map[string]any{"class": "User", "id": newUser.ID})
			u.loginAs(newUser)
			u.call(t, "POST", "/api/1/transfer/"+id+"/", map[string]any{"response": "accept"}).assert(t, 200)
			u.call(t, "POST", "/api/1/transfer/"+id+"/", map[string]any{"response": "accept"}).assert(t, 400)
			u.call(t, "POST", "/api/1/transfer/"+id+"/", map[string]any{"response": "refuse"}).assert(t, 400)
		}),
	}
}

// invSetup is PartialEditorInvitationAssignmentTest.setUp.
type invSetup struct {
	admin  *person
	org    org.Organization
	d1, d2 catalog.Dataset
}

func withInv(fn func(t *testing.T, u *ud, s *invSetup)) func(t *testing.T, u *ud) {
	return func(t *testing.T, u *ud) {
		s := &invSetup{admin: u.user(t)}
		s.org = u.org(t, mem{s.admin, org.RoleAdmin})
		s.d1, s.d2 = u.dataset(t, nil, s.org.ID), u.dataset(t, nil, s.org.ID)
		fn(t, u, s)
	}
}

// inviteBoth invites p as a partial editor of both datasets.
func (s *invSetup) inviteBoth(t *testing.T, u *ud, p *person) string {
	t.Helper()
	refs := []any{map[string]any{"class": "Dataset", "id": s.d1.ID}, map[string]any{"class": "Dataset", "id": s.d2.ID}}
	return u.invite(t, s.org, s.admin, map[string]any{"user": p.ID, "role": "partial_editor", "assignments": refs})
}

// assignedTo counts p's assignments in the organization.
func (s *invSetup) assignedTo(t *testing.T, u *ud, p *person) int {
	t.Helper()
	n := 0
	for _, x := range u.callAs(t, s.admin, "GET", orgPath(s.org)+"assignments/", nil).assert(t, 200).list() {
		if dig(x, "user", "id") == p.ID {
			n++
		}
	}
	return n
}
