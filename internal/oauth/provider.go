package oauth

import (
	"encoding/json"
	"maps"
	"net/http"
	"net/http/httptest"
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
	p, err := op.NewProvider(cfg, &storage{s: s}, op.StaticIssuer(s.cfg.Issuer), opts...)
	if err != nil {
		return nil, err
	}
	return oneClientAuth(truthfulDiscovery(p)), nil
}

// truthfulDiscovery corrects what the library's discovery document claims
// beyond what socle does: it lists the implicit and JWT grants, id_token
// response types and a device endpoint whatever the provider supports.
// Clients choose their flow from this document, so it must not offer a
// flow that then fails.
func truthfulDiscovery(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/.well-known/openid-configuration" {
			next.ServeHTTP(w, r)
			return
		}
		rec := httptest.NewRecorder()
		next.ServeHTTP(rec, r)
		var doc map[string]any
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &doc) != nil {
			maps.Copy(w.Header(), rec.Header())
			w.WriteHeader(rec.Code)
			w.Write(rec.Body.Bytes())
			return
		}
		delete(doc, "device_authorization_endpoint")
		doc["response_types_supported"] = []string{"code"}
		doc["response_modes_supported"] = []string{"query"}
		doc["grant_types_supported"] = []string{"authorization_code", "refresh_token"}
		doc["code_challenge_methods_supported"] = []string{"S256"}
		maps.Copy(w.Header(), rec.Header())
		w.Header().Del("Content-Length")
		json.NewEncoder(w).Encode(doc)
	})
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
