package oauth

import (
	"slices"
	"strings"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// opAuthRequest shows an AuthRequest to the provider.
type opAuthRequest struct{ r AuthRequest }

func (a opAuthRequest) GetID() string         { return a.r.ID }
func (a opAuthRequest) GetACR() string        { return "" }
func (a opAuthRequest) GetAMR() []string      { return amrOr(a.r.AMR) }
func (a opAuthRequest) GetAudience() []string { return []string{a.r.ClientID} }
func (a opAuthRequest) GetAuthTime() time.Time {
	return a.r.AuthTime
}
func (a opAuthRequest) GetClientID() string { return a.r.ClientID }
func (a opAuthRequest) GetCodeChallenge() *oidc.CodeChallenge {
	if a.r.CodeChallenge == "" {
		return nil
	}
	return &oidc.CodeChallenge{Challenge: a.r.CodeChallenge, Method: oidc.CodeChallengeMethodS256}
}
func (a opAuthRequest) GetNonce() string                   { return a.r.Nonce }
func (a opAuthRequest) GetRedirectURI() string             { return a.r.RedirectURI }
func (a opAuthRequest) GetResponseType() oidc.ResponseType { return oidc.ResponseTypeCode }
func (a opAuthRequest) GetResponseMode() oidc.ResponseMode {
	return oidc.ResponseMode(a.r.ResponseMode)
}
func (a opAuthRequest) GetScopes() []string { return a.r.Scopes }
func (a opAuthRequest) GetState() string    { return a.r.State }
func (a opAuthRequest) GetSubject() string  { return a.r.UserID }
func (a opAuthRequest) Done() bool          { return a.r.Approved() }

// opRefresh is a refresh token presented for rotation.
type opRefresh struct {
	t      Token
	scopes []string
}

func (r *opRefresh) GetAMR() []string            { return amrOr(r.t.AMR) }
func (r *opRefresh) GetAudience() []string       { return []string{r.t.ClientID} }
func (r *opRefresh) GetAuthTime() time.Time      { return r.t.AuthTime }
func (r *opRefresh) GetClientID() string         { return r.t.ClientID }
func (r *opRefresh) GetScopes() []string         { return r.scopes }
func (r *opRefresh) GetSubject() string          { return r.t.UserID }
func (r *opRefresh) SetCurrentScopes(s []string) { r.scopes = s }

// opClient shows a Client to the provider.
type opClient struct{ c Client }

func (c opClient) GetID() string                    { return c.c.ID }
func (c opClient) RedirectURIs() []string           { return c.c.RedirectURIs }
func (c opClient) PostLogoutRedirectURIs() []string { return nil }
func (c opClient) ApplicationType() op.ApplicationType {
	return op.ApplicationTypeWeb
}
func (c opClient) AuthMethod() oidc.AuthMethod {
	if c.c.Confidential() {
		return oidc.AuthMethodBasic // the provider also takes the secret in the body, as udata's clients send it
	}
	return oidc.AuthMethodNone
}
func (c opClient) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c opClient) GrantTypes() []oidc.GrantType {
	g := []oidc.GrantType{oidc.GrantTypeCode}
	if hasScope(c.c.Scopes, ScopeOfflineAccess) {
		g = append(g, oidc.GrantTypeRefreshToken)
	}
	return g
}
func (c opClient) LoginURL(id string) string            { return PathLogin + "?id=" + id }
func (c opClient) AccessTokenType() op.AccessTokenType  { return op.AccessTokenTypeBearer }
func (c opClient) IDTokenLifetime() time.Duration       { return IDTokenTTL }
func (c opClient) IDTokenUserinfoClaimsAssertion() bool { return false }
func (c opClient) ClockSkew() time.Duration             { return 0 }
func (c opClient) IsScopeAllowed(scope string) bool     { return hasScope(c.c.Scopes, scope) }
func (c opClient) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c opClient) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}

// DevMode lets the provider accept the http loopback redirect URIs that
// client registration allows; matching stays exact.
func (c opClient) DevMode() bool {
	return slices.ContainsFunc(c.c.RedirectURIs, func(u string) bool { return strings.HasPrefix(u, "http://") })
}
