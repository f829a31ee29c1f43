package oauth

import (
	"context"
	"crypto/hmac"
	"errors"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/errs"
	"github.com/socle-portal/socle/internal/validate"
)

// ErrForbidden is an act reserved to sysadmins.
var ErrForbidden = errs.New(errs.ErrForbidden, "", "oauth: sysadmins only")

// NewClient describes a client to register.
type NewClient struct {
	Name         string
	RedirectURIs []string
	Public       bool     // no secret: a browser or native app, PKCE required
	Scopes       []string // empty: DefaultClientScopes
	LogoURL      string
	Trusted      bool
	TokenTTL     time.Duration // its access tokens' lifetime, MinTokenTTL to MaxTokenTTL; zero: AccessTTL
}

// Bounds of a client's access token lifetime. The longest is udata's (30
// days) and more: a token that lives long is one that can be stolen long,
// so a year is the limit.
const (
	MinTokenTTL = 5 * time.Minute
	MaxTokenTTL = 365 * 24 * time.Hour
)

// DefaultClientScopes are what a client may ask for unless told otherwise:
// everything but admin.
var DefaultClientScopes = []string{ScopeOpenID, ScopeProfile, ScopeEmail, ScopeRead, ScopeDefault, ScopeOfflineAccess}

// CreateClient registers a client. Only sysadmins may; the secret of a
// confidential client is returned once and stored hashed.
func (s *Service) CreateClient(ctx context.Context, actor account.User, nc NewClient) (Client, string, error) {
	if !actor.Sysadmin {
		return Client{}, "", ErrForbidden
	}
	c := Client{ID: account.NewID(), Name: strings.TrimSpace(nc.Name), LogoURL: strings.TrimSpace(nc.LogoURL),
		Trusted: nc.Trusted, Scopes: nc.Scopes, TokenTTL: nc.TokenTTL, CreatedAt: s.now(), CreatedBy: actor.ID}
	if len(c.Scopes) == 0 {
		c.Scopes = slices.Clone(DefaultClientScopes)
	}
	var v validate.Errors
	v.Required("name", c.Name, 100)
	v.URL("logo_url", c.LogoURL)
	if c.LogoURL != "" && !v.Has("logo_url") && !strings.HasPrefix(c.LogoURL, "https://") {
		v.Add("logo_url", "url.https") // the consent page loads only https images
	}
	for _, sc := range c.Scopes {
		if !hasScope(KnownScopes, sc) {
			v.Add("scopes", "scope.unknown")
			break
		}
	}
	if nc.TokenTTL != 0 && (nc.TokenTTL < MinTokenTTL || nc.TokenTTL > MaxTokenTTL) {
		v.Add("token_ttl", "clients.token_ttl.invalid")
	}
	c.RedirectURIs = checkRedirects(&v, nc.RedirectURIs)
	if err := v.Err(); err != nil {
		return Client{}, "", err
	}
	var secret string
	if !nc.Public {
		secret = "socle_cs_" + newSecret(32)
		c.SecretHash = s.hash(secret)
	}
	err := s.store.InTx(ctx, func(tx Tx) error { return tx.CreateClient(ctx, c) })
	return c, secret, err
}

// ParseTokenTTL reads a lifetime as a form gives it: "" (the default), a
// number of days ("30d") or a Go duration ("720h", "90m"). What it cannot
// read is -1, which CreateClient refuses on the field token_ttl.
func ParseTokenTTL(s string) time.Duration {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil || n < 1 || n > 366 {
			return -1
		}
		return time.Duration(n) * 24 * time.Hour
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return -1
	}
	return d
}

// checkRedirects keeps redirect URIs that are absolute, without fragment,
// and https, or http on the loopback interface (RFC 8252 §7.3, for native
// apps and local development). They are matched exactly.
func checkRedirects(v *validate.Errors, uris []string) []string {
	var out []string
	for _, raw := range uris {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			continue
		}
		u, err := url.Parse(raw)
		if err != nil || u.Host == "" || strings.Contains(raw, "#") || len(raw) > 2048 ||
			(u.Scheme != "https" && !(u.Scheme == "http" && loopback(u.Hostname()))) {
			v.Add("redirect_uris", "redirect.invalid")
			return nil
		}
		out = append(out, raw)
	}
	if len(out) == 0 {
		v.Add("redirect_uris", "required")
	}
	return out
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Clients lists the registered clients, for sysadmins.
func (s *Service) Clients(ctx context.Context, actor account.User) ([]Client, error) {
	if !actor.Sysadmin {
		return nil, ErrForbidden
	}
	return s.store.Clients(ctx)
}

// Client returns a registered client.
func (s *Service) Client(ctx context.Context, id string) (Client, error) {
	return s.store.Client(ctx, id)
}

// DeleteClient removes a client: its tokens stop working and its users'
// grants go with it.
func (s *Service) DeleteClient(ctx context.Context, actor account.User, id string) error {
	if !actor.Sysadmin {
		return ErrForbidden
	}
	return s.store.InTx(ctx, func(tx Tx) error { return tx.DeleteClient(ctx, id, s.now()) })
}

// CheckSecret verifies a confidential client's secret.
func (s *Service) CheckSecret(ctx context.Context, clientID, secret string) error {
	c, err := s.store.Client(ctx, clientID)
	if err != nil {
		return err
	}
	if !c.Confidential() || !hmac.Equal([]byte(c.SecretHash), []byte(s.hash(secret))) {
		return errors.New("oauth: wrong client secret")
	}
	return nil
}
