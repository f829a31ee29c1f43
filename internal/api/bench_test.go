package api_test

import (
	"net/http"
	"testing"

	"github.com/socle-portal/socle/internal/testdb"
)

// BenchmarkGetMe measures GET /api/1/me/ over HTTP on loopback: API key
// look-up, user read and JSON encoding.
func BenchmarkGetMe(b *testing.B) {
	for _, backend := range testdb.Backends() {
		b.Run(string(backend), func(b *testing.B) {
			e := newEnv(b, testdb.Open(b, backend))
			b.ResetTimer()
			benchGetMe(b, e.srv.URL, e.key)
		})
	}
}

func benchGetMe(b *testing.B, url, key string) {
	req, _ := http.NewRequest("GET", url+"/api/1/me/", nil)
	req.Header.Set("X-API-KEY", key)
	b.ReportAllocs()
	for b.Loop() {
		res, err := http.DefaultClient.Do(req)
		if err != nil || res.StatusCode != 200 {
			b.Fatalf("GET /me: %v %v", err, res)
		}
		res.Body.Close()
	}
}
