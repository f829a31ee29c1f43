package api_test

import (
	"strings"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/org"
)

// udata/tests/api/test_me_api.py
func udataMeTests() []udataCase {
	const c = "MeAPITest"
	noReuses := "socle has no reuses"
	return []udataCase{
		port(c, "test_get_profile", func(t *testing.T, u *ud) {
			me := u.login(t)
			r := u.call(t, "GET", "/api/1/me/", nil).assert(t, 200)
			eq(t, "email", r.get("email"), me.Email)
			eq(t, "first_name", r.get("first_name"), me.FirstName)
			eq(t, "roles", r.get("roles"), []any{})
		}),
		port(c, "test_get_profile_with_deleted_org", func(t *testing.T, u *ud) {
			me := u.login(t)
			o := u.org(t, mem{me, org.RoleEditor})
			gone := u.org(t, mem{me, org.RoleEditor})
			if err := u.Orgs.Delete(ctx, u.root, gone.ID); err != nil {
				t.Fatal(err)
			}
			orgs := ids(u.call(t, "GET", "/api/1/me/", nil).assert(t, 200).list("organizations"))
			if !contains(orgs, o.ID) || contains(orgs, gone.ID) {
				t.Errorf("organizations %v: want %s, not %s", orgs, o.ID, gone.ID)
			}
		}),
		port(c, "test_get_profile_401", func(t *testing.T, u *ud) {
			u.call(t, "GET", "/api/1/me/", nil).assert(t, 401)
		}),
		port(c, "test_my_avatar_upload", func(t *testing.T, u *ud) {
			u.login(t)
			r := u.upload(t, "/api/1/me/avatar/", "file", "test.png", pngImage()).assert(t, 200)
			eq(t, "success", r.get("success"), true)
			if u.call(t, "GET", "/api/1/me/", nil).get("avatar") == nil {
				t.Error("no avatar after the upload")
			}
		}),
		// udata checks the stored bbox, which no answer shows; socle stores the
		// whole image and answers as udata.
		port(c, "test_my_avatar_upload_with_crop", func(t *testing.T, u *ud) {
			u.login(t)
			r := u.upload(t, "/api/1/me/avatar/", "file", "test.png", pngImage(), "bbox", "10,10,40,40").assert(t, 200)
			eq(t, "success", r.get("success"), true)
		}),
		port(c, "test_my_avatar_upload_rejects_non_image", func(t *testing.T, u *ud) {
			u.login(t)
			u.upload(t, "/api/1/me/avatar/", "file", "payload.txt", []byte("not an image")).assert(t, 400)
		}),
		port(c, "test_update_profile", func(t *testing.T, u *ud) {
			me := u.login(t)
			data := userToDict(me.User)
			data["about"] = "new about"
			data["active"] = false
			u.call(t, "PUT", "/api/1/me/", data).assert(t, 200)
			r := u.call(t, "GET", "/api/1/me/", nil).assert(t, 200)
			eq(t, "about", r.get("about"), "new about")
			eq(t, "active", r.get("active"), true)
		}),
		port(c, "test_update_profile_rejects_urls_in_name", func(t *testing.T, u *ud) {
			me := u.login(t)
			data := userToDict(me.User)
			data["first_name"] = "John http://dumdum.fr"
			r := u.call(t, "PUT", "/api/1/me/", data).assert(t, 400)
			if !r.has("first_name", "errors") {
				t.Errorf("errors lack first_name: %s", r.raw)
			}
			data = userToDict(me.User)
			data["last_name"] = "Doe https://etalab.studio"
			r = u.call(t, "PUT", "/api/1/me/", data).assert(t, 400)
			if !r.has("last_name", "errors") {
				t.Errorf("errors lack last_name: %s", r.raw)
			}
		}),
		port(c, "test_get_profile_exposes_creation_date_as_since", func(t *testing.T, u *ud) {
			me := u.login(t)
			r := u.call(t, "GET", "/api/1/me/", nil).assert(t, 200)
			since, _ := r.get("since").(string)
			got, err := time.Parse(time.RFC3339Nano, since)
			if err != nil || !got.Equal(me.CreatedAt.Truncate(time.Microsecond)) {
				t.Errorf("since %q, want %s", since, me.CreatedAt)
			}
		}),
		port(c, "test_update_profile_rejects_invalid_email", func(t *testing.T, u *ud) {
			me := u.login(t)
			data := userToDict(me.User)
			data["email"] = "not-an-email"
			r := u.call(t, "PUT", "/api/1/me/", data).assert(t, 400)
			if !r.has("email", "errors") {
				t.Errorf("errors lack email: %s", r.raw)
			}
		}),
		port(c, "test_update_profile_ignores_roles_and_active", func(t *testing.T, u *ud) {
			me := u.login(t)
			data := userToDict(me.User)
			data["roles"] = []string{"admin"}
			data["active"] = false
			u.call(t, "PUT", "/api/1/me/", data).assert(t, 200)
			r := u.call(t, "GET", "/api/1/me/", nil).assert(t, 200)
			eq(t, "roles", r.get("roles"), []any{})
			eq(t, "active", r.get("active"), true)
		}),
		port(c, "test_my_metrics", func(t *testing.T, u *ud) {
			u.login(t)
			r := u.call(t, "GET", "/api/1/me/metrics/", nil).assert(t, 200)
			eq(t, "resources_availability", r.get("resources_availability"), 100.0)
			for _, k := range []string{"datasets_org_count", "followers_org_count", "datasets_count", "followers_count"} {
				eq(t, k, r.get(k), 0)
			}
		}),
		outside(c, "test_my_reuses", noReuses),
		port(c, "test_my_org_datasets", func(t *testing.T, u *ud) {
			me := u.login(t)
			o := u.org(t, mem{me, org.RoleEditor})
			for range 2 {
				u.dataset(t, me, "")
				u.dataset(t, nil, o.ID)
			}
			eq(t, "len", len(u.call(t, "GET", "/api/1/me/org_datasets/", nil).assert(t, 200).list()), 4)
		}),
		port(c, "test_my_org_datasets_with_search", func(t *testing.T, u *ud) {
			me := u.login(t)
			o := u.org(t, mem{me, org.RoleEditor})
			foo := func(in *catalog.Input) { in.Title = "foô" }
			u.dataset(t, me, "", foo)
			u.dataset(t, nil, o.ID, foo)
			u.dataset(t, me, "")
			u.dataset(t, nil, o.ID)
			eq(t, "len", len(u.call(t, "GET", "/api/1/me/org_datasets/?q=fo%C3%B4", nil).assert(t, 200).list()), 2)
		}),
		outside(c, "test_my_org_community_resources", "socle has no community resources"),
		outside(c, "test_my_org_community_resources_with_search", "socle has no community resources"),
		outside(c, "test_my_org_reuses", noReuses),
		outside(c, "test_my_org_reuses_with_search", noReuses),
		outside(c, "test_my_org_discussions", "socle has no discussions"),
		outside(c, "test_my_org_discussions_with_search", "socle has no discussions"),
		outside(c, "test_my_reuses_401", noReuses),
		port(c, "test_create_token", func(t *testing.T, u *ud) {
			u.login(t)
			r := u.call(t, "POST", "/api/1/me/api_tokens/", nil).assert(t, 201)
			if !r.has("token") || !r.has("token_prefix") {
				t.Errorf("no token or token_prefix: %s", r.raw)
			}
			// udata's prefix is udata_; socle's is socle_ (docs/api.md).
			if tok, _ := r.get("token").(string); !strings.HasPrefix(tok, account.APIKeyPrefix) {
				t.Errorf("token %q lacks the prefix", tok)
			}
		}),
		port(c, "test_create_token_with_name", func(t *testing.T, u *ud) {
			u.login(t)
			r := u.call(t, "POST", "/api/1/me/api_tokens/", map[string]any{"name": "My CI token"}).assert(t, 201)
			eq(t, "name", r.get("name"), "My CI token")
		}),
		port(c, "test_create_token_with_expiration", func(t *testing.T, u *ud) {
			u.login(t)
			r := u.call(t, "POST", "/api/1/me/api_tokens/", map[string]any{"expires_at": "2030-01-01T00:00:00"}).assert(t, 201)
			if r.get("expires_at") == nil {
				t.Errorf("no expires_at: %s", r.raw)
			}
		}),
		port(c, "test_create_token_with_invalid_expiration", func(t *testing.T, u *ud) {
			u.login(t)
			u.call(t, "POST", "/api/1/me/api_tokens/", map[string]any{"expires_at": "not-a-date"}).assert(t, 400)
		}),
		port(c, "test_create_token_with_past_expiration", func(t *testing.T, u *ud) {
			u.login(t)
			u.call(t, "POST", "/api/1/me/api_tokens/", map[string]any{"expires_at": "2020-01-01T00:00:00"}).assert(t, 400)
		}),
		port(c, "test_list_tokens", func(t *testing.T, u *ud) {
			me := u.login(t)
			u.call(t, "POST", "/api/1/me/api_tokens/", map[string]any{"name": "Token 1"})
			u.call(t, "POST", "/api/1/me/api_tokens/", map[string]any{"name": "Token 2"})
			r := u.call(t, "GET", "/api/1/me/api_tokens/", nil).assert(t, 200)
			// udata signs in with a session; the suite's own key is left out.
			var mine []any
			for _, tok := range r.list() {
				if !strings.HasPrefix(me.key, dig(tok, "token_prefix").(string)) {
					mine = append(mine, tok)
				}
				if _, ok := tok.(map[string]any)["token"]; ok {
					t.Errorf("a listed token has its plaintext: %s", r.raw)
				}
			}
			eq(t, "len", len(mine), 2)
		}),
		port(c, "test_revoke_token", func(t *testing.T, u *ud) {
			u.login(t)
			cr := u.call(t, "POST", "/api/1/me/api_tokens/", nil).assert(t, 201)
			id, plain := cr.get("id").(string), cr.get("token").(string)
			u.call(t, "DELETE", "/api/1/me/api_tokens/"+id+"/", nil).assert(t, 204)
			if contains(ids(u.call(t, "GET", "/api/1/me/api_tokens/", nil).assert(t, 200).list()), id) {
				t.Error("the revoked token is still listed")
			}
			r := u.callAs(t, &person{key: plain}, "GET", "/api/1/me/", nil).assert(t, 401)
			eq(t, "message", r.get("message"), "Revoked API token")
		}),
		port(c, "test_revoke_nonexistent_token", func(t *testing.T, u *ud) {
			u.login(t)
			u.call(t, "DELETE", "/api/1/me/api_tokens/000000000000000000000000/", nil).assert(t, 404)
		}),
		port(c, "test_multiple_tokens", func(t *testing.T, u *ud) {
			u.login(t)
			r1 := u.call(t, "POST", "/api/1/me/api_tokens/", map[string]any{"name": "Token 1"}).assert(t, 201)
			r2 := u.call(t, "POST", "/api/1/me/api_tokens/", map[string]any{"name": "Token 2"}).assert(t, 201)
			t1, t2 := &person{key: r1.get("token").(string)}, &person{key: r2.get("token").(string)}
			u.callAs(t, t1, "GET", "/api/1/me/", nil).assert(t, 200)
			u.callAs(t, t2, "GET", "/api/1/me/", nil).assert(t, 200)
			u.call(t, "DELETE", "/api/1/me/api_tokens/"+r1.get("id").(string)+"/", nil)
			u.callAs(t, t1, "GET", "/api/1/me/", nil).assert(t, 401)
			u.callAs(t, t2, "GET", "/api/1/me/", nil).assert(t, 200)
		}),
		port(c, "test_get_me_no_apikey_field", func(t *testing.T, u *ud) {
			u.login(t)
			if u.call(t, "GET", "/api/1/me/", nil).assert(t, 200).has("apikey") {
				t.Error("apikey in /me/")
			}
		}),
		// udata's test reads the database and the mail outbox; the suite reads
		// what the API shows of the same facts.
		port(c, "test_delete", func(t *testing.T, u *ud) {
			me := u.login(t)
			other := u.user(t)
			o := u.org(t, mem{me, org.RoleEditor}, mem{other, org.RoleEditor})
			d := u.dataset(t, me, "")
			u.call(t, "DELETE", "/api/1/me/", nil).assert(t, 204)
			u.logout()
			var members []string
			for _, m := range u.call(t, "GET", "/api/1/organizations/"+o.ID+"/", nil).assert(t, 200).list("members") {
				members = append(members, dig(m, "user", "id").(string))
			}
			if contains(members, me.ID) || !contains(members, other.ID) {
				t.Errorf("members %v: want %s, not %s", members, other.ID, me.ID)
			}
			r := u.callAs(t, u.sysadmin(t), "GET", "/api/1/datasets/"+d.ID+"/", nil).assert(t, 200)
			eq(t, "owner", r.get("owner", "id"), me.ID)
		}),
		port(c, "test_expired_token_auth_returns_401", func(t *testing.T, u *ud) {
			usr := u.User(t, "user")
			_, plain, err := u.Accounts.IssueAPIKey(ctx, usr, account.NewAPIKey{Name: "k", ExpiresAt: u.Now().Add(time.Minute)}, account.Meta{})
			if err != nil {
				t.Fatal(err)
			}
			u.Advance(time.Hour) // udata writes a past date; socle refuses to issue one
			r := u.callAs(t, &person{key: plain}, "GET", "/api/1/me/", nil).assert(t, 401)
			if msg, _ := r.get("message").(string); !strings.Contains(msg, "Expired") {
				t.Errorf("message %q lacks Expired", msg)
			}
		}),
		// udata stores a naive date; the API's counterpart is a date-time
		// without zone, read as UTC.
		port(c, "test_expired_token_with_naive_datetime", func(t *testing.T, u *ud) {
			u.login(t)
			future := u.Now().Add(30 * 24 * time.Hour).Format("2006-01-02T15:04:05")
			r := u.call(t, "POST", "/api/1/me/api_tokens/", map[string]any{"expires_at": future}).assert(t, 201)
			tok := &person{key: r.get("token").(string)}
			u.callAs(t, tok, "GET", "/api/1/me/", nil).assert(t, 200)
			soon := u.Now().Add(time.Minute).Format("2006-01-02T15:04:05")
			r2 := u.call(t, "POST", "/api/1/me/api_tokens/", map[string]any{"expires_at": soon}).assert(t, 201)
			u.Advance(time.Hour)
			r = u.callAs(t, &person{key: r2.get("token").(string)}, "GET", "/api/1/me/", nil).assert(t, 401)
			eq(t, "message", r.get("message"), "Expired API token")
		}),
		port(c, "test_revoked_token_auth_returns_401", func(t *testing.T, u *ud) {
			usr := u.User(t, "user")
			k, plain, err := u.Accounts.CreateAPIKey(ctx, usr, "k", account.Meta{})
			if err == nil {
				err = u.Accounts.RevokeAPIKey(ctx, usr, k.ID, account.Meta{})
			}
			if err != nil {
				t.Fatal(err)
			}
			r := u.callAs(t, &person{key: plain}, "GET", "/api/1/me/", nil).assert(t, 401)
			if msg, _ := r.get("message").(string); !strings.Contains(msg, "Revoked") {
				t.Errorf("message %q lacks Revoked", msg)
			}
		}),
		port(c, "test_revoke_already_revoked_token_returns_410", func(t *testing.T, u *ud) {
			u.login(t)
			id := u.call(t, "POST", "/api/1/me/api_tokens/", nil).assert(t, 201).get("id").(string)
			u.call(t, "DELETE", "/api/1/me/api_tokens/"+id+"/", nil).assert(t, 204)
			u.call(t, "DELETE", "/api/1/me/api_tokens/"+id+"/", nil).assert(t, 410)
		}),
	}
}

// userToDict is udata's user.to_dict(): every stored field, as a client that
// sends back what it holds.
func userToDict(usr account.User) map[string]any {
	return map[string]any{
		"id": usr.ID, "slug": usr.Slug, "email": usr.Email, "first_name": usr.FirstName, "last_name": usr.LastName,
		"about": usr.About, "website": usr.Website, "active": true, "roles": []string{},
		"password": "$argon2id$elided", "created_at": usr.CreatedAt.Format(time.RFC3339),
		"confirmed_at": usr.CreatedAt.Format(time.RFC3339), "extras": map[string]any{},
	}
}
