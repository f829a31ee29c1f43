package api_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

func TestTransfersAPI(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		bob, bobKey := e.person(t, "bob@example.org", false)
		_, b, _ := e.do(t, call{method: "POST", path: "/api/1/organizations/", key: bobKey, body: `{"name": "Rennes Métropole", "description": "d"}`})
		bobOrg := decode(t, b)["id"].(string)
		_, b, _ = e.do(t, call{method: "POST", path: "/api/1/datasets/", body: `{"title": "Réseau", "description": "d"}`})
		ds := decode(t, b)["id"].(string)
		req := `{"subject": {"class": "Dataset", "id": "` + ds + `"}, "recipient": {"class": "Organization", "id": "` + bobOrg + `"}, "comment": "À vous"}`
		e.check(t, []call{
			{method: "POST", path: "/api/1/transfer/", key: bobKey, body: req, wantStatus: 403},
			{method: "POST", path: "/api/1/transfer/", body: `{"subject": {"class": "Reuse", "id": "x"}, "recipient": {"class": "User", "id": "` + bob.ID + `"}}`, wantStatus: 400},
			{method: "POST", path: "/api/1/transfer/", body: `{"subject": {"class": "Dataset", "id": "` + ds + `"}, "recipient": {"class": "User", "id": "` + e.alice.ID + `"}}`, wantStatus: 400},
		})
		status, b, _ := e.do(t, call{method: "POST", path: "/api/1/transfer/", body: req})
		if status != 201 {
			t.Fatalf("request: %d %s", status, b)
		}
		tid := decode(t, b)["id"].(string)
		e.check(t, []call{
			{method: "POST", path: "/api/1/transfer/", body: req, wantStatus: 201}, // a second pending one
			{method: "GET", path: "/api/1/transfer/", key: bobKey, wantStatus: 200, want: []string{tid}},
			{method: "POST", path: "/api/1/transfer/" + tid + "/", body: `{"response": "accept"}`, wantStatus: 403},
			{method: "POST", path: "/api/1/transfer/" + tid + "/", key: bobKey, body: `{"response": "maybe"}`, wantStatus: 400},
		})
		// Two answers at once: one wins, the others are told it was answered.
		var ok, answered atomic.Int32
		var wg sync.WaitGroup
		for range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				status, _, _ := e.do(t, call{method: "POST", path: "/api/1/transfer/" + tid + "/", key: bobKey, body: `{"response": "accept"}`})
				switch status {
				case 200:
					ok.Add(1)
				case 400:
					answered.Add(1)
				}
			}()
		}
		wg.Wait()
		if ok.Load() != 1 || answered.Load() != 9 {
			t.Fatalf("%d accepted, %d already answered", ok.Load(), answered.Load())
		}
		e.check(t, []call{
			{method: "GET", path: "/api/1/datasets/" + ds + "/", key: "-", wantStatus: 200, want: []string{`"id":"` + bobOrg + `"`, `"owner":null`}},
			{method: "PUT", path: "/api/1/datasets/" + ds + "/", body: `{"title": "plus à moi"}`, wantStatus: 403},
			{method: "PUT", path: "/api/1/datasets/" + ds + "/", key: bobKey, body: `{"title": "Réseau de Rennes"}`, wantStatus: 200},
		})
	})
}

// TestTransferRulesAPI: the status codes of the transfer rules.
func TestTransferRulesAPI(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnv(t, db)
		editor, editorKey := e.person(t, "editor@example.org", false)
		bob, bobKey := e.person(t, "bob@example.org", false)
		carol, carolKey := e.person(t, "carol@example.org", false)
		_, b, _ := e.do(t, call{method: "POST", path: "/api/1/organizations/", body: `{"name": "Quimper", "description": "d"}`})
		orgID := decode(t, b)["id"].(string)
		opath := "/api/1/organizations/" + orgID + "/"
		_, b, _ = e.do(t, call{method: "POST", path: opath + "membership/", key: editorKey, body: `{"comment": "SIG"}`})
		e.do(t, call{method: "POST", path: opath + "membership/" + decode(t, b)["id"].(string) + "/accept/", body: `{"role": "editor"}`})
		_, b, _ = e.do(t, call{method: "POST", path: "/api/1/datasets/", body: `{"title": "Arrêts", "description": "d", "organization": "` + orgID + `"}`})
		ds := decode(t, b)["id"].(string)
		to := func(u string) string {
			return `{"subject": {"class": "Dataset", "id": "` + ds + `"}, "recipient": {"class": "User", "id": "` + u + `"}}`
		}
		e.check(t, []call{
			{method: "POST", path: "/api/1/transfer/", key: editorKey, body: to(editor.ID), wantStatus: 403},
			{method: "POST", path: "/api/1/transfer/", body: `{"subject": {"class": "Dataset", "id": "000000000000000000000000"}, "recipient": {"class": "User", "id": "` + bob.ID + `"}}`,
				wantStatus: 400, want: []string{`"subject"`}},
		})
		ids := map[string]string{} // recipient's id: their transfer's path
		for _, u := range []string{bob.ID, carol.ID, e.alice.ID} {
			status, b, _ := e.do(t, call{method: "POST", path: "/api/1/transfer/", body: to(u)})
			if status != 201 {
				t.Fatalf("request to %s: %d %s", u, status, b)
			}
			ids[u] = "/api/1/transfer/" + decode(t, b)["id"].(string) + "/"
		}
		accept := `{"response": "accept"}`
		e.check(t, []call{
			{method: "POST", path: ids[e.alice.ID], body: accept, wantStatus: 403},
			{method: "POST", path: ids[bob.ID], key: bobKey, body: accept, wantStatus: 200},
			{method: "POST", path: ids[bob.ID], key: bobKey, body: accept, wantStatus: 400, want: []string{"Cannot update transfer after accepting/refusing"}},
			{method: "POST", path: ids[carol.ID], key: carolKey, body: accept, wantStatus: 400, want: []string{"plus valable"}},
			{method: "POST", path: ids[carol.ID] + "?lang=en", key: carolKey, body: accept, wantStatus: 400, want: []string{"stale"}},
			{method: "GET", path: ids[carol.ID], key: carolKey, wantStatus: 200, want: []string{`"status":"pending"`}},
			{method: "POST", path: ids[carol.ID], key: carolKey, body: `{"response": "refuse"}`, wantStatus: 200},
			{method: "POST", path: ids[e.alice.ID], body: `{"response": "refuse"}`, wantStatus: 200, want: []string{`"status":"refused"`}},
			{method: "GET", path: "/api/1/datasets/" + ds + "/", key: "-", wantStatus: 200, want: []string{`"id":"` + bob.ID + `"`}},
		})
	})
}
