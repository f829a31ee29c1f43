package api_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/account"
)

// named is UserFactory(first_name=..., last_name=..., email=...); empty
// fields get the factory's.
func (u *ud) named(t *testing.T, first, last, email string) *person {
	t.Helper()
	n := account.NewID()[18:]
	if first == "" {
		first = "Camille" + n
	}
	if last == "" {
		last = "Usager"
	}
	if email == "" {
		email = "usager" + n + "@example.org"
	}
	usr, err := u.Accounts.CreateUser(ctx, account.NewUser{Email: email, FirstName: first, LastName: last,
		Password: "Secret123", Confirmed: true})
	if err != nil {
		t.Fatal(err)
	}
	return u.withKey(t, usr)
}

// word is faker.word(): a name no search of the test matches.
func word(i int) string { return fmt.Sprintf("Zorglub%c", 'a'+i) }

// udata/tests/api/test_user_api.py
func udataUserTests() []udataCase {
	const c = "UserAPITest"
	admin := "sysadmins manage accounts on socle's pages and command line, not through the API"
	suggest := func(field, prefix string) func(t *testing.T, u *ud) {
		return func(t *testing.T, u *ud) {
			for i := range 4 {
				name := word(i)
				if i%2 == 1 {
					name = fmt.Sprintf("%s-%d", prefix, i)
				}
				if field == "first_name" {
					u.named(t, name, "", "")
				} else {
					u.named(t, "", name, "")
				}
			}
			r := u.call(t, "GET", "/api/1/users/suggest/?size=5&q="+url.QueryEscape(prefix), nil).assert(t, 200)
			if n := len(r.list()); n > 5 || n <= 1 {
				t.Errorf("%d suggestions: %s", n, r.raw)
			}
			for _, s := range r.list() {
				for _, k := range []string{"id", "first_name", "last_name", "avatar_url", "slug"} {
					if _, ok := s.(map[string]any)[k]; !ok {
						t.Errorf("suggestion lacks %s: %v", k, s)
					}
				}
				if v, _ := dig(s, field).(string); !strings.Contains(v, prefix) {
					t.Errorf("%s %q lacks %q", field, v, prefix)
				}
			}
		}
	}
	search := func(q string, want int, setup func(t *testing.T, u *ud) string) func(t *testing.T, u *ud) {
		return func(t *testing.T, u *ud) {
			u.loginAs(u.sysadmin(t))
			first := ""
			if setup != nil {
				first = setup(t, u)
			}
			r := u.call(t, "GET", "/api/1/users/?q="+url.QueryEscape(q), nil).assert(t, 200)
			eq(t, "len(data)", len(r.list("data")), want)
			if first != "" {
				eq(t, "data[0].id", r.get("data", 0, "id"), first)
			}
		}
	}
	fourNamed := func(field string) func(t *testing.T, u *ud) string {
		return func(t *testing.T, u *ud) string {
			for i := range 4 {
				name := word(i)
				if i%2 == 1 {
					name = fmt.Sprintf("test-%d", i)
				}
				if field == "first_name" {
					u.named(t, name, "", "")
				} else {
					u.named(t, "", name, "")
				}
			}
			return ""
		}
	}
	out := []udataCase{
		outside(c, "test_follow_user", "following users"),
		outside(c, "test_follow_myself", "following users"),
		outside(c, "test_unfollow", "following users"),
		port(c, "test_suggest_users_api_first_name", suggest("first_name", "first-name-test")),
		port(c, "test_suggest_users_api_last_name", suggest("last_name", "last-name-test")),
		port(c, "test_suggest_users_api_unicode", suggest("last_name", "last-name-testé")),
		port(c, "test_suggest_users_api_no_match", func(t *testing.T, u *ud) {
			for range 3 {
				u.named(t, "", "", "")
			}
			eq(t, "len", len(u.call(t, "GET", "/api/1/users/suggest/?q=xxxxxx&size=5", nil).assert(t, 200).list()), 0)
		}),
		port(c, "test_suggest_users_api_empty", func(t *testing.T, u *ud) {
			eq(t, "len", len(u.call(t, "GET", "/api/1/users/suggest/?q=xxxxxx&size=5", nil).assert(t, 200).list()), 0)
		}),
		port(c, "test_suggest_users_api_no_dedup", func(t *testing.T, u *ud) {
			u.named(t, "test", "homonym", "")
			u.named(t, "test", "homonym", "")
			r := u.call(t, "GET", "/api/1/users/suggest/?q=homonym&size=5", nil).assert(t, 200)
			eq(t, "len", len(r.list()), 2)
			for _, s := range r.list() {
				eq(t, "first_name", dig(s, "first_name"), "test")
				eq(t, "last_name", dig(s, "last_name"), "homonym")
			}
		}),
		port(c, "test_suggest_users_api_size_validation", func(t *testing.T, u *ud) {
			for _, size := range []string{"0", "21"} {
				r := u.call(t, "GET", "/api/1/users/suggest/?q=foobar&size="+size, nil).assert(t, 400)
				if msg := fmt.Sprint(r.get("errors", "size")); !strings.Contains(msg, "between 1 and 20") {
					t.Errorf("size=%s: errors.size %q", size, msg)
				}
			}
		}),
		fresh(port(c, "test_user_api_full_text_search_first_name", search("test", 2, fourNamed("first_name")))),
		fresh(port(c, "test_user_api_full_text_search_last_name", search("test", 2, fourNamed("last_name")))),
		fresh(port(c, "test_user_api_full_text_search_email", search("jane", 1, func(t *testing.T, u *ud) string {
			u.named(t, "", "", "john@example.org")
			u.named(t, "", "", "jane@example.org")
			return ""
		}))),
		deviate(c, "test_user_api_full_text_search_unicode", "q requires every word (the spec); udata's text index matches any"),
		fresh(port(c, "test_user_api_full_text_search_unicode_every_word", search("test testé", 1, func(t *testing.T, u *ud) string {
			fourNamed("first_name")(t, u)
			return u.named(t, "test", "testé", "").ID
		}))),
		fresh(port(c, "test_find_users_api_no_match", search("xxxxxx", 0, func(t *testing.T, u *ud) string {
			for range 3 {
				u.named(t, "", "", "")
			}
			return ""
		}))),
		fresh(port(c, "test_users_as_admin", func(t *testing.T, u *ud) {
			u.loginAs(u.named(t, "Thibaud", "Admin", "thibaud@example.org"))
			u.promote(t, u.as.ID)
			usr := u.named(t, "", "", "")
			if _, err := u.Accounts.UpdateProfile(ctx, usr.User, account.Profile{FirstName: usr.FirstName,
				LastName: usr.LastName, About: "Un paragraphe.", Website: "https://example.org/"}, account.Meta{}); err != nil {
				t.Fatal(err)
			}
			r := u.call(t, "GET", "/api/1/users/", nil).assert(t, 200)
			var found, me bool
			for _, x := range r.list("data") {
				switch dig(x, "id") {
				case usr.ID:
					found = true
					eq(t, "slug", dig(x, "slug"), usr.Slug)
					eq(t, "first_name", dig(x, "first_name"), usr.FirstName)
					eq(t, "last_name", dig(x, "last_name"), usr.LastName)
					eq(t, "website", dig(x, "website"), "https://example.org/")
					eq(t, "about", dig(x, "about"), "Un paragraphe.")
					if dig(x, "metrics") == nil {
						t.Errorf("no metrics: %v", x)
					}
				case u.as.ID:
					me = true
					eq(t, "admin's email", dig(x, "email"), "thibaud@example.org")
				}
			}
			if !found || !me {
				t.Errorf("the list lacks the user or the admin: %s", r.raw)
			}
		})),
		port(c, "test_users_forbidden", func(t *testing.T, u *ud) {
			u.named(t, "", "", "")
			u.call(t, "GET", "/api/1/users/", nil).assert(t, 401)
			u.login(t)
			u.call(t, "GET", "/api/1/users/", nil).assert(t, 403)
		}),
		port(c, "test_get_user", func(t *testing.T, u *ud) {
			u.call(t, "GET", "/api/1/users/"+u.user(t).ID+"/", nil).assert(t, 200)
		}),
		port(c, "test_get_inactive_user", func(t *testing.T, u *ud) {
			p := u.user(t)
			u.deactivate(t, p.ID)
			u.call(t, "GET", "/api/1/users/"+p.ID+"/", nil).assert(t, 410)
		}),
		port(c, "test_get_inactive_user_with_a_non_admin", func(t *testing.T, u *ud) {
			p := u.user(t)
			u.deactivate(t, p.ID)
			u.login(t)
			u.call(t, "GET", "/api/1/users/"+p.ID+"/", nil).assert(t, 410)
		}),
		outside(c, "test_change_avatar_user_with_a_non_admin", admin),
		outside(c, "test_change_avatar_user_as_admin", admin),
		outside(c, "test_change_avatar_user_rejects_non_image", admin),
		port(c, "test_get_inactive_user_with_an_admin", func(t *testing.T, u *ud) {
			p := u.user(t)
			u.deactivate(t, p.ID)
			u.loginAs(u.sysadmin(t))
			u.call(t, "GET", "/api/1/users/"+p.ID+"/", nil).assert(t, 200)
		}),
		port(c, "test_get_user_hides_email_from_a_third_party", func(t *testing.T, u *ud) {
			p := u.named(t, "", "", "john"+account.NewID()[18:]+"@example.org")
			r := u.call(t, "GET", "/api/1/users/"+p.ID+"/", nil).assert(t, 200)
			if !r.has("email") || r.get("email") != nil {
				t.Errorf("email for anonymous: %s", r.raw)
			}
			u.login(t)
			r = u.call(t, "GET", "/api/1/users/"+p.ID+"/", nil).assert(t, 200)
			if !r.has("email") || r.get("email") != nil {
				t.Errorf("email for a third party: %s", r.raw)
			}
		}),
		port(c, "test_get_user_exposes_email_to_an_admin", func(t *testing.T, u *ud) {
			p := u.user(t)
			u.loginAs(u.sysadmin(t))
			eq(t, "email", u.call(t, "GET", "/api/1/users/"+p.ID+"/", nil).assert(t, 200).get("email"), p.Email)
		}),
	}
	for _, n := range []string{"test_user_api_create_as_admin", "test_user_api_create_as_no_admin",
		"test_user_api_create_with_roles_and_active", "test_user_api_create_with_a_non_boolean_active",
		"test_user_api_create_without_a_required_field", "test_user_api_create_with_a_non_existing_role",
		"test_user_api_update", "test_user_api_update_with_website", "test_user_api_update_with_a_non_admin_connected_user",
		"test_user_api_update_with_an_existing_role", "test_user_api_update_removing_roles",
		"test_user_api_update_with_a_non_existing_role", "test_user_roles", "test_delete_user",
		"test_delete_user_without_notify", "test_delete_user_with_comments_deletion", "test_rotate_password_as_admin",
		"test_rotate_password_as_non_admin", "test_rotate_password_unauthenticated",
		"test_password_rotation_fields_visible_to_admin", "test_password_rotation_fields_hidden_from_non_admin",
		"test_password_rotation_fields_visible_on_me"} {
		out = append(out, outside(c, n, admin))
	}
	out = append(out,
		port(c, "test_last_login_at_visible_to_admin", func(t *testing.T, u *ud) {
			p := u.loggedIn(t)
			u.loginAs(u.sysadmin(t))
			if u.call(t, "GET", "/api/1/users/"+p.ID+"/", nil).assert(t, 200).get("last_login_at") == nil {
				t.Error("last_login_at hidden from a sysadmin")
			}
		}),
		port(c, "test_last_login_at_hidden_from_non_admin", func(t *testing.T, u *ud) {
			p := u.loginAs(u.loggedIn(t))
			r := u.call(t, "GET", "/api/1/users/"+p.ID+"/", nil).assert(t, 200)
			if !r.has("last_login_at") || r.get("last_login_at") != nil {
				t.Errorf("last_login_at on the user's own public object: %s", r.raw)
			}
		}),
		port(c, "test_last_login_at_visible_on_me", func(t *testing.T, u *ud) {
			u.loginAs(u.loggedIn(t))
			if u.call(t, "GET", "/api/1/me/", nil).assert(t, 200).get("last_login_at") == nil {
				t.Error("last_login_at hidden on /me/")
			}
		}),
		outside(c, "test_contact_points", "contact points"),
	)
	return append(out, udataInvitationTests()...)
}

// loggedIn is UserFactory(current_login_at=...): a user who signed in.
func (u *ud) loggedIn(t *testing.T) *person {
	t.Helper()
	p := u.user(t)
	if _, _, err := u.Accounts.Login(ctx, p.Email, "Secret123", "", account.Meta{}); err != nil {
		t.Fatal(err)
	}
	return p
}
