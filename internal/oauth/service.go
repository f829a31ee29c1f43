package oauth

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/errs"
	"github.com/socle-portal/socle/internal/sqldb"
)

// Config sets the provider up.
type Config struct {
	Issuer     string // the portal's base URL
	SecretKey  []byte // the portal's secret key: hashes of secrets, encryption of access tokens
	SigningKey string // PEM of the RSA key that signs ID tokens, shared by all instances
}

// Service holds the rules of clients, consent and tokens.
type Service struct {
	store  Store
	users  account.Store
	cfg    Config
	crypto op.Crypto
	signer signer
	now    func() time.Time
}

// NewService returns the service.
func NewService(db *sqldb.DB, cfg Config) (*Service, error) {
	sg, err := parseSigner(cfg.SigningKey)
	if err != nil {
		return nil, err
	}
	key := sha256.Sum256(append([]byte("socle oauth access tokens\x00"), cfg.SecretKey...))
	return &Service{store: NewStore(db), users: account.NewStore(db), cfg: cfg, crypto: op.NewAES256GCMCrypto(key, ""), signer: sg,
		now: func() time.Time { return time.Now().UTC() }}, nil
}

// SetClock replaces the clock, for tests of expiry.
func (s *Service) SetClock(now func() time.Time) { s.now = now }

func (s *Service) hash(secret string) string {
	m := hmac.New(sha256.New, s.cfg.SecretKey)
	m.Write([]byte("oauth\x00" + secret))
	return hex.EncodeToString(m.Sum(nil))
}

func newSecret(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic("oauth: no randomness: " + err.Error())
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// Authorization is a pending request as the consent screen shows it.
type Authorization struct {
	Request AuthRequest
	Client  Client
	Scopes  []string // what the user would grant
}

// Pending returns the authorization request id waiting for u's answer.
func (s *Service) Pending(ctx context.Context, u account.User, id string) (Authorization, error) {
	r, err := s.store.AuthRequest(ctx, id)
	if err != nil {
		return Authorization{}, err
	}
	if r.Approved() {
		return Authorization{}, ErrHandled
	}
	if !s.now().Before(r.ExpiresAt) {
		return Authorization{}, ErrNotFound
	}
	c, err := s.store.Client(ctx, r.ClientID)
	if err != nil {
		return Authorization{}, err
	}
	return Authorization{Request: r, Client: c, Scopes: grantable(c, u, r.Scopes)}, nil
}

// NeedsConsent reports whether u must see the consent screen: not for a
// trusted client, nor when u already granted every scope asked, unless the
// client sent prompt=consent.
func (s *Service) NeedsConsent(ctx context.Context, u account.User, a Authorization) (bool, error) {
	if a.Request.Prompts(PromptConsent) {
		return true, nil // the client wants the user to see what they grant, again
	}
	if a.Client.Trusted && !hasScope(a.Scopes, ScopeAdmin) {
		return false, nil // sysadmin rights are always asked for, even by the portal's own tools
	}
	g, err := s.store.Grant(ctx, u.ID, a.Client.ID)
	if errors.Is(err, ErrNotFound) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	for _, sc := range a.Scopes {
		if !hasScope(g.Scopes, sc) {
			return true, nil
		}
	}
	return false, nil
}

// Approve records u's yes to the request and remembers the consent, so the
// provider can issue the code. loggedIn is when u typed their password
// (the session's start): the ID token's auth_time, which clients weigh
// against max_age; zero means now, and satisfies no max_age. u must have
// confirmed their address (ErrUnconfirmed), and loggedIn be as recent as
// the request asks (ErrLoginRequired). amr is how the session's sign-in
// was proven (the session's AMR); none means a password.
func (s *Service) Approve(ctx context.Context, u account.User, id string, loggedIn time.Time, amr ...string) error {
	a, err := s.Pending(ctx, u, id)
	if err != nil {
		return err
	}
	if err := checkApproval(u, a.Request, loggedIn); err != nil {
		return err
	}
	now := s.now()
	if loggedIn.IsZero() || loggedIn.After(now) {
		loggedIn = now
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		ok, err := tx.ApproveAuthRequest(ctx, id, u.ID, a.Scopes, loggedIn)
		if err != nil {
			return err
		}
		if !ok {
			return ErrHandled
		}
		if err := tx.setRequestAMR(ctx, id, amrOr(amr)); err != nil {
			return err
		}
		// The store widens an existing grant with these scopes.
		g := Grant{ID: account.NewID(), UserID: u.ID, ClientID: a.Client.ID, Scopes: a.Scopes, CreatedAt: now, UpdatedAt: now}
		_, err = tx.SaveGrant(ctx, g)
		return err
	})
}

// Deny ends the request and returns where to send the browser: back to
// the client with access_denied, as RFC 6749 §4.1.2.1 says.
func (s *Service) Deny(ctx context.Context, u account.User, id string) (string, error) {
	a, err := s.Pending(ctx, u, id)
	if err != nil {
		return "", err
	}
	return s.answerNo(ctx, a, "access_denied", "the user refused")
}

