package api_test

import (
	"testing"

	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

// TestMessagesFollowTheLanguage: socle's own messages are French by default
// and English on demand; udata's words stay as udata has them.
func TestMessagesFollowTheLanguage(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		_, b, _ := e.do(t, call{method: "POST", path: "/api/1/organizations/", body: `{"name": "Quimperlé", "description": "d"}`})
		path := "/api/1/organizations/" + decode(t, b)["id"].(string) + "/"
		en := map[string]string{"Accept-Language": "en"} // not read by the API
		e.check(t, []call{
			{method: "PUT", path: path + "member/" + e.alice.ID + "/", body: `{"role": "editor"}`, wantStatus: 409,
				want: []string{"administrateur"}},
			{method: "PUT", path: path + "member/" + e.alice.ID + "/?lang=en", body: `{"role": "editor"}`, wantStatus: 409,
				want: []string{"admin first"}},
			{method: "DELETE", path: "/api/1/me/", wantStatus: 409, want: []string{"seul administrateur de Quimperlé"}},
			{method: "DELETE", path: "/api/1/me/?lang=en", wantStatus: 409, want: []string{"the only admin of Quimperlé"}},
			{method: "POST", path: path + "membership/", body: `{"comment": "moi"}`, wantStatus: 409, want: []string{"déjà membre"}},
			{method: "POST", path: path + "membership/?lang=en", body: `{"comment": "moi"}`, wantStatus: 409,
				want: []string{"Already a member"}},

			{method: "PUT", path: "/api/1/me/", body: `{"first_name": ""}`, wantStatus: 400,
				want: []string{`"message":"Données invalides."`, "obligatoire"}},
			{method: "PUT", path: "/api/1/me/?lang=en", body: `{"first_name": ""}`, wantStatus: 400,
				want: []string{`"message":"Validation error"`, "required"}},
			{method: "PUT", path: "/api/1/me/", body: `{"first_name": ""}`, headers: en, wantStatus: 400,
				want: []string{`"message":"Données invalides."`}},
			{method: "GET", path: "/api/1/nowhere/", wantStatus: 404, want: []string{`{"message":"Introuvable."}`}},
			{method: "GET", path: "/api/1/nowhere/?lang=en", wantStatus: 404, want: []string{`{"message":"Not found"}`}},
			// udata's words, whatever the language.
			{method: "GET", path: "/api/1/me/", key: "socle_unknownunknownunknownunknown", wantStatus: 401,
				want: []string{`{"message":"Invalid API token"}`}},
			{method: "GET", path: "/api/1/datasets/?organization=x&lang=en", wantStatus: 400,
				want: []string{"Organization arg must be an identifier"}},
		})
		// Then the signed-in user's language, even on errors written after
		// authentication.
		if err := e.Accounts.SetLang(ctx, e.alice, "en"); err != nil {
			t.Fatal(err)
		}
		e.check(t, []call{
			{method: "PUT", path: "/api/1/me/", body: `{"first_name": ""}`, wantStatus: 400, want: []string{`"message":"Validation error"`}},
			{method: "PUT", path: "/api/1/me/?lang=fr", body: `{"first_name": ""}`, wantStatus: 400, want: []string{`"message":"Données invalides."`}},
		})
	})
}
