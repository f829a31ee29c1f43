package oauth

import (
	"context"
	"errors"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"

	"github.com/socle-portal/socle/internal/account"
)

// storage is what the provider calls back: op.Storage over the Service.
type storage struct{ s *Service }

var _ op.Storage = (*storage)(nil)
var _ op.CanSetUserinfoFromRequest = (*storage)(nil)

// CreateAuthRequest keeps a new authorization request. PKCE is required of
// public clients and accepted from all, S256 only: plain would hand the
// verifier to whoever sees the request.
func (st *storage) CreateAuthRequest(ctx context.Context, req *oidc.AuthRequest, _ string) (op.AuthRequest, error) {
	s := st.s
	c, err := s.store.Client(ctx, req.ClientID)
	if err != nil {
		return nil, oidc.ErrInvalidClient().WithDescription("unknown client")
	}
	switch {
	case req.CodeChallenge != "" && req.CodeChallengeMethod != oidc.CodeChallengeMethodS256:
		return nil, oidc.ErrInvalidRequest().WithDescription("code_challenge_method must be S256; plain is refused")
	case req.CodeChallenge == "" && !c.Confidential():
		return nil, oidc.ErrInvalidRequest().WithDescription("PKCE is required: send code_challenge with code_challenge_method=S256")
	}
	var scopes []string
	for _, sc := range req.Scopes {
		if hasScope(c.Scopes, sc) && !hasScope(scopes, sc) {
			scopes = append(scopes, sc)
		}
	}
	if len(scopes) == 0 {
		return nil, oidc.ErrInvalidScope().WithDescription("none of the requested scopes is allowed for this client")
	}
	now := s.now()
	r := AuthRequest{ID: account.NewID(), ClientID: c.ID, RedirectURI: req.RedirectURI, Scopes: scopes,
		State: req.State, Nonce: req.Nonce, ResponseMode: string(req.ResponseMode), CodeChallenge: req.CodeChallenge,
		Prompt: req.Prompt, LoginAfter: loginAfter(req, now), CreatedAt: now, ExpiresAt: now.Add(AuthRequestTTL)}
	if err := s.store.InTx(ctx, func(tx Tx) error { return tx.CreateAuthRequest(ctx, r) }); err != nil {
		return nil, err
	}
	return opAuthRequest{r}, nil
}

func (st *storage) AuthRequestByID(ctx context.Context, id string) (op.AuthRequest, error) {
	r, err := st.s.store.AuthRequest(ctx, id)
	if err != nil {
		return nil, err
	}
	if !st.s.now().Before(r.ExpiresAt) {
		return nil, ErrNotFound
	}
	return opAuthRequest{r}, nil
}

// AuthRequestByCode finds the request of a code being exchanged. A code
// presented after its exchange revokes what it gave (RFC 6749 §4.1.2); the
// exchange itself uses the code up, in useCode, once the client and its
// PKCE verifier are checked.
func (st *storage) AuthRequestByCode(ctx context.Context, code string) (op.AuthRequest, error) {
	s := st.s
	r, err := s.store.AuthRequestByCode(ctx, s.hash(code))
	switch {
	case errors.Is(err, ErrNotFound):
		return nil, oidc.ErrInvalidGrant().WithDescription("unknown or expired code")
	case err != nil:
		return nil, err
	case !r.ExchangedAt.IsZero():
		if err := st.revokeCode(ctx, r.ID); err != nil {
			return nil, err
		}
		return nil, oidc.ErrInvalidGrant().WithDescription("code already used; the tokens it gave are revoked")
	case !s.now().Before(r.CodeExpiresAt):
		return nil, oidc.ErrInvalidGrant().WithDescription("code expired")
	}
	return opAuthRequest{r}, nil
}

// useCode marks the request's code exchanged, in the transaction that
// issues its tokens: of two concurrent exchanges, one gets tokens.
func (st *storage) useCode(ctx context.Context, tx Tx, req op.TokenRequest) error {
	a, ok := req.(op.AuthRequest)
	if !ok {
		return nil
	}
	first, err := tx.MarkExchanged(ctx, a.GetID(), st.s.now())
	if err == nil && !first {
		return errCodeUsed
	}
	return err
}

var errCodeUsed = errors.New("oauth: code already exchanged")

// codeUsedError answers a lost exchange race as a reuse.
func (st *storage) codeUsedError(ctx context.Context, req op.TokenRequest) error {
	if a, ok := req.(op.AuthRequest); ok {
		if err := st.revokeCode(ctx, a.GetID()); err != nil {
			return err
		}
	}
	return oidc.ErrInvalidGrant().WithDescription("code already used; the tokens it gave are revoked")
}

