package app_test

import (
	"context"
	"io"
	"net/http"
	"testing"

	"golang.org/x/oauth2"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/oauth"
	"github.com/socle-portal/socle/internal/testdb"
)

// BenchmarkMeByCredential is GET /api/1/me/ over HTTP with each way a tool
// authenticates: an API key, and an OAuth access token (decrypted, then
// looked up with its grant and client).
func BenchmarkMeByCredential(b *testing.B) {
	for _, backend := range testdb.Backends() {
		p := newPortal(b, testConfig(b, backend), oauth.NewClient{}, false)
		ctx := context.Background()
		_, key, err := p.app.Accounts.CreateAPIKey(ctx, p.user, "bench", account.Meta{})
		if err != nil {
			b.Fatal(err)
		}
		br := newHTTPBrowser(b)
		br.login(p.base, "olga@example.org")
		conf := p.config("default")
		v := oauth2.GenerateVerifier()
		q, _ := br.authorize(conf.AuthCodeURL("s", oauth2.S256ChallengeOption(v)), "allow")
		tok, err := conf.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(v))
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range []struct{ name, header, value string }{
			{"api-key", "X-API-KEY", key},
			{"bearer", "Authorization", "Bearer " + tok.AccessToken},
		} {
			b.Run(string(backend)+"/"+c.name, func(b *testing.B) {
				req, _ := http.NewRequest("GET", p.base+"/api/1/me/", nil)
				req.Header.Set(c.header, c.value)
				b.ReportAllocs()
				for b.Loop() {
					res, err := http.DefaultClient.Do(req)
					if err != nil || res.StatusCode != 200 {
						b.Fatalf("%v %v", err, res)
					}
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
				}
			})
		}
	}
}
