package api_test

import (
	"strings"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/org"
)

// udata's fake endpoints (api.fake: GET public, POST behind @api.secure)
// are played by socle's own: a public list and GET /me/.
const (
	fakePublic = "/api/1/organizations/"
	fakeSecure = "/api/1/me/"
)

func isJSON(t *testing.T, r *res) {
	t.Helper()
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("content type %q, want application/json", ct)
	}
}

func hasMessage(t *testing.T, r *res) {
	t.Helper()
	isJSON(t, r)
	if !r.has("message") {
		t.Errorf("no message: %s", r.raw)
	}
}

// udata/tests/api/test_auth_api.py: the API key parts; the OAuth parts are
// the OAuth provider's (internal/oauth and the transport replay).
func udataAuthTests() []udataCase {
	const c = "APIAuthTest"
	oauth := "OAuth provider: internal/oauth's tests and the transport replay"
	out := []udataCase{
		port(c, "test_no_auth", func(t *testing.T, u *ud) {
			isJSON(t, u.call(t, "GET", fakePublic, nil).assert(t, 200))
		}),
		outside(c, "test_session_auth", "the web session authenticates the API only from socle's own pages (CSRF)"),
		port(c, "test_header_auth", func(t *testing.T, u *ud) {
			u.as = u.user(t)
			isJSON(t, u.call(t, "GET", fakeSecure, nil).assert(t, 200))
		}),
		port(c, "test_no_apikey", func(t *testing.T, u *ud) {
			hasMessage(t, u.call(t, "GET", fakeSecure, nil).assert(t, 401))
		}),
		port(c, "test_invalid_apikey", func(t *testing.T, u *ud) {
			hasMessage(t, u.callAs(t, &person{key: "fake"}, "GET", fakeSecure, nil).assert(t, 401))
		}),
		port(c, "test_inactive_user", func(t *testing.T, u *ud) {
			p := u.user(t)
			u.deactivate(t, p.ID)
			hasMessage(t, u.callAs(t, p, "GET", fakeSecure, nil).assert(t, 401))
		}),
		port(c, "test_deleted_user", func(t *testing.T, u *ud) {
			p := u.user(t)
			if err := u.Accounts.Delete(ctx, p.User, account.Meta{}); err != nil {
				t.Fatal(err)
			}
			hasMessage(t, u.callAs(t, p, "GET", fakeSecure, nil).assert(t, 401))
		}),
		// udata's FakeForm (required, email, choices) is played by PUT /me/.
		port(c, "test_validation_errors", func(t *testing.T, u *ud) {
			u.login(t)
			r := u.call(t, "PUT", fakeSecure, map[string]any{"first_name": "", "email": "wrong", "website": "x"}).assert(t, 400)
			isJSON(t, r)
			for _, f := range []string{"first_name", "email", "website"} {
				if _, ok := r.get("errors", f).([]any); !ok {
					t.Errorf("errors.%s is not a list: %s", f, r.raw)
				}
			}
		}),
		port(c, "test_no_validation_error", func(t *testing.T, u *ud) {
			me := u.login(t)
			u.call(t, "PUT", fakeSecure, map[string]any{"first_name": "value", "email": me.Email}).assert(t, 200)
		}),
	}
	for _, n := range []string{"test_oauth_auth", "test_bad_oauth_auth", "test_authorization_decline",
		"test_authorization_accept", "test_authorization_accept_wildcard", "test_authorization_accept_no_wildcard",
		"test_authorization_accept_wrong_wildcard", "test_authorization_grant_token",
		"test_s256_code_challenge_success_client_secret_basic", "test_s256_code_challenge_success_client_secret_post",
		"test_s256_code_challenge_success_no_client_secret", "test_s256_code_challenge_missing_client_secret",
		"test_authorization_multiple_grant_token", "test_authorization_grant_token_body_credentials",
		"test_authorization_redirects_for_internal_clients", "test_client_credentials_grant_token",
		"test_password_grant_token", "test_invalid_implicit_grant_token", "test_refresh_token", "test_revoke_token",
		"test_revoke_token_with_hint", "test_revoke_token_with_bad_hint", "test_value_error", "test_permission_denied"} {
		out = append(out, outside(c, n, oauth))
	}
	return out
}

