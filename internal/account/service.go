package account

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/socle-portal/socle/internal/images"
	"github.com/socle-portal/socle/internal/mail"
	"github.com/socle-portal/socle/internal/sqldb"
)

// Config holds the account rules' settings.
type Config struct {
	BaseURL        string // absolute, no trailing slash: links in e-mails
	SecretKey      []byte // keys the hashes of tokens, sessions and API keys
	SessionTTL     time.Duration
	ConfirmTTL     time.Duration
	ResetTTL       time.Duration
	EmailChangeTTL time.Duration
	MaxAPIKeys     int
	Limits         Limits
	// TwoFactorSysadmins makes sysadmins sign in with a second factor:
	// those not enrolled enrol at their next sign-in.
	TwoFactorSysadmins bool
	Issuer             string           // names the portal in TOTP apps; "socle" when empty
	Now                func() time.Time // for tests; time.Now when nil
	// DeleteGuard may refuse an account's deletion inside its transaction:
	// the organizations refuse to lose their last admin.
	DeleteGuard func(ctx context.Context, tx Tx, u User) error
	// Confirmed runs inside the transaction where an account's address is
	// confirmed, at sign-up or at creation (command line, tests): the
	// organizations hand the invitations sent to that address to the account.
	Confirmed func(ctx context.Context, tx Tx, u User) error
}

// DefaultConfig returns the settings used unless told otherwise.
func DefaultConfig() Config {
	return Config{
		SessionTTL:     30 * 24 * time.Hour,
		ConfirmTTL:     48 * time.Hour,
		ResetTTL:       time.Hour,
		EmailChangeTTL: 24 * time.Hour,
		MaxAPIKeys:     50,
		Limits:         DefaultLimits(),
	}
}

// Service applies the account rules.
type Service struct {
	store  Store
	hasher *Hasher
	mail   *mail.Composer
	cfg    Config
	files  images.Files // where avatars go; nil: none can be set
}

// NewService returns the account service.
func NewService(db *sqldb.DB, h *Hasher, mc *mail.Composer, cfg Config) (*Service, error) {
	st := NewStore(db)
	if len(cfg.SecretKey) < 32 {
		return nil, fmt.Errorf("account: secret key must be at least 32 bytes")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	return &Service{store: st, hasher: h, mail: mc, cfg: cfg}, nil
}

func (s *Service) now() time.Time { return s.cfg.Now().UTC() }

func (s *Service) hash(secret string) string { return keyedHash(s.cfg.SecretKey, secret) }

func (s *Service) link(path, token string) string {
	return s.cfg.BaseURL + path + "?token=" + token
}

// send composes a message and queues it in tx, so it leaves only if tx commits.
func (s *Service) send(ctx context.Context, tx Tx, lang string, kind mail.Kind, to string, d mail.Data) error {
	m, err := s.mail.Compose(lang, kind, to, d)
	if err != nil {
		return err
	}
	return tx.Enqueue(ctx, m)
}

// newToken stores a single-use token for u and returns its plaintext.
func (s *Service) newToken(ctx context.Context, tx Tx, kind TokenKind, u User, email string, ttl time.Duration) (string, error) {
	if err := tx.DeleteTokens(ctx, u.ID, kind); err != nil {
		return "", err
	}
	plain := newSecret(32)
	now := s.now()
	err := tx.CreateToken(ctx, Token{Hash: s.hash(plain), Kind: kind, UserID: u.ID, Email: email,
		CreatedAt: now, ExpiresAt: now.Add(ttl)})
	return plain, err
}

func (s *Service) log(ctx context.Context, tx Tx, kind EventKind, actor, user string, m Meta, detail string) error {
	return tx.Log(ctx, Event{At: s.now(), Kind: kind, ActorID: actor, UserID: user, IP: m.IP, Detail: detail})
}

// NormalizeEmail is how addresses are compared and stored.
func NormalizeEmail(e string) string { return strings.ToLower(strings.TrimSpace(e)) }

func langOr(lang, fallback string) string {
	if lang == "" {
		return fallback
	}
	return lang
}

// Cleanup deletes expired sessions, tokens and rate-limit windows. A periodic
// job calls it.
func (s *Service) Cleanup(ctx context.Context) error {
	return s.store.InTx(ctx, func(tx Tx) error { return tx.DeleteExpired(ctx, s.now()) })
}

// User returns a user by id.
func (s *Service) User(ctx context.Context, id string) (User, error) {
	return s.store.UserByID(ctx, id)
}

// UserBySlug returns a user by slug.
func (s *Service) UserBySlug(ctx context.Context, slug string) (User, error) {
	return s.store.UserBySlug(ctx, slug)
}

// Events returns the most recent audit events about u.
func (s *Service) Events(ctx context.Context, u User, limit int) ([]Event, error) {
	return s.store.Events(ctx, u.ID, limit)
}
