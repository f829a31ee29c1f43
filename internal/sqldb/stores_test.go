package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/testdb"
)

var ctx = context.Background()

var t0 = time.Date(2026, 11, 24, 10, 0, 0, 123456000, time.UTC)

func user(id, email string) account.User {
	return account.User{ID: id, Slug: id, Email: email, FirstName: "F", LastName: "L", PasswordHash: "x",
		Lang: "fr", Active: true, CreatedAt: t0}
}

func TestUserRoundTrip(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		u := user("aaaaaaaaaaaaaaaaaaaaaaaa", "a@example.org")
		u.About, u.Sysadmin, u.ConfirmedAt = "é <b>", true, t0.Add(time.Minute)
		if err := account.NewStore(db).InTx(ctx, func(tx account.Tx) error { return tx.CreateUser(ctx, u) }); err != nil {
			t.Fatal(err)
		}
		got, err := account.NewStore(db).UserByEmail(ctx, "a@example.org")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != u.ID || got.About != u.About || !got.Sysadmin || !got.CreatedAt.Equal(t0) ||
			!got.ConfirmedAt.Equal(u.ConfirmedAt) || !got.LastLoginAt.IsZero() || !got.DeletedAt.IsZero() {
			t.Fatalf("round trip: got %+v, want %+v", got, u)
		}
		if _, err := account.NewStore(db).UserByID(ctx, "nope"); !errors.Is(err, account.ErrNotFound) {
			t.Fatalf("unknown id: %v", err)
		}
	})
}

func TestUniqueViolationIsConflictAndRollsBack(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		account.NewStore(db).InTx(ctx, func(tx account.Tx) error { return tx.CreateUser(ctx, user("u1", "a@example.org")) })
		err := account.NewStore(db).InTx(ctx, func(tx account.Tx) error {
			if err := tx.CreateUser(ctx, user("u2", "b@example.org")); err != nil {
				return err
			}
			return tx.CreateUser(ctx, user("u3", "a@example.org"))
		})
		if !errors.Is(err, account.ErrConflict) {
			t.Fatalf("duplicate address: %v, want ErrConflict", err)
		}
		if _, err := account.NewStore(db).UserByEmail(ctx, "b@example.org"); !errors.Is(err, account.ErrNotFound) {
			t.Fatalf("half-written transaction: %v", err)
		}
	})
}

func TestTokenIsUsedOnceUnderConcurrency(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		account.NewStore(db).InTx(ctx, func(tx account.Tx) error {
			if err := tx.CreateUser(ctx, user("u1", "a@example.org")); err != nil {
				return err
			}
			return tx.CreateToken(ctx, account.Token{Hash: "h", Kind: account.TokenReset, UserID: "u1",
				CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)})
		})
		var ok atomic.Int32
		var wg sync.WaitGroup
		for range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := account.NewStore(db).InTx(ctx, func(tx account.Tx) error {
					_, err := tx.UseToken(ctx, "h", account.TokenReset, t0.Add(time.Minute))
					return err
				})
				if err == nil {
					ok.Add(1)
				} else if !errors.Is(err, account.ErrNotFound) {
					t.Errorf("use: %v", err)
				}
			}()
		}
		wg.Wait()
		if ok.Load() != 1 {
			t.Fatalf("%d successful uses, want 1", ok.Load())
		}
		err := account.NewStore(db).InTx(ctx, func(tx account.Tx) error {
			_, err := tx.UseToken(ctx, "h", account.TokenConfirm, t0)
			return err
		})
		if !errors.Is(err, account.ErrNotFound) {
			t.Fatalf("token of another kind: %v", err)
		}
	})
}

func TestTokenExpiry(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		account.NewStore(db).InTx(ctx, func(tx account.Tx) error {
			tx.CreateUser(ctx, user("u1", "a@example.org"))
			return tx.CreateToken(ctx, account.Token{Hash: "h", Kind: account.TokenReset, UserID: "u1",
				CreatedAt: t0, ExpiresAt: t0.Add(time.Hour)})
		})
		// Just past expiry, with a shorter fractional part: text comparison
		// in SQLite must still order these times correctly.
		err := account.NewStore(db).InTx(ctx, func(tx account.Tx) error {
			_, err := tx.UseToken(ctx, "h", account.TokenReset, t0.Add(time.Hour).Truncate(time.Second).Add(time.Second))
			return err
		})
		if !errors.Is(err, account.ErrNotFound) {
			t.Fatalf("expired token used: %v", err)
		}
	})
}