func (st *storage) revokeCode(ctx context.Context, requestID string) error {
	s := st.s
	return s.store.InTx(ctx, func(tx Tx) error { return tx.RevokeRequestTokens(ctx, requestID, s.now()) })
}

// SaveAuthCode gives an approved request its one code: the callback that
// issues it cannot be replayed for another.
func (st *storage) SaveAuthCode(ctx context.Context, id, code string) error {
	s := st.s
	var first bool
	err := s.store.InTx(ctx, func(tx Tx) (err error) {
		first, err = tx.SetCode(ctx, id, s.hash(code), s.now().Add(CodeTTL))
		return err
	})
	if err == nil && !first {
		return oidc.ErrInvalidRequest().WithDescription("this authorization already gave its code; start again")
	}
	return err
}

// DeleteAuthRequest forgets a request, except an exchanged one: it stays
// until it expires so that its code, presented again, is recognized.
func (st *storage) DeleteAuthRequest(ctx context.Context, id string) error {
	return st.s.store.InTx(ctx, func(tx Tx) error { return tx.DeleteAuthRequest(ctx, id) })
}

func (st *storage) CreateAccessToken(ctx context.Context, req op.TokenRequest) (string, time.Time, error) {
	s := st.s
	var t Token
	err := s.store.InTx(ctx, func(tx Tx) error {
		if err := st.useCode(ctx, tx, req); err != nil {
			return err
		}
		g, err := st.grantOf(ctx, tx, req)
		if err != nil {
			return err
		}
		t, err = st.newToken(ctx, tx, KindAccess, g, req)
		return err
	})
	if errors.Is(err, errCodeUsed) {
		return "", time.Time{}, st.codeUsedError(ctx, req)
	}
	return t.ID, t.ExpiresAt, err
}

// CreateAccessAndRefreshTokens issues both; with currentRefreshToken it is a
// rotation, and the old refresh token is used up in the same transaction.
func (st *storage) CreateAccessAndRefreshTokens(ctx context.Context, req op.TokenRequest, current string) (string, string, time.Time, error) {
	s := st.s
	var access Token
	var plain string
	var keep []string
	err := s.store.InTx(ctx, func(tx Tx) error {
		var g Grant
		if current != "" {
			old, err := tx.TokenByHash(ctx, s.hash(current))
			if err != nil {
				return err
			}
			ok, err := tx.UseRefresh(ctx, old.ID, s.now())
			if err != nil {
				return err
			}
			if !ok {
				return ErrReused // a concurrent rotation won; the caller revokes the grant
			}
			g = Grant{ID: old.GrantID, UserID: old.UserID, ClientID: old.ClientID}
			keep = old.Scopes // a narrowed refresh narrows its access token, not the grant's future (RFC 6749 §6)
		} else {
			if err := st.useCode(ctx, tx, req); err != nil {
				return err
			}
			var err error
			if g, err = st.grantOf(ctx, tx, req); err != nil {
				return err
			}
		}
		var err error
		if access, err = st.newToken(ctx, tx, KindAccess, g, req); err != nil {
			return err
		}
		plain = "socle_rt_" + newSecret(32)
		refresh, err := st.newToken(ctx, tx, KindRefresh, g, req)
		if err != nil {
			return err
		}
		refresh.TokenHash = s.hash(plain)
		if keep != nil {
			refresh.Scopes = keep
		}
		return tx.CreateToken(ctx, refresh)
	})
	if errors.Is(err, errCodeUsed) {
		return "", "", time.Time{}, st.codeUsedError(ctx, req)
	}
	if errors.Is(err, ErrReused) {
		if err := st.revokeFamily(ctx, current); err != nil {
			return "", "", time.Time{}, err
		}
		return "", "", time.Time{}, oidc.ErrInvalidGrant().WithDescription("refresh token already used; the grant is revoked")
	}
	if errors.Is(err, ErrNotFound) {
		// The grant went (the user disconnected the app) between the
		// check of the refresh token and its rotation.
		return "", "", time.Time{}, oidc.ErrInvalidGrant().WithDescription("refresh token revoked")
	}
	return access.ID, plain, access.ExpiresAt, err
}