// udata/tests/api/test_base_api.py. udata's fake-locale endpoint answers
// the locale; socle's messages show it.
func udataBaseTests() []udataCase {
	const l = "APILanguageTest"
	notFound := func(t *testing.T, u *ud, query string) string {
		t.Helper()
		m, _ := u.call(t, "GET", "/api/1/nothing/"+query, nil).assert(t, 404).get("message").(string)
		return m
	}
	return []udataCase{
		port(l, "test_lang_query_parameter", func(t *testing.T, u *ud) {
			eq(t, "message", notFound(t, u, "?lang=en"), "Not found")
		}),
		port(l, "test_no_lang_query_parameter", func(t *testing.T, u *ud) {
			eq(t, "message", notFound(t, u, ""), "Introuvable.")
			// the API's default is the portal's, whatever the browser asks
			m, _ := u.call(t, "GET", "/api/1/nothing/", nil, "Accept-Language", "en").get("message").(string)
			eq(t, "message with Accept-Language: en", m, "Introuvable.")
		}),
		port(l, "test_unknown_lang_query_parameter", func(t *testing.T, u *ud) {
			eq(t, "message", notFound(t, u, "?lang=undefined"), "Introuvable.")
		}),
		port("OptionsCORSTest", "test_should_allow_options_and_cors", func(t *testing.T, u *ud) {
			r := u.call(t, "OPTIONS", fakePublic, nil, "Origin", "http://localhost", "Access-Control-Request-Method", "GET")
			r.assert(t, 204)
			eq(t, "Access-Control-Allow-Origin", r.header.Get("Access-Control-Allow-Origin"), "http://localhost")
			r = u.call(t, "OPTIONS", fakePublic, nil, "Origin", "http://localhost", "Access-Control-Request-Method", "GET",
				"Authorization", "Bearer YouWillNeverGuess", "Access-Control-Request-Headers", "Authorization")
			eq(t, "Access-Control-Allow-Origin", r.header.Get("Access-Control-Allow-Origin"), "http://localhost")
			eq(t, "Access-Control-Allow-Headers", r.header.Get("Access-Control-Allow-Headers"), "Authorization")
			eq(t, "Access-Control-Allow-Methods", r.header.Get("Access-Control-Allow-Methods"), "GET")
		}),
		port("JSONFormRequestTest", "test_non_json_content_type", func(t *testing.T, u *ud) {
			u.login(t)
			r := u.call(t, "PUT", fakeSecure, "{}", "Content-Type", "multipart/form-data").assert(t, 400)
			// socle adds a message beside udata's errors
			eq(t, "errors", r.get("errors"), map[string]any{"Content-Type": "expecting application/json"})
		}),
		port("JSONFormRequestTest", "test_json_content_type", func(t *testing.T, u *ud) {
			u.login(t)
			u.call(t, "PUT", fakeSecure, map[string]any{}).assert(t, 200)
		}),
	}
}

// udata/tests/api/test_notifications.py
func udataNotificationTests() []udataCase {
	const c = "NotificationsAPITest"
	// certified is the badge whose award notifies the organization's admins.
	certify := func(t *testing.T, u *ud, o org.Organization) {
		t.Helper()
		if _, err := u.Orgs.AddBadge(ctx, u.root, o.ID, "certified"); err != nil {
			t.Fatal(err)
		}
	}
	return []udataCase{
		port(c, "test_no_notifications", func(t *testing.T, u *ud) {
			u.login(t)
			eq(t, "total", u.call(t, "GET", "/api/1/notifications/", nil).assert(t, 200).get("total"), 0)
		}),
		port(c, "test_has_notifications", func(t *testing.T, u *ud) {
			admin := u.login(t)
			u.login(t)
			o := u.org(t, mem{admin, org.RoleAdmin})
			u.call(t, "POST", "/api/1/organizations/"+o.ID+"/membership/", map[string]any{"comment": "a comment"}).assert(t, 201)
			u.loginAs(admin)
			r := u.call(t, "GET", "/api/1/notifications/", nil).assert(t, 200)
			eq(t, "total", r.get("total"), 1)
			eq(t, "request_organization.id", r.get("data", 0, "details", "request_organization", "id"), o.ID)
		}),
		port(c, "test_read_notification", func(t *testing.T, u *ud) {
			admin := u.login(t)
			o := u.org(t, mem{admin, org.RoleAdmin})
			certify(t, u, o)
			r := u.call(t, "GET", "/api/1/notifications/", nil).assert(t, 200)
			eq(t, "total", r.get("total"), 1)
			id, _ := r.get("data", 0, "id").(string)
			r = u.call(t, "POST", "/api/1/notifications/"+id+"/read/", nil).assert(t, 200)
			if r.get("handled_at") == nil {
				t.Errorf("handled_at is null: %s", r.raw)
			}
			eq(t, "total", u.call(t, "GET", "/api/1/notifications/?handled=false", nil).assert(t, 200).get("total"), 0)
		}),
		deviate(c, "test_read_notification_permission", "another user's notification answers 404, not 403: socle never tells whether an id exists"),
		port(c, "test_read_notification_permission_as_404", func(t *testing.T, u *ud) {
			admin := u.login(t)
			o := u.org(t, mem{admin, org.RoleAdmin})
			certify(t, u, o)
			r := u.call(t, "GET", "/api/1/notifications/", nil).assert(t, 200)
			eq(t, "total", r.get("total"), 1)
			id, _ := r.get("data", 0, "id").(string)
			u.login(t)
			u.call(t, "POST", "/api/1/notifications/"+id+"/read/", nil).assert(t, 404)
		}),
	}
}
