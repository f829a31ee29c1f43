package api_test

import (
	"sync"
	"sync/atomic"
	"testing"

	"github.com/socle-portal/socle/internal/store"
	"github.com/socle-portal/socle/internal/testdb"
)

func TestTransfersAPI(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *store.DB) {
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
			{method: "POST", path: "/api/1/transfer/", body: req, wantStatus: 400, want: []string{`"subject"`}},
			{method: "GET", path: "/api/1/transfer/", key: bobKey, wantStatus: 200, want: []string{tid}},
			{method: "POST", path: "/api/1/transfer/" + tid + "/", body: `{"response": "accept"}`, wantStatus: 403},
			{method: "POST", path: "/api/1/transfer/" + tid + "/", key: bobKey, body: `{"response": "maybe"}`, wantStatus: 400},
		})
		// Two answers at once: one wins.
		var ok, conflict atomic.Int32
		var wg sync.WaitGroup
		for range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				status, _, _ := e.do(t, call{method: "POST", path: "/api/1/transfer/" + tid + "/", key: bobKey, body: `{"response": "accept"}`})
				switch status {
				case 200:
					ok.Add(1)
				case 409:
					conflict.Add(1)
				}
			}()
		}
		wg.Wait()
		if ok.Load() != 1 || conflict.Load() != 9 {
			t.Fatalf("%d accepted, %d conflicts", ok.Load(), conflict.Load())
		}
		e.check(t, []call{
			{method: "GET", path: "/api/1/datasets/" + ds + "/", key: "-", wantStatus: 200, want: []string{`"id":"` + bobOrg + `"`, `"owner":null`}},
			{method: "PUT", path: "/api/1/datasets/" + ds + "/", body: `{"title": "plus à moi"}`, wantStatus: 403},
			{method: "PUT", path: "/api/1/datasets/" + ds + "/", key: bobKey, body: `{"title": "Réseau de Rennes"}`, wantStatus: 200},
		})
	})
}