// grantOf finds the grant behind a first token request: the consent given
// at the authorization.
func (st *storage) grantOf(ctx context.Context, tx Tx, req op.TokenRequest) (Grant, error) {
	clientID := ""
	if a, ok := req.(op.AuthRequest); ok {
		clientID = a.GetClientID()
	} else if r, ok := req.(op.RefreshTokenRequest); ok {
		clientID = r.GetClientID()
	}
	g, err := tx.Grant(ctx, req.GetSubject(), clientID)
	if errors.Is(err, ErrNotFound) {
		return Grant{}, oidc.ErrAccessDenied().WithDescription("the user revoked this application")
	}
	return g, err
}

// newToken writes an access token, or returns a refresh token for the
// caller to hash and write.
func (st *storage) newToken(ctx context.Context, tx Tx, kind string, g Grant, req op.TokenRequest) (Token, error) {
	now := st.s.now()
	t := Token{ID: account.NewUUID(), Kind: kind, GrantID: g.ID, Scopes: req.GetScopes(), AuthTime: now,
		CreatedAt: now, ExpiresAt: now.Add(AccessTTL), UserID: g.UserID, ClientID: g.ClientID}
	switch r := req.(type) {
	case op.AuthRequest:
		t.RequestID, t.AuthTime, t.AMR = r.GetID(), r.GetAuthTime(), r.GetAMR()
	case op.RefreshTokenRequest:
		t.AuthTime, t.AMR = r.GetAuthTime(), r.GetAMR()
	}
	if kind == KindRefresh {
		t.ExpiresAt = now.Add(RefreshTTL)
		return t, nil
	}
	c, err := tx.Client(ctx, g.ClientID)
	if err != nil {
		return Token{}, err
	}
	t.ExpiresAt = now.Add(c.AccessTTL())
	if err := tx.TouchGrant(ctx, g.ID, now); err != nil {
		return Token{}, err
	}
	return t, tx.CreateToken(ctx, t)
}

// TokenRequestByRefreshToken checks a refresh token before rotation. One
// that was already rotated is a stolen copy or a replay: the whole grant's
// tokens are revoked (OAuth 2.0 Security BCP §4.14.2).
func (st *storage) TokenRequestByRefreshToken(ctx context.Context, token string) (op.RefreshTokenRequest, error) {
	s := st.s
	t, err := s.store.TokenByHash(ctx, s.hash(token))
	if errors.Is(err, ErrNotFound) || (err == nil && t.Kind != KindRefresh) {
		return nil, oidc.ErrInvalidGrant().WithDescription("unknown refresh token")
	}
	if err != nil {
		return nil, err
	}
	if !t.UsedAt.IsZero() {
		if err := st.revokeFamily(ctx, token); err != nil {
			return nil, err // a server error: the client retries, and the family must not survive
		}
		return nil, oidc.ErrInvalidGrant().WithDescription("refresh token already used; the grant is revoked")
	}
	if !t.Valid(s.now()) {
		return nil, oidc.ErrInvalidGrant().WithDescription("refresh token expired or revoked")
	}
	if _, err := s.activeUser(ctx, t.UserID); err != nil {
		return nil, oidc.ErrInvalidGrant().WithDescription("the account is closed or deactivated")
	}
	return &opRefresh{t: t, scopes: t.Scopes}, nil
}

// revokeFamily revokes every token of the grant a refresh token belongs to.
func (st *storage) revokeFamily(ctx context.Context, refresh string) error {
	s := st.s
	return s.store.InTx(ctx, func(tx Tx) error {
		t, err := tx.TokenByHash(ctx, s.hash(refresh))
		if err != nil {
			return err
		}
		return tx.RevokeGrantTokens(ctx, t.GrantID, s.now())
	})
}

func (st *storage) TerminateSession(context.Context, string, string) error { return nil }

// RevokeToken revokes an access token (by id) or a refresh token (by value,
// with every token of its grant, as RFC 7009 §2.1 suggests). Unknown tokens
// are not an error (RFC 7009 §2.2).
func (st *storage) RevokeToken(ctx context.Context, tokenOrID, userID, clientID string) *oidc.Error {
	s := st.s
	var t Token
	var err error
	if userID != "" {
		t, err = s.store.Token(ctx, tokenOrID)
	} else {
		t, err = s.store.TokenByHash(ctx, s.hash(tokenOrID))
	}
	if errors.Is(err, ErrNotFound) {
		return nil
	}
	if err != nil {
		return oidc.ErrServerError().WithParent(err)
	}
	if t.ClientID != clientID {
		return oidc.ErrInvalidClient().WithDescription("the token was not issued to this client")
	}
	err = s.store.InTx(ctx, func(tx Tx) error {
		if t.Kind == KindRefresh {
			return tx.RevokeGrantTokens(ctx, t.GrantID, s.now())
		}
		return tx.RevokeToken(ctx, t.ID, s.now())
	})
	if err != nil {
		return oidc.ErrServerError().WithParent(err)
	}
	return nil
}

