package api_test

import (
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/org"
)

// ask is MembershipRequest(user=applicant, comment=...): the request the
// applicant makes; it returns its id.
func (u *ud) ask(t *testing.T, o org.Organization, applicant *person, comment string) string {
	t.Helper()
	id, _ := u.callAs(t, applicant, "POST", orgPath(o)+"membership/", map[string]any{"comment": comment}).assert(t, 201).get("id").(string)
	return id
}

// invite is MembershipRequest(kind="invitation", ...): admin invites.
func (u *ud) invite(t *testing.T, o org.Organization, admin *person, body map[string]any) string {
	t.Helper()
	id, _ := u.callAs(t, admin, "POST", orgPath(o)+"member/", body).assert(t, 201).get("id").(string)
	return id
}

// requests are the organization's requests and invitations, as its admin
// (a sysadmin) lists them.
func (u *ud) requests(t *testing.T, o org.Organization, query string) []any {
	t.Helper()
	return u.callAs(t, u.sysadmin(t), "GET", orgPath(o)+"membership/"+query, nil).assert(t, 200).list()
}

func (u *ud) isMemberAs(t *testing.T, o org.Organization, p *person) string {
	t.Helper()
	ms, err := u.Orgs.Members(ctx, o.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if m.User.ID == p.ID {
			return string(m.Role)
		}
	}
	return ""
}

