package account_test

import (
	"bytes"
	"testing"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/mail"
	"github.com/socle-portal/socle/internal/testdb"
)

// BenchmarkLogin measures a successful login with production hashing cost:
// argon2id verification, the rate-limit checks and the session write.
func BenchmarkLogin(b *testing.B) {
	for _, backend := range testdb.Backends() {
		b.Run(string(backend), func(b *testing.B) {
			db := testdb.Open(b, backend)
			mc, _ := mail.NewComposer("socle", baseURL, "support@example.org")
			cfg := account.DefaultConfig()
			cfg.BaseURL, cfg.SecretKey, cfg.Limits = baseURL, bytes.Repeat([]byte("k"), 32), account.Limits{}
			svc, err := account.NewService(db, account.NewHasher(account.DefaultArgon2, 4), mc, cfg)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := svc.CreateUser(ctx, account.NewUser{Email: "alice@example.org", FirstName: "Alice",
				LastName: "Martin", Password: "Secret123", Confirmed: true}); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if _, _, err := svc.Login(ctx, "alice@example.org", "Secret123", "", meta); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
