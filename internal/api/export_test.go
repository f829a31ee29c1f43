package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

func TestExportMe(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		e.check(t, []call{
			{method: "POST", path: "/api/1/organizations/", body: `{"name":"Métropole Export","description":"d"}`, wantStatus: 201},
			{method: "POST", path: "/api/1/datasets/", body: `{"title":"Arrêts de bus","description":"d"}`, wantStatus: 201},
			{method: "POST", path: "/api/1/organizations/metropole-export/followers/", wantStatus: 201},
			// The password is asked again, and never a key alone.
			{method: "GET", path: "/api/1/me/export/", wantStatus: 400, want: []string{"X-Socle-Password"}},
			{method: "GET", path: "/api/1/me/export/", headers: map[string]string{"X-Socle-Password": "wrong"}, wantStatus: 400},
			{method: "GET", path: "/api/1/me/export/", key: "-", headers: map[string]string{"X-Socle-Password": "Secret123"}, wantStatus: 401},
		})
		status, b, h := e.do(t, call{method: "GET", path: "/api/1/me/export/", headers: map[string]string{"X-Socle-Password": "Secret123"}})
		if status != http.StatusOK {
			t.Fatalf("export: %d %s", status, b)
		}
		if cd := h.Get("Content-Disposition"); !strings.HasPrefix(cd, `attachment; filename="socle-`) {
			t.Errorf("Content-Disposition = %q", cd)
		}
		var doc struct {
			Format      string
			Profile     struct{ Email string }
			Memberships []struct {
				Organization struct{ Name string }
				Role         string
			}
			Datasets   []struct{ Title string }
			APIKeys    []map[string]any        `json:"api_keys"`
			History    []struct{ Kind string } `json:"account_history"`
			OrgHistory []struct{ Kind string } `json:"organization_history"`
			Following  []struct{ Kind string } `json:"following"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, b)
		}
		if doc.Format != "socle-export/1" || doc.Profile.Email != "alice@example.org" {
			t.Errorf("format %q, profile %+v", doc.Format, doc.Profile)
		}
		if len(doc.Memberships) != 1 || doc.Memberships[0].Organization.Name != "Métropole Export" || doc.Memberships[0].Role != "admin" {
			t.Errorf("memberships = %+v", doc.Memberships)
		}
		if len(doc.Datasets) != 1 || doc.Datasets[0].Title != "Arrêts de bus" {
			t.Errorf("datasets = %+v", doc.Datasets)
		}
		if len(doc.APIKeys) != 1 || doc.APIKeys[0]["name"] != "test" {
			t.Errorf("api keys = %+v", doc.APIKeys)
		}
		if len(doc.Following) != 1 || doc.Following[0].Kind != "organization" {
			t.Errorf("following = %+v", doc.Following)
		}
		if len(doc.OrgHistory) == 0 {
			t.Error("the organization history naming alice is missing")
		}
		// Secrets never leave: not the key, not its hash, not the password hash.
		u, _ := account.NewStore(db).UserByID(ctx, e.alice.ID)
		for _, secret := range []string{e.key, u.PasswordHash, "token_hash", "password_hash"} {
			if strings.Contains(string(b), secret) {
				t.Errorf("the export holds %q", secret)
			}
		}
	})
}

// TestExportLimitHoldsUnderConcurrency fires more exports at once than the
// limit allows: exactly the limit's number are served.
func TestExportLimitHoldsUnderConcurrency(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		const n = 12
		var wg sync.WaitGroup
		codes := make(chan int, n)
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				status, _, _ := e.do(t, call{method: "GET", path: "/api/1/me/export/", headers: map[string]string{"X-Socle-Password": "Secret123"}})
				codes <- status
			}()
		}
		wg.Wait()
		close(codes)
		got := map[int]int{}
		for c := range codes {
			got[c]++
		}
		if limit := account.DefaultLimits().Export.N; got[200] != limit || got[429] != n-limit {
			t.Fatalf("statuses = %v, want %d × 200 and %d × 429", got, limit, n-limit)
		}
	})
}