func TestRateLimitCountsConcurrentHits(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		var wg sync.WaitGroup
		for range 30 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, _, err := account.NewStore(db).Hit(ctx, "k", time.Minute, t0); err != nil {
					t.Errorf("hit: %v", err)
				}
			}()
		}
		wg.Wait()
		n, reset, err := account.NewStore(db).Peek(ctx, "k", time.Minute, t0.Add(time.Second))
		if err != nil || n != 30 || !reset.Equal(t0.Add(time.Minute)) {
			t.Fatalf("peek: %d %v %v", n, reset, err)
		}
		// A new window starts once the old one has ended.
		if n, _, _ := account.NewStore(db).Hit(ctx, "k", time.Minute, t0.Add(61*time.Second)); n != 1 {
			t.Fatalf("after the window: %d, want 1", n)
		}
		if err := account.NewStore(db).ClearHits(ctx, "k"); err != nil {
			t.Fatal(err)
		}
		if n, _, _ := account.NewStore(db).Peek(ctx, "k", time.Minute, t0.Add(62*time.Second)); n != 0 {
			t.Fatalf("after clear: %d", n)
		}
	})
}

func TestDeleteExpired(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		account.NewStore(db).InTx(ctx, func(tx account.Tx) error {
			tx.CreateUser(ctx, user("u1", "a@example.org"))
			for i, exp := range []time.Time{t0.Add(-time.Second), t0.Add(time.Hour)} {
				id := string(rune('a' + i))
				if err := tx.CreateSession(ctx, account.Session{ID: id, TokenHash: id, UserID: "u1",
					CreatedAt: t0, LastSeenAt: t0, ExpiresAt: exp}); err != nil {
					return err
				}
			}
			return tx.DeleteExpired(ctx, t0)
		})
		ss, err := account.NewStore(db).Sessions(ctx, "u1", t0.Add(-time.Hour))
		if err != nil || len(ss) != 1 || ss[0].ID != "b" {
			t.Fatalf("sessions after clean-up: %+v %v", ss, err)
		}
	})
}

func TestSQLiteSettings(t *testing.T) {
	db := testdb.Open(t, sqldb.SQLite)
	if err := db.Optimize(ctx); err != nil {
		t.Fatalf("optimize: %v", err)
	}
	var mode string
	var fk, timeout int
	w := db.Writer()
	w.QueryRow(`PRAGMA journal_mode`).Scan(&mode)
	w.QueryRow(`PRAGMA foreign_keys`).Scan(&fk)
	w.QueryRow(`PRAGMA busy_timeout`).Scan(&timeout)
	if mode != "wal" || fk != 1 || timeout < 1000 {
		t.Fatalf("journal_mode=%s foreign_keys=%d busy_timeout=%d", mode, fk, timeout)
	}
	if w.Stats().MaxOpenConnections != 1 {
		t.Fatalf("writer pool allows %d connections, want 1", w.Stats().MaxOpenConnections)
	}
}

// TestExportVisitsEveryDatasetOnce crosses several keyset pages.
func TestExportVisitsEveryDatasetOnce(t *testing.T) {
	testdb.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		err := account.NewStore(db).InTx(ctx, func(tx account.Tx) error {
			if err := tx.CreateUser(ctx, user("u1", "a@example.org")); err != nil {
				return err
			}
			for i := range 1201 {
				id := fmt.Sprintf("%024x", i)
				d := catalog.Dataset{ID: id, Slug: id, Title: "t", Description: "d", License: "lov2", Frequency: "unknown",
					Granularity: "other", OwnerID: "u1", CreatedAt: t0, UpdatedAt: t0, Private: i == 7}
				if err := catalog.TxOn(tx.Conn()).CreateDataset(ctx, d, "t"); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		seen, last := 0, ""
		err = catalog.NewStore(db).EachDataset(ctx, "", func(d catalog.Dataset) error {
			if d.ID <= last {
				t.Fatalf("out of order: %s after %s", d.ID, last)
			}
			last = d.ID
			seen++
			return nil
		})
		if err != nil || seen != 1200 {
			t.Fatalf("visited %d (want 1200 public), %v", seen, err)
		}
	})
}
