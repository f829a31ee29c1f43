package account

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/socle-portal/socle/internal/validate"
)

// NewAPIKey describes a key to create; every field is optional.
type NewAPIKey struct {
	Name      string
	ExpiresAt time.Time // zero: never expires
	Scopes    []string  // only "default" (act as the user) for now
}

// CreateAPIKey makes a named key for u that never expires.
func (s *Service) CreateAPIKey(ctx context.Context, u User, name string, m Meta) (APIKey, string, error) {
	return s.IssueAPIKey(ctx, u, NewAPIKey{Name: name}, m)
}

// IssueAPIKey makes a key for u and returns it with its plaintext, which is
// shown once and never stored. Only confirmed accounts get keys: someone
// who signed up with another person's address must not hold a key that
// keeps working once the owner takes the account back.
func (s *Service) IssueAPIKey(ctx context.Context, u User, nk NewAPIKey, m Meta) (APIKey, string, error) {
	name := strings.TrimSpace(nk.Name)
	var v validate.Errors
	v.MaxLen("name", name, 255) // optional, as udata's

	if !nk.ExpiresAt.IsZero() && !nk.ExpiresAt.After(s.now()) {
		v.Add("expires_at", "date.past")
	}
	for _, sc := range nk.Scopes {
		if sc != "default" {
			v.Add("scopes", "scope.unknown")
			break
		}
	}
	if err := v.Err(); err != nil {
		return APIKey{}, "", err
	}
	plain := APIKeyPrefix + newSecret(32)
	k := APIKey{ID: NewUUID(), UserID: u.ID, Name: name, TokenHash: s.hash(plain),
		Prefix: plain[:len(APIKeyPrefix)+6], Scopes: []string{"default"}, CreatedAt: s.now(),
		ExpiresAt: nk.ExpiresAt.UTC()}
	err := s.store.InTx(ctx, func(tx Tx) error {
		cur, err := tx.UserByID(ctx, u.ID)
		if err != nil {
			return err
		}
		if !cur.Confirmed() {
			return ErrUnconfirmed // a key must not outlive a takeover before registration
		}
		keys, err := tx.APIKeys(ctx, u.ID)
		if err != nil {
			return err
		}
		if len(keys) >= s.cfg.MaxAPIKeys {
			return validate.Field("name", "apikey.too_many")
		}
		if err := tx.CreateAPIKey(ctx, k); err != nil {
			return err
		}
		return s.log(ctx, tx, EventKeyCreated, u.ID, u.ID, m, k.Prefix+" "+name)
	})
	if err != nil {
		return APIKey{}, "", err
	}
	return k, plain, nil
}

// APIKeys lists u's keys that are not revoked.
func (s *Service) APIKeys(ctx context.Context, u User) ([]APIKey, error) {
	return s.store.APIKeys(ctx, u.ID)
}

// RevokeAPIKey revokes one of u's keys: ErrNotFound if it is not theirs,
// ErrAlreadyRevoked if it was revoked before.
func (s *Service) RevokeAPIKey(ctx context.Context, u User, id string, m Meta) error {
	return s.store.InTx(ctx, func(tx Tx) error {
		k, err := tx.APIKeyByID(ctx, u.ID, id)
		if err != nil {
			return err
		}
		if k.Revoked() {
			return ErrAlreadyRevoked
		}
		if err := tx.RevokeAPIKey(ctx, u.ID, id, s.now()); err != nil {
			return err
		}
		return s.log(ctx, tx, EventKeyRevoked, u.ID, u.ID, m, k.Prefix+" "+k.Name)
	})
}

// AuthenticateAPIKey resolves an X-API-KEY value to its user, with udata's
// distinct errors for unknown, revoked and expired keys and inactive users.
func (s *Service) AuthenticateAPIKey(ctx context.Context, token string) (User, APIKey, error) {
	if !looksLikeAPIKey(token) {
		return User{}, APIKey{}, ErrInvalidToken
	}
	k, err := s.store.APIKeyByTokenHash(ctx, s.hash(token))
	if errors.Is(err, ErrNotFound) {
		return User{}, APIKey{}, ErrInvalidToken
	}
	if err != nil {
		return User{}, APIKey{}, err
	}
	now := s.now()
	switch {
	case k.Revoked():
		return User{}, APIKey{}, ErrRevokedToken
	case !k.ExpiresAt.IsZero() && !now.Before(k.ExpiresAt):
		return User{}, APIKey{}, ErrExpiredToken
	}
	u, err := s.store.UserByID(ctx, k.UserID)
	if err != nil {
		return User{}, APIKey{}, err
	}
	if !u.Active || u.Deleted() {
		return User{}, APIKey{}, ErrInactiveUser
	}
	if now.Sub(k.LastUsedAt) >= touchEvery {
		k.LastUsedAt = now
		if err := s.store.TouchAPIKey(ctx, k.ID, now); err != nil {
			return User{}, APIKey{}, err
		}
	}
	return u, k, nil
}
