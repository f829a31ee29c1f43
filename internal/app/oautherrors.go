package app

import (
	"maps"
	"net/http"
)

// errorPage shows page in place of the provider's own answer when that is
// an error: the provider answers in plain text the authorization errors it
// must not redirect to the client (an unknown client_id, a redirect_uri
// that is not registered, a request it cannot read), and a visitor should
// read them in the portal's page and language. Every error it can send
// back to the client is a redirect, and passes through.
func errorPage(next, page http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		before := w.Header().Clone() // what outer handlers set, such as HSTS
		c := &errorCatcher{ResponseWriter: w}
		next.ServeHTTP(c, r)
		if c.failed {
			h := w.Header()
			clear(h) // the provider's text/plain headers
			maps.Copy(h, before)
			page.ServeHTTP(w, r)
		}
	})
}

// errorCatcher passes a response through unless its status is an error,
// which it swallows with its body.
type errorCatcher struct {
	http.ResponseWriter
	failed, wrote bool
}

func (c *errorCatcher) WriteHeader(code int) {
	if c.wrote {
		return
	}
	c.wrote = true
	if code >= 400 {
		c.failed = true
		return
	}
	c.ResponseWriter.WriteHeader(code)
}

func (c *errorCatcher) Write(b []byte) (int, error) {
	if !c.wrote {
		c.WriteHeader(http.StatusOK)
	}
	if c.failed {
		return len(b), nil
	}
	return c.ResponseWriter.Write(b)
}