// udata/tests/api/test_organizations_api.py, MembershipAPITest
func udataMembershipTests() []udataCase {
	const c = "MembershipAPITest"
	adminOrg := func(t *testing.T, u *ud) (*person, org.Organization) {
		me := u.login(t)
		return me, u.org(t, mem{me, org.RoleAdmin})
	}
	statusOf := func(t *testing.T, u *ud, o org.Organization, id string) any {
		for _, r := range u.requests(t, o, "") {
			if dig(r, "id") == id {
				return dig(r, "status")
			}
		}
		return nil
	}
	return []udataCase{
		port(c, "test_request_membership", func(t *testing.T, u *ud) {
			o := u.org(t)
			me := u.login(t)
			u.call(t, "POST", orgPath(o)+"membership/", map[string]any{"comment": "a comment"}).assert(t, 201)
			rs := u.requests(t, o, "")
			eq(t, "requests", len(rs), 1)
			eq(t, "user", dig(rs, 0, "user", "id"), me.ID)
			eq(t, "status", dig(rs, 0, "status"), "pending")
			eq(t, "comment", dig(rs, 0, "comment"), "a comment")
			eq(t, "handled_on", dig(rs, 0, "handled_on"), nil)
			eq(t, "handled_by", dig(rs, 0, "handled_by"), nil)
			eq(t, "refusal_comment", dig(rs, 0, "refusal_comment"), nil)
		}),
		port(c, "test_request_membership_without_comment", func(t *testing.T, u *ud) {
			o := u.org(t)
			u.login(t)
			u.call(t, "POST", orgPath(o)+"membership/", map[string]any{}).assert(t, 400)
			eq(t, "requests", len(u.requests(t, o, "")), 0)
		}),
		port(c, "test_request_existing_pending_membership_do_not_duplicate_it", func(t *testing.T, u *ud) {
			me := u.login(t)
			o := u.org(t)
			u.ask(t, o, me, "previous")
			u.call(t, "POST", orgPath(o)+"membership/", map[string]any{"comment": "a comment"}).assert(t, 200)
			rs := u.requests(t, o, "")
			eq(t, "requests", len(rs), 1)
			eq(t, "status", dig(rs, 0, "status"), "pending")
			eq(t, "comment", dig(rs, 0, "comment"), "a comment")
		}),
		port(c, "test_get_membership_requests", func(t *testing.T, u *ud) {
			_, o := adminOrg(t, u)
			u.ask(t, o, u.named(t, "", "", "thibaud"+account8()+"@example.org"), "test")
			r := u.call(t, "GET", orgPath(o)+"membership/", nil).assert(t, 200)
			eq(t, "len", len(r.list()), 1)
			eq(t, "comment", r.get(0, "comment"), "test")
			if e, _ := r.get(0, "user", "email").(string); len(e) < 8 || e[:8] != "th******" {
				t.Errorf("email %q, want th******…@example.org", e)
			}
		}),
		port(c, "test_only_org_member_can_get_membership_requests", func(t *testing.T, u *ud) {
			u.login(t)
			o := u.org(t)
			u.ask(t, o, u.user(t), "test")
			u.call(t, "GET", orgPath(o)+"membership/", nil).assert(t, 403)
		}),
		port(c, "test_applicant_can_get_their_membership_requests", func(t *testing.T, u *ud) {
			me := u.login(t)
			o := u.org(t)
			u.ask(t, o, me, "test")
			u.call(t, "GET", orgPath(o)+"membership/?user="+me.ID, nil).assert(t, 200)
		}),
		port(c, "test_get_membership_requests_filtered_by_user_skips_orphan_requests", func(t *testing.T, u *ud) {
			me := u.login(t)
			o := u.org(t)
			u.invite(t, o, u.sysadmin(t), map[string]any{"email": "invited" + account8() + "@example.org"})
			u.ask(t, o, me, "test")
			r := u.call(t, "GET", orgPath(o)+"membership/?user="+me.ID, nil).assert(t, 200)
			eq(t, "len", len(r.list()), 1)
			eq(t, "comment", r.get(0, "comment"), "test")
		}),
		port(c, "test_get_membership_requests_filtered_by_user_and_status_skips_orphan_requests", func(t *testing.T, u *ud) {
			me := u.login(t)
			o := u.org(t)
			u.invite(t, o, u.sysadmin(t), map[string]any{"email": "invited" + account8() + "@example.org"})
			u.ask(t, o, me, "test")
			r := u.call(t, "GET", orgPath(o)+"membership/?status=pending&user="+me.ID, nil).assert(t, 200)
			eq(t, "len", len(r.list()), 1)
		}),
		port(c, "test_applicant_can_get_their_membership_requests_with_status", func(t *testing.T, u *ud) {
			me := u.login(t)
			o := u.org(t)
			u.ask(t, o, me, "test")
			for status, want := range map[string]int{"pending": 1, "accepted": 0, "refused": 0} {
				r := u.call(t, "GET", orgPath(o)+"membership/?status="+status+"&user="+me.ID, nil).assert(t, 200)
				eq(t, status, len(r.list()), want)
			}
		}),
		deviate(c, "test_get_members_with_or_without_email", "a non-member gets null, not ***@domain (the spec)"),
		port(c, "test_get_members_with_or_without_email_as_spec", func(t *testing.T, u *ud) {
			admin := u.named(t, "", "", "admin"+account8()+"@example.org")
			editor := u.named(t, "", "", "editor"+account8()+"@example.org")
			o := u.org(t, mem{admin, org.RoleAdmin}, mem{editor, org.RoleEditor})
			emails := func(p *person) map[string]any {
				out := map[string]any{}
				for _, m := range u.callAs(t, p, "GET", orgPath(o), nil).assert(t, 200).list("members") {
					out[dig(m, "role").(string)] = dig(m, "user", "email")
				}
				return out
			}
			mask := func(a string) string {
				at := strings.IndexByte(a, '@')
				return a[:2] + strings.Repeat("*", at-2) + a[at:]
			}
			masked := map[string]any{"admin": mask(admin.Email), "editor": mask(editor.Email)}
			eq(t, "as admin", emails(admin), masked)
			eq(t, "as editor", emails(editor), masked)
			eq(t, "as other", emails(u.user(t)), map[string]any{"admin": nil, "editor": nil})
			eq(t, "as sysadmin", emails(u.sysadmin(t)), map[string]any{"admin": admin.Email, "editor": editor.Email})
		}),
		port(c, "test_get_members_last_login_at", func(t *testing.T, u *ud) {
			admin, editor := u.loggedIn(t), u.loggedIn(t)
			o := u.org(t, mem{admin, org.RoleAdmin}, mem{editor, org.RoleEditor})
			check := func(p *person, visible bool) {
				t.Helper()
				for _, m := range u.callAs(t, p, "GET", orgPath(o), nil).assert(t, 200).list("members") {
					if (dig(m, "user", "last_login_at") != nil) != visible {
						t.Errorf("last_login_at %v, want visible %v", dig(m, "user", "last_login_at"), visible)
					}
					if _, ok := dig(m, "user").(map[string]any)["current_login_at"]; ok {
						t.Error("current_login_at shown")
					}
				}
			}
			check(admin, true)
			check(editor, true)
			check(u.user(t), false)
			check(u.sysadmin(t), true)
		}),
		port(c, "test_accept_membership", func(t *testing.T, u *ud) {
			me, o := adminOrg(t, u)
			applicant := u.user(t)
			id := u.ask(t, o, applicant, "test")
			r := u.call(t, "POST", orgPath(o)+"membership/"+id+"/accept/", nil).assert(t, 200)
			eq(t, "role", r.get("role"), "editor")
			rs := u.requests(t, o, "")
			eq(t, "status", dig(rs, 0, "status"), "accepted")
			eq(t, "comment", dig(rs, 0, "comment"), "test")
			eq(t, "handled_by", dig(rs, 0, "handled_by", "id"), me.ID)
			if dig(rs, 0, "handled_on") == nil {
				t.Error("handled_on null")
			}
			eq(t, "refusal_comment", dig(rs, 0, "refusal_comment"), nil)
			eq(t, "member", u.isMemberAs(t, o, applicant), "editor")
			u.call(t, "POST", orgPath(o)+"membership/"+id+"/accept/", nil).assert(t, 409)
		}),
		port(c, "test_only_admin_can_accept_membership", func(t *testing.T, u *ud) {
			o := u.org(t, mem{u.login(t), org.RoleEditor})
			id := u.ask(t, o, u.user(t), "test")
			u.call(t, "POST", orgPath(o)+"membership/"+id+"/accept/", nil).assert(t, 403)
		}),
		port(c, "test_accept_membership_404", func(t *testing.T, u *ud) {
			_, o := adminOrg(t, u)
			r := u.call(t, "POST", orgPath(o)+"membership/6a0b6f2c-1f0e-4b7e-9a59-0c6b1c7d2e11/accept/", nil).assert(t, 404)
			eq(t, "message", r.get("message"), "Unknown membership request id")
		}),
		port(c, "test_refuse_membership", func(t *testing.T, u *ud) {
			me, o := adminOrg(t, u)
			applicant := u.user(t)
			id := u.ask(t, o, applicant, "test")
			u.call(t, "POST", orgPath(o)+"membership/"+id+"/refuse/", map[string]any{"comment": "no"}).assert(t, 200)
			rs := u.requests(t, o, "")
			eq(t, "status", dig(rs, 0, "status"), "refused")
			eq(t, "refusal_comment", dig(rs, 0, "refusal_comment"), "no")
			eq(t, "handled_by", dig(rs, 0, "handled_by", "id"), me.ID)
			eq(t, "member", u.isMemberAs(t, o, applicant), "")
		}),
		port(c, "test_only_admin_can_refuse_membership", func(t *testing.T, u *ud) {
			o := u.org(t, mem{u.login(t), org.RoleEditor})
			id := u.ask(t, o, u.user(t), "test")
			u.call(t, "POST", orgPath(o)+"membership/"+id+"/refuse/", map[string]any{"comment": "no"}).assert(t, 403)
		}),
		port(c, "test_refuse_membership_404", func(t *testing.T, u *ud) {
			_, o := adminOrg(t, u)
			r := u.call(t, "POST", orgPath(o)+"membership/6a0b6f2c-1f0e-4b7e-9a59-0c6b1c7d2e11/refuse/", nil).assert(t, 404)
			eq(t, "message", r.get("message"), "Unknown membership request id")
		}),
		port(c, "test_refuse_membership_without_comment", func(t *testing.T, u *ud) {
			_, o := adminOrg(t, u)
			id := u.ask(t, o, u.user(t), "test")
			u.call(t, "POST", orgPath(o)+"membership/"+id+"/refuse/", map[string]any{}).assert(t, 400)
			eq(t, "status", statusOf(t, u, o, id), "pending")
		}),
		port(c, "test_accept_membership_rejects_invitation", func(t *testing.T, u *ud) {
			me, o := adminOrg(t, u)
			id := u.invite(t, o, me, map[string]any{"user": u.user(t).ID, "role": "editor"})
			u.call(t, "POST", orgPath(o)+"membership/"+id+"/accept/", nil).assert(t, 400)
			eq(t, "status", statusOf(t, u, o, id), "pending")
		}),
		port(c, "test_refuse_membership_rejects_invitation", func(t *testing.T, u *ud) {
			me, o := adminOrg(t, u)
			id := u.invite(t, o, me, map[string]any{"user": u.user(t).ID, "role": "editor"})
			u.call(t, "POST", orgPath(o)+"membership/"+id+"/refuse/", nil).assert(t, 400)
			eq(t, "status", statusOf(t, u, o, id), "pending")
		}),
		port(c, "test_invite_member_by_user_id", func(t *testing.T, u *ud) {
			_, o := adminOrg(t, u)
			invited := u.user(t)
			r := u.call(t, "POST", orgPath(o)+"member/", map[string]any{"user": invited.ID, "role": "admin"}).assert(t, 201)
			eq(t, "kind", r.get("kind"), "invitation")
			eq(t, "role", r.get("role"), "admin")
			eq(t, "status", r.get("status"), "pending")
			eq(t, "member", u.isMemberAs(t, o, invited), "")
			rs := u.requests(t, o, "")
			eq(t, "requests", len(rs), 1)
			eq(t, "user", dig(rs, 0, "user", "id"), invited.ID)
		}),
		port(c, "test_invite_member_creates_notification_for_invited_user", func(t *testing.T, u *ud) {
			me, o := adminOrg(t, u)
			invited := u.user(t)
			u.call(t, "POST", orgPath(o)+"member/", map[string]any{"user": invited.ID, "role": "editor"}).assert(t, 201)
			r := u.callAs(t, invited, "GET", "/api/1/notifications/", nil).assert(t, 200)
			eq(t, "total", r.get("total"), 1)
			eq(t, "organization", r.get("data", 0, "details", "request_organization", "id"), o.ID)
			eq(t, "kind", r.get("data", 0, "details", "kind"), "invitation")
			eq(t, "admin's", u.callAs(t, me, "GET", "/api/1/notifications/", nil).get("total"), 0)
		}),
		port(c, "test_invite_member_by_email", func(t *testing.T, u *ud) {
			_, o := adminOrg(t, u)
			addr := "newuser" + account8() + "@example.com"
			r := u.call(t, "POST", orgPath(o)+"member/", map[string]any{"email": addr, "role": "editor"}).assert(t, 201)
			eq(t, "kind", r.get("kind"), "invitation")
			eq(t, "email", r.get("email"), addr)
			eq(t, "role", r.get("role"), "editor")
			rs := u.requests(t, o, "")
			eq(t, "requests", len(rs), 1)
			eq(t, "user", dig(rs, 0, "user"), nil)
		}),
		port(c, "test_invite_member_by_email_existing_user", func(t *testing.T, u *ud) {
			_, o := adminOrg(t, u)
			existing := u.named(t, "", "", "existing"+account8()+"@example.com")
			r := u.call(t, "POST", orgPath(o)+"member/", map[string]any{"email": existing.Email, "role": "editor"}).assert(t, 201)
			eq(t, "user", r.get("user", "id"), existing.ID)
			eq(t, "email", r.get("email"), nil)
		}),
		port(c, "test_only_admin_can_invite_member", func(t *testing.T, u *ud) {
			o := u.org(t, mem{u.login(t), org.RoleEditor})
			u.call(t, "POST", orgPath(o)+"member/", map[string]any{"user": u.user(t).ID, "role": "editor"}).assert(t, 403)
			eq(t, "requests", len(u.requests(t, o, "")), 0)
		}),
		port(c, "test_invite_member_already_member", func(t *testing.T, u *ud) {
			me := u.login(t)
			existing := u.user(t)
			o := u.org(t, mem{me, org.RoleAdmin}, mem{existing, org.RoleEditor})
			u.call(t, "POST", orgPath(o)+"member/", map[string]any{"user": existing.ID, "role": "admin"}).assert(t, 400)
			eq(t, "requests", len(u.requests(t, o, "")), 0)
		}),
		port(c, "test_invite_member_duplicate_invitation", func(t *testing.T, u *ud) {
			me, o := adminOrg(t, u)
			invited := u.user(t)
			u.invite(t, o, me, map[string]any{"user": invited.ID, "role": "editor"})
			u.call(t, "POST", orgPath(o)+"member/", map[string]any{"user": invited.ID, "role": "admin"}).assert(t, 400)
			eq(t, "requests", len(u.requests(t, o, "")), 1)
		}),
		port(c, "test_invite_member_invalid_email", func(t *testing.T, u *ud) {
			_, o := adminOrg(t, u)
			u.call(t, "POST", orgPath(o)+"member/", map[string]any{"email": "not-an-email", "role": "editor"}).assert(t, 400)
			eq(t, "requests", len(u.requests(t, o, "")), 0)
		}),
		port(c, "test_invite_member_unknown_user_id", func(t *testing.T, u *ud) {
			_, o := adminOrg(t, u)
			u.call(t, "POST", orgPath(o)+"member/", map[string]any{"user": "deadbeefdeadbeefdeadbeef", "role": "editor"}).assert(t, 400)
			eq(t, "requests", len(u.requests(t, o, "")), 0)
		}),
		port(c, "test_invite_member_requires_user_or_email", func(t *testing.T, u *ud) {
			_, o := adminOrg(t, u)
			u.call(t, "POST", orgPath(o)+"member/", map[string]any{"role": "editor"}).assert(t, 400)
			eq(t, "requests", len(u.requests(t, o, "")), 0)
		}),
		port(c, "test_invite_member_cannot_provide_both_user_and_email", func(t *testing.T, u *ud) {
			_, o := adminOrg(t, u)
			u.call(t, "POST", orgPath(o)+"member/", map[string]any{"user": u.user(t).ID, "email": "other@example.com", "role": "editor"}).assert(t, 400)
			eq(t, "requests", len(u.requests(t, o, "")), 0)
		}),
		port(c, "test_cancel_invitation", func(t *testing.T, u *ud) {
			me, o := adminOrg(t, u)
			id := u.invite(t, o, me, map[string]any{"user": u.user(t).ID, "role": "editor"})
			u.call(t, "POST", orgPath(o)+"membership/"+id+"/cancel/", nil).assert(t, 200)
			eq(t, "status", statusOf(t, u, o, id), "canceled")
		}),
		port(c, "test_cancel_invitation_not_pending", func(t *testing.T, u *ud) {
			me, o := adminOrg(t, u)
			invited := u.user(t)
			id := u.invite(t, o, me, map[string]any{"user": invited.ID, "role": "editor"})
			u.callAs(t, invited, "POST", "/api/1/me/org_invitations/"+id+"/accept/", nil).assert(t, 200)
			u.call(t, "POST", orgPath(o)+"membership/"+id+"/cancel/", nil).assert(t, 400)
		}),
		port(c, "test_cancel_request_not_allowed", func(t *testing.T, u *ud) {
			_, o := adminOrg(t, u)
			id := u.ask(t, o, u.user(t), "Please add me")
			u.call(t, "POST", orgPath(o)+"membership/"+id+"/cancel/", nil).assert(t, 400)
			eq(t, "status", statusOf(t, u, o, id), "pending")
		}),
		port(c, "test_cancel_invitation_marks_notification_as_handled", func(t *testing.T, u *ud) {
			me, o := adminOrg(t, u)
			invited := u.user(t)
			id := u.invite(t, o, me, map[string]any{"user": invited.ID, "role": "editor"})
			u.call(t, "POST", orgPath(o)+"membership/"+id+"/cancel/", nil).assert(t, 200)
			r := u.callAs(t, invited, "GET", "/api/1/notifications/?handled=false", nil).assert(t, 200)
			eq(t, "unhandled notifications", r.get("total"), 0)
		}),
		port(c, "test_update_member", func(t *testing.T, u *ud) {
			me := u.login(t)
			updated := u.user(t)
			o := u.org(t, mem{me, org.RoleAdmin}, mem{updated, org.RoleEditor})
			r := u.call(t, "PUT", orgPath(o)+"member/"+updated.ID+"/", map[string]any{"role": "admin"}).assert(t, 200)
			eq(t, "role", r.get("role"), "admin")
			eq(t, "member", u.isMemberAs(t, o, updated), "admin")
		}),
		port(c, "test_update_member_not_in_organization", func(t *testing.T, u *ud) {
			_, o := adminOrg(t, u)
			other := u.user(t)
			u.call(t, "PUT", orgPath(o)+"member/"+other.ID+"/", map[string]any{"role": "admin"}).assert(t, 404)
			eq(t, "member", u.isMemberAs(t, o, other), "")
		}),
		port(c, "test_only_admin_can_update_member", func(t *testing.T, u *ud) {
			me := u.login(t)
			updated := u.user(t)
			o := u.org(t, mem{me, org.RoleEditor}, mem{updated, org.RoleEditor})
			u.call(t, "PUT", orgPath(o)+"member/"+updated.ID+"/", map[string]any{"role": "admin"}).assert(t, 403)
			eq(t, "member", u.isMemberAs(t, o, updated), "editor")
		}),
		port(c, "test_delete_member", func(t *testing.T, u *ud) {
			me := u.login(t)
			deleted := u.user(t)
			o := u.org(t, mem{me, org.RoleAdmin}, mem{deleted, org.RoleEditor})
			u.call(t, "DELETE", orgPath(o)+"member/"+deleted.ID+"/", nil).assert(t, 204)
			eq(t, "member", u.isMemberAs(t, o, deleted), "")
			eq(t, "metrics.members", u.call(t, "GET", orgPath(o), nil).get("metrics", "members"), 1)
		}),
		port(c, "test_only_admin_can_delete_member", func(t *testing.T, u *ud) {
			me := u.login(t)
			deleted := u.user(t)
			o := u.org(t, mem{me, org.RoleEditor}, mem{deleted, org.RoleEditor})
			u.call(t, "DELETE", orgPath(o)+"member/"+deleted.ID+"/", nil).assert(t, 403)
			eq(t, "member", u.isMemberAs(t, o, deleted), "editor")
		}),
	}
}