func (st *storage) GetRefreshTokenInfo(ctx context.Context, clientID, token string) (string, string, error) {
	t, err := st.s.store.TokenByHash(ctx, st.s.hash(token))
	if err != nil || t.Kind != KindRefresh || t.ClientID != clientID {
		return "", "", op.ErrInvalidRefreshToken
	}
	return t.UserID, t.ID, nil
}

func (st *storage) SigningKey(context.Context) (op.SigningKey, error) { return st.s.signer, nil }

func (st *storage) SignatureAlgorithms(context.Context) ([]jose.SignatureAlgorithm, error) {
	return []jose.SignatureAlgorithm{jose.RS256}, nil
}

func (st *storage) KeySet(context.Context) ([]op.Key, error) {
	return []op.Key{publicKey{st.s.signer}}, nil
}

func (st *storage) GetClientByClientID(ctx context.Context, id string) (op.Client, error) {
	c, err := st.s.store.Client(ctx, id)
	if err != nil {
		return nil, err
	}
	return opClient{c}, nil
}

func (st *storage) AuthorizeClientIDSecret(ctx context.Context, id, secret string) error {
	return st.s.CheckSecret(ctx, id, secret)
}

func (st *storage) SetUserinfoFromScopes(context.Context, *oidc.UserInfo, string, string, []string) error {
	return nil // deprecated by the library in favour of SetUserinfoFromRequest
}

func (st *storage) SetUserinfoFromRequest(ctx context.Context, info *oidc.UserInfo, req op.IDTokenRequest, scopes []string) error {
	return st.s.userinfo(ctx, info, req.GetSubject(), scopes)
}

func (st *storage) SetUserinfoFromToken(ctx context.Context, info *oidc.UserInfo, tokenID, _, _ string) error {
	t, err := st.s.validToken(ctx, tokenID, KindAccess)
	if err != nil {
		return err
	}
	return st.s.userinfo(ctx, info, t.UserID, t.Scopes)
}

func (st *storage) SetIntrospectionFromToken(ctx context.Context, resp *oidc.IntrospectionResponse, tokenID, _, clientID string) error {
	t, err := st.s.validToken(ctx, tokenID, KindAccess)
	if err != nil {
		return err
	}
	if t.ClientID != clientID {
		return errors.New("oauth: token of another client")
	}
	var info oidc.UserInfo
	if err := st.s.userinfo(ctx, &info, t.UserID, t.Scopes); err != nil {
		return err
	}
	resp.SetUserInfo(&info)
	resp.Active, resp.Scope, resp.ClientID = true, t.Scopes, t.ClientID
	resp.TokenType, resp.Expiration, resp.IssuedAt = oidc.BearerToken, oidc.FromTime(t.ExpiresAt), oidc.FromTime(t.CreatedAt)
	return nil
}

func (st *storage) GetPrivateClaimsFromScopes(context.Context, string, string, []string) (map[string]any, error) {
	return nil, nil
}

func (st *storage) GetKeyByIDAndClientID(context.Context, string, string) (*jose.JSONWebKey, error) {
	return nil, errors.New("oauth: JWT client authentication is not supported")
}

func (st *storage) ValidateJWTProfileScopes(context.Context, string, []string) ([]string, error) {
	return nil, errors.New("oauth: the JWT profile grant is not supported")
}

func (st *storage) Health(context.Context) error { return nil }

// userinfo fills the claims the scopes allow.
func (s *Service) userinfo(ctx context.Context, info *oidc.UserInfo, userID string, scopes []string) error {
	u, err := s.activeUser(ctx, userID)
	if err != nil {
		return err
	}
	info.Subject = u.ID
	if hasScope(scopes, ScopeProfile) {
		info.Name, info.GivenName, info.FamilyName = u.FirstName+" "+u.LastName, u.FirstName, u.LastName
		info.PreferredUsername, info.Website = u.Slug, u.Website
		info.Profile = s.cfg.Issuer + "/api/1/users/" + u.Slug + "/"
		if u.Lang != "" {
			info.Locale = oidc.NewLocale(language.Make(u.Lang))
		}
	}
	if hasScope(scopes, ScopeEmail) {
		info.Email, info.EmailVerified = u.Email, oidc.Bool(!u.ConfirmedAt.IsZero())
	}
	return nil
}
