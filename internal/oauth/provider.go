package oauth

import (
	"net/http"
	"strings"

	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"
)

// Paths of the provider. udata's three OAuth paths stay where its clients
// expect them; the OpenID Connect ones sit beside them.
const (
	PathAuthorize = "/oauth/authorize"
	PathCallback  = PathAuthorize + "/callback" // where the consent page sends the browser back
	PathLogin     = "/oauth/login"              // the consent page, served by the web package
)

// Provider returns the OAuth2/OpenID Connect endpoints: /oauth/authorize,
// /oauth/token, /oauth/revoke, /oauth/userinfo, /oauth/keys,
// /oauth/introspect, /oauth/logout and /.well-known/openid-configuration.
func (s *Service) Provider() (http.Handler, error) {
	cfg := &op.Config{
		CodeMethodS256:        true,
		AuthMethodPost:        true,
		GrantTypeRefreshToken: true,
		SupportedUILocales:    []language.Tag{language.French, language.English},
		SupportedScopes:       KnownScopes,
	}
	opts := []op.Option{
		op.WithCrypto(s.crypto),
		op.WithCustomAuthEndpoint(op.NewEndpoint(strings.TrimPrefix(PathAuthorize, "/"))),
		op.WithCustomTokenEndpoint(op.NewEndpoint("oauth/token")),
		op.WithCustomRevocationEndpoint(op.NewEndpoint("oauth/revoke")),
		op.WithCustomUserinfoEndpoint(op.NewEndpoint("oauth/userinfo")),
		op.WithCustomKeysEndpoint(op.NewEndpoint("oauth/keys")),
		op.WithCustomIntrospectionEndpoint(op.NewEndpoint("oauth/introspect")),
		op.WithCustomEndSessionEndpoint(op.NewEndpoint("oauth/logout")),
	}
	if strings.HasPrefix(s.cfg.Issuer, "http://") {
		opts = append(opts, op.WithAllowInsecure()) // local use; https portals get the strict checks
	}
	return op.NewProvider(cfg, &storage{s: s}, op.StaticIssuer(s.cfg.Issuer), opts...)
}

// openAccessToken reads the token id and subject the provider sealed into
// an opaque access token.
func (s *Service) openAccessToken(token string) (id, subject string, ok bool) {
	if token == "" || len(token) > 1024 {
		return "", "", false
	}
	plain, err := s.crypto.Decrypt(token)
	if err != nil {
		return "", "", false
	}
	id, subject, ok = strings.Cut(plain, ":")
	return id, subject, ok && id != "" && subject != ""
}