// udata/tests/api/test_user_api.py, OrgInvitationsAPITest
func udataInvitationTests() []udataCase {
	const c = "OrgInvitationsAPITest"
	invited := func(t *testing.T, u *ud, comment string) (*person, org.Organization, string) {
		me := u.login(t)
		admin := u.user(t)
		o := u.org(t, mem{admin, org.RoleAdmin})
		body := map[string]any{"user": me.ID, "role": "editor"}
		if comment != "" {
			body["comment"] = comment
		}
		return me, o, u.invite(t, o, admin, body)
	}
	return []udataCase{
		port(c, "test_list_org_invitations", func(t *testing.T, u *ud) {
			_, o, _ := invited(t, u, "Welcome!")
			r := u.call(t, "GET", "/api/1/me/org_invitations/", nil).assert(t, 200)
			eq(t, "len", len(r.list()), 1)
			eq(t, "organization.id", r.get(0, "organization", "id"), o.ID)
			eq(t, "organization.name", r.get(0, "organization", "name"), o.Name)
			eq(t, "role", r.get(0, "role"), "editor")
			eq(t, "comment", r.get(0, "comment"), "Welcome!")
		}),
		port(c, "test_list_org_invitations_empty", func(t *testing.T, u *ud) {
			u.login(t)
			eq(t, "len", len(u.call(t, "GET", "/api/1/me/org_invitations/", nil).assert(t, 200).list()), 0)
		}),
		port(c, "test_list_org_invitations_excludes_requests", func(t *testing.T, u *ud) {
			me := u.login(t)
			u.ask(t, u.org(t), me, "Please add me")
			eq(t, "len", len(u.call(t, "GET", "/api/1/me/org_invitations/", nil).assert(t, 200).list()), 0)
		}),
		port(c, "test_accept_org_invitation", func(t *testing.T, u *ud) {
			me, o, id := invited(t, u, "")
			u.call(t, "POST", "/api/1/me/org_invitations/"+id+"/accept/", nil).assert(t, 200)
			eq(t, "member", u.isMemberAs(t, o, me), "editor")
			rs := u.requests(t, o, "")
			eq(t, "status", dig(rs, 0, "status"), "accepted")
			eq(t, "handled_by", dig(rs, 0, "handled_by", "id"), me.ID)
			if dig(rs, 0, "handled_on") == nil {
				t.Error("handled_on null")
			}
		}),
		port(c, "test_accept_org_invitation_not_found", func(t *testing.T, u *ud) {
			u.login(t)
			u.call(t, "POST", "/api/1/me/org_invitations/00000000-0000-0000-0000-000000000000/accept/", nil).assert(t, 404)
		}),
		port(c, "test_accept_org_invitation_already_accepted", func(t *testing.T, u *ud) {
			_, _, id := invited(t, u, "")
			u.call(t, "POST", "/api/1/me/org_invitations/"+id+"/accept/", nil).assert(t, 200)
			u.call(t, "POST", "/api/1/me/org_invitations/"+id+"/accept/", nil).assert(t, 400)
		}),
		port(c, "test_refuse_org_invitation", func(t *testing.T, u *ud) {
			me, o, id := invited(t, u, "")
			u.call(t, "POST", "/api/1/me/org_invitations/"+id+"/refuse/", nil).assert(t, 200)
			eq(t, "member", u.isMemberAs(t, o, me), "")
			rs := u.requests(t, o, "")
			eq(t, "status", dig(rs, 0, "status"), "refused")
			eq(t, "handled_by", dig(rs, 0, "handled_by", "id"), me.ID)
		}),
		port(c, "test_accept_org_invitation_marks_notification_as_handled", func(t *testing.T, u *ud) {
			_, _, id := invited(t, u, "")
			u.call(t, "POST", "/api/1/me/org_invitations/"+id+"/accept/", nil).assert(t, 200)
			eq(t, "unhandled", u.call(t, "GET", "/api/1/notifications/?handled=false", nil).get("total"), 0)
		}),
		port(c, "test_refuse_org_invitation_marks_notification_as_handled", func(t *testing.T, u *ud) {
			_, _, id := invited(t, u, "")
			u.call(t, "POST", "/api/1/me/org_invitations/"+id+"/refuse/", nil).assert(t, 200)
			eq(t, "unhandled", u.call(t, "GET", "/api/1/notifications/?handled=false", nil).get("total"), 0)
		}),
		port(c, "test_cannot_accept_other_user_invitation", func(t *testing.T, u *ud) {
			_, _, id := invited(t, u, "")
			u.login(t)
			u.call(t, "POST", "/api/1/me/org_invitations/"+id+"/accept/", nil).assert(t, 404)
		}),
		port(c, "test_email_invitation_matched_on_registration", func(t *testing.T, u *ud) {
			admin := u.user(t)
			o := u.org(t, mem{admin, org.RoleAdmin})
			addr := "newuser" + account8() + "@example.com"
			u.invite(t, o, admin, map[string]any{"email": addr, "role": "editor"})
			newUser := u.named(t, "", "", addr) // created as the CLI and the factory do
			rs := u.requests(t, o, "")
			eq(t, "user", dig(rs, 0, "user", "id"), newUser.ID)
			eq(t, "email", dig(rs, 0, "email"), nil)
			u.loginAs(newUser)
			n := u.call(t, "GET", "/api/1/notifications/", nil).assert(t, 200)
			eq(t, "notifications", n.get("total"), 1)
			eq(t, "organization", n.get("data", 0, "details", "request_organization", "id"), o.ID)
			eq(t, "kind", n.get("data", 0, "details", "kind"), "invitation")
			r := u.call(t, "GET", "/api/1/me/org_invitations/", nil).assert(t, 200)
			eq(t, "len", len(r.list()), 1)
			eq(t, "organization", r.get(0, "organization", "id"), o.ID)
		}),
	}
}