// answerNo ends the pending request a and returns the client's redirect
// URI carrying the error code.
func (s *Service) answerNo(ctx context.Context, a Authorization, code, description string) (string, error) {
	err := s.store.InTx(ctx, func(tx Tx) error {
		ok, err := tx.DeleteUnanswered(ctx, a.Request.ID)
		if err == nil && !ok {
			err = ErrHandled // approved meanwhile, in another tab
		}
		return err
	})
	if err != nil {
		return "", err
	}
	target, err := url.Parse(a.Request.RedirectURI)
	if err != nil {
		return "", fmt.Errorf("oauth: stored redirect URI: %w", err)
	}
	q := target.Query()
	q.Set("error", code)
	q.Set("error_description", description)
	if a.Request.State != "" {
		q.Set("state", a.Request.State)
	}
	target.RawQuery = q.Encode()
	return target.String(), nil
}

// ApprovedBy returns who approved the request id, "" when nobody yet: the
// callback that issues the code serves only that user's browser.
func (s *Service) ApprovedBy(ctx context.Context, id string) (string, error) {
	r, err := s.store.AuthRequest(ctx, id)
	if err != nil {
		return "", err
	}
	return r.UserID, nil
}

// ConnectedApps lists the clients u granted access to.
func (s *Service) ConnectedApps(ctx context.Context, u account.User) ([]App, error) {
	gs, err := s.store.GrantsOf(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	apps := make([]App, 0, len(gs))
	for _, g := range gs {
		c, err := s.store.Client(ctx, g.ClientID)
		if errors.Is(err, ErrNotFound) {
			continue // a deleted client: its tokens no longer authenticate
		}
		if err != nil {
			return nil, err
		}
		apps = append(apps, App{Client: c, Grant: g})
	}
	return apps, nil
}

// Disconnect revokes u's grant to a client: every token it issued stops
// working at once, and the next sign-in asks for consent again.
func (s *Service) Disconnect(ctx context.Context, u account.User, clientID string) error {
	return s.store.InTx(ctx, func(tx Tx) error {
		g, err := tx.Grant(ctx, u.ID, clientID)
		if err != nil {
			return err
		}
		if err := tx.RevokeGrantTokens(ctx, g.ID, s.now()); err != nil {
			return err
		}
		return tx.DeleteGrant(ctx, u.ID, clientID)
	})
}

// Caller is who an access token speaks for.
type Caller struct {
	User     account.User
	Scopes   []string
	ClientID string
}

// ErrScope is a valid token whose scopes do not allow the request.
var ErrScope = errs.New(errs.ErrForbidden, "error.scope", "oauth: the access token's scopes do not allow this request")

// AuthenticateHeader checks an "Authorization: Bearer" header for a read
// (write false) or a write: the one place where a token's scopes are
// weighed against what is asked, for the API and file downloads alike.
func (s *Service) AuthenticateHeader(ctx context.Context, header string, write bool) (Caller, error) {
	scheme, token, _ := strings.Cut(header, " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return Caller{}, ErrInvalidToken
	}
	c, err := s.Authenticate(ctx, strings.TrimSpace(token))
	if err != nil {
		return Caller{}, err
	}
	if !Permits(c.Scopes, write) {
		return Caller{}, ErrScope
	}
	return c, nil
}

// Authenticate checks an access token presented as "Authorization: Bearer".
// The returned user has sysadmin rights only if the token carries the admin
// scope.
func (s *Service) Authenticate(ctx context.Context, token string) (Caller, error) {
	id, subject, ok := s.openAccessToken(token)
	if !ok {
		return Caller{}, ErrInvalidToken
	}
	t, err := s.validToken(ctx, id, KindAccess)
	if err != nil {
		return Caller{}, err
	}
	if t.UserID != subject {
		return Caller{}, ErrInvalidToken
	}
	u, err := s.activeUser(ctx, t.UserID)
	if err != nil {
		return Caller{}, err
	}
	u.Sysadmin = Sysadmin(u, t.Scopes)
	return Caller{User: u, Scopes: t.Scopes, ClientID: t.ClientID}, nil
}

// activeUser returns the user a token speaks for, or ErrInactiveUser when
// the account was closed or deactivated since: its grants then give nothing.
func (s *Service) activeUser(ctx context.Context, id string) (account.User, error) {
	u, err := s.users.UserByID(ctx, id)
	if errors.Is(err, account.ErrNotFound) || (err == nil && (!u.Active || u.Deleted())) {
		return account.User{}, account.ErrInactiveUser
	}
	return u, err
}

// validToken returns the token id of kind if it may be used now.
func (s *Service) validToken(ctx context.Context, id, kind string) (Token, error) {
	t, err := s.store.Token(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return Token{}, ErrInvalidToken
	}
	if err != nil {
		return Token{}, err
	}
	if t.Kind != kind || !t.Valid(s.now()) {
		return Token{}, ErrInvalidToken
	}
	return t, nil
}

// CleanUp deletes expired authorization requests and tokens.
func (s *Service) CleanUp(ctx context.Context) error {
	return s.store.InTx(ctx, func(tx Tx) error { return tx.DeleteExpired(ctx, s.now()) })
}

// RedirectOrigin returns the origin (scheme://host) the request id will send
// the browser back to, or "" for an unknown request. Pages whose forms lead
// there widen their form-action policy to it.
func (s *Service) RedirectOrigin(ctx context.Context, id string) string {
	r, err := s.store.AuthRequest(ctx, id)
	if err != nil {
		return ""
	}
	u, err := url.Parse(r.RedirectURI)
	if err != nil || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}
