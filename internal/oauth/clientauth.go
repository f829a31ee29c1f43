package oauth

import (
	"crypto/subtle"
	"net/http"
	"net/url"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
)

// oneClientAuth lets a token, revocation or introspection request carry
// the client's credentials twice, in "Authorization: Basic" and as
// client_id/client_secret in the body, when both say the same: common
// OAuth libraries do so (transport.data.gouv.fr's Elixir one among them)
// and udata accepts it. The provider refuses two methods outright (RFC 6749
// §2.3), so the body's copy is dropped before it sees the request; copies
// that differ are refused here as invalid_client, since the caller cannot
// say which client it is.
func oneClientAuth(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || !clientAuthPath(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		basicID, basicSecret, ok := r.BasicAuth()
		if !ok || r.ParseForm() != nil || (!r.PostForm.Has("client_id") && !r.PostForm.Has("client_secret")) {
			next.ServeHTTP(w, r) // the provider answers these cases itself
			return
		}
		// The provider reads Basic credentials form-encoded (RFC 6749 §2.3.1).
		id, errID := url.QueryUnescape(basicID)
		secret, errSecret := url.QueryUnescape(basicSecret)
		bodyID, bodySecret := r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
		if errID != nil || errSecret != nil || (bodyID != "" && bodyID != id) ||
			(bodySecret != "" && subtle.ConstantTimeCompare([]byte(secret), []byte(bodySecret)) != 1) {
			w.Header().Set("WWW-Authenticate", `Basic realm="socle"`)
			op.RequestError(w, r, oidc.ErrInvalidClient().WithDescription(
				"the client credentials in the Authorization header and in the body differ"), nil)
			return
		}
		for _, f := range []url.Values{r.PostForm, r.Form} {
			f.Del("client_id")
			f.Del("client_secret")
		}
		next.ServeHTTP(w, r)
	})
}

// clientAuthPath reports whether path is an endpoint where clients
// authenticate.
func clientAuthPath(path string) bool {
	switch path {
	case "/oauth/token", "/oauth/revoke", "/oauth/introspect":
		return true
	}
	return false
}
