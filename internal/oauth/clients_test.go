package oauth_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/oauth"
	"github.com/socle-portal/socle/internal/validate"
)

func TestCreateClientIsForSysadmins(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		plain := e.user(t, false)
		_, secret, err := e.OAuth.CreateClient(ctx, plain, oauth.NewClient{Name: "Outil",
			RedirectURIs: []string{"https://tool.example.org/cb"}})
		if !errors.Is(err, oauth.ErrForbidden) || secret != "" {
			t.Fatalf("plain user registering a client: %v (secret %q), want ErrForbidden", err, secret)
		}
		if _, err := e.OAuth.Clients(ctx, plain); !errors.Is(err, oauth.ErrForbidden) {
			t.Fatalf("plain user listing clients: %v, want ErrForbidden", err)
		}
		if list, err := e.OAuth.Clients(ctx, e.admin); err != nil || len(list) != 0 {
			t.Fatalf("a refused registration left clients: %v %v", list, err)
		}
	})
}

// TestCreateClientValidation: each invalid input is refused on its field,
// and nothing is stored; each valid redirect URI is kept as given.
func TestCreateClientValidation(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		ok := []string{"https://tool.example.org/cb"}
		refused := []struct {
			name  string
			nc    oauth.NewClient
			field string
		}{
			{"no name", oauth.NewClient{RedirectURIs: ok}, "name"},
			{"blank name", oauth.NewClient{Name: "   ", RedirectURIs: ok}, "name"},
			{"name too long", oauth.NewClient{Name: strings.Repeat("a", 101), RedirectURIs: ok}, "name"},
			{"no redirect URI", oauth.NewClient{Name: "Outil"}, "redirect_uris"},
			{"blank redirect URI", oauth.NewClient{Name: "Outil", RedirectURIs: []string{" ", ""}}, "redirect_uris"},
			{"http off loopback", oauth.NewClient{Name: "Outil", RedirectURIs: []string{"http://example.org/cb"}}, "redirect_uris"},
			{"http on a name starting with localhost", oauth.NewClient{Name: "Outil", RedirectURIs: []string{"http://localhost.example.org/cb"}}, "redirect_uris"},
			{"fragment", oauth.NewClient{Name: "Outil", RedirectURIs: []string{"https://tool.example.org/cb#top"}}, "redirect_uris"},
			{"empty fragment", oauth.NewClient{Name: "Outil", RedirectURIs: []string{"https://tool.example.org/cb#"}}, "redirect_uris"},
			{"relative path", oauth.NewClient{Name: "Outil", RedirectURIs: []string{"/callback"}}, "redirect_uris"},
			{"no scheme", oauth.NewClient{Name: "Outil", RedirectURIs: []string{"tool.example.org/cb"}}, "redirect_uris"},
			{"no host", oauth.NewClient{Name: "Outil", RedirectURIs: []string{"https:///cb"}}, "redirect_uris"},
			{"other scheme", oauth.NewClient{Name: "Outil", RedirectURIs: []string{"javascript://tool.example.org/%0aalert(1)"}}, "redirect_uris"},
			{"one bad among good", oauth.NewClient{Name: "Outil", RedirectURIs: []string{"https://tool.example.org/cb", "http://example.org/cb"}}, "redirect_uris"},
			{"too long", oauth.NewClient{Name: "Outil", RedirectURIs: []string{"https://tool.example.org/" + strings.Repeat("a", 2048)}}, "redirect_uris"},
			{"unknown scope", oauth.NewClient{Name: "Outil", RedirectURIs: ok, Scopes: []string{"openid", "write"}}, "scopes"},
			{"token lifetime too short", oauth.NewClient{Name: "Outil", RedirectURIs: ok, TokenTTL: time.Minute}, "token_ttl"},
			{"token lifetime too long", oauth.NewClient{Name: "Outil", RedirectURIs: ok, TokenTTL: 366 * 24 * time.Hour}, "token_ttl"},
			{"unreadable token lifetime", oauth.NewClient{Name: "Outil", RedirectURIs: ok, TokenTTL: oauth.ParseTokenTTL("soon")}, "token_ttl"},
		}
		for _, c := range refused {
			_, secret, err := e.OAuth.CreateClient(ctx, e.admin, c.nc)
			var verr *validate.Errors
			if !errors.As(err, &verr) || !verr.Has(c.field) || secret != "" {
				t.Errorf("%s: got %v (secret %q), want a validation error on %q", c.name, err, secret, c.field)
			}
		}
		if list, err := e.OAuth.Clients(ctx, e.admin); err != nil || len(list) != 0 {
			t.Fatalf("refused registrations left %d clients: %v", len(list), err)
		}

		accepted := []string{
			"https://tool.example.org/cb?x=1",
			"http://localhost:8080/cb",
			"http://127.0.0.1/cb",
			"http://[::1]:9/cb",
		}
		for _, uri := range accepted {
			c, _, err := e.OAuth.CreateClient(ctx, e.admin, oauth.NewClient{Name: "Outil", RedirectURIs: []string{" " + uri + " "}})
			if err != nil {
				t.Errorf("%s: %v", uri, err)
				continue
			}
			stored, err := e.st.Client(ctx, c.ID)
			if err != nil || !slices.Equal(stored.RedirectURIs, []string{uri}) {
				t.Errorf("%s: stored %v, %v", uri, stored.RedirectURIs, err)
			}
		}
	})
}

func TestClientScopes(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		def, _ := e.client(t, oauth.NewClient{})
		stored, err := e.st.Client(ctx, def.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(stored.Scopes, oauth.DefaultClientScopes) || slices.Contains(stored.Scopes, oauth.ScopeAdmin) {
			t.Fatalf("client registered without scopes may ask for %v, want %v", stored.Scopes, oauth.DefaultClientScopes)
		}
		if !oauth.Allowed(stored, oauth.ScopeDefault) || oauth.Allowed(stored, oauth.ScopeAdmin) {
			t.Fatal("Allowed disagrees with the default scopes")
		}
		narrow, _ := e.client(t, oauth.NewClient{Scopes: []string{oauth.ScopeOpenID, oauth.ScopeRead}})
		if stored, _ := e.st.Client(ctx, narrow.ID); !slices.Equal(stored.Scopes, []string{"openid", "read"}) {
			t.Fatalf("explicit scopes stored as %v", stored.Scopes)
		}
	})
}

// TestClientTokenTTL: a client keeps its own access token lifetime; none
// means the portal's hour.
func TestClientTokenTTL(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		month, _ := e.client(t, oauth.NewClient{TokenTTL: 720 * time.Hour})
		def, _ := e.client(t, oauth.NewClient{})
		for _, c := range []struct {
			id   string
			want time.Duration
		}{{month.ID, 720 * time.Hour}, {def.ID, oauth.AccessTTL}} {
			if stored, err := e.st.Client(ctx, c.id); err != nil || stored.AccessTTL() != c.want {
				t.Errorf("client %s: lifetime %v (%v), want %v", c.id, stored.AccessTTL(), err, c.want)
			}
		}
	})
}

func TestParseTokenTTL(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0}, {" 30d ", 30 * 24 * time.Hour}, {"720h", 720 * time.Hour}, {"90m", 90 * time.Minute},
		{"1h30m", 90 * time.Minute}, {"0d", -1}, {"-2h", -1}, {"x", -1}, {"367d", -1}, {"3 days", -1},
	}
	for _, tt := range tests {
		if got := oauth.ParseTokenTTL(tt.in); got != tt.want {
			t.Errorf("ParseTokenTTL(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestClientSecret(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		conf, secret := e.client(t, oauth.NewClient{})
		if secret == "" || !conf.Confidential() {
			t.Fatalf("a confidential client got secret %q", secret)
		}
		stored, err := e.st.Client(ctx, conf.ID)
		if err != nil {
			t.Fatal(err)
		}
		if stored.SecretHash == "" || stored.SecretHash == secret || strings.Contains(stored.SecretHash, strings.TrimPrefix(secret, "socle_cs_")) {
			t.Fatalf("the secret is stored in the clear: %q", stored.SecretHash)
		}
		if err := e.OAuth.CheckSecret(ctx, conf.ID, secret); err != nil {
			t.Fatalf("right secret refused: %v", err)
		}
		for _, wrong := range []string{"", "socle_cs_wrong", secret + "x", stored.SecretHash} {
			if err := e.OAuth.CheckSecret(ctx, conf.ID, wrong); err == nil {
				t.Errorf("wrong secret %q accepted", wrong)
			}
		}
		other, otherSecret := e.client(t, oauth.NewClient{})
		if otherSecret == secret {
			t.Fatal("two clients got the same secret")
		}
		if err := e.OAuth.CheckSecret(ctx, other.ID, secret); err == nil {
			t.Fatal("another client's secret accepted")
		}
		if err := e.OAuth.CheckSecret(ctx, "nope", secret); err == nil {
			t.Fatal("unknown client accepted")
		}

		pub, secret := e.client(t, oauth.NewClient{Public: true})
		if secret != "" || pub.Confidential() {
			t.Fatalf("a public client got a secret: %q", secret)
		}
		if stored, _ := e.st.Client(ctx, pub.ID); stored.SecretHash != "" {
			t.Fatalf("a public client has a stored secret hash %q", stored.SecretHash)
		}
		if err := e.OAuth.CheckSecret(ctx, pub.ID, ""); err == nil {
			t.Fatal("a public client authenticated with an empty secret")
		}
	})
}

func TestDeleteClient(t *testing.T) {
	forEachBackend(t, func(t *testing.T, e *env) {
		c, secret := e.client(t, oauth.NewClient{})
		u := e.user(t, false)
		e.approve(t, u, c, "openid", "default")
		pending := e.request(t, c, "openid")

		if err := e.OAuth.DeleteClient(ctx, u, c.ID); !errors.Is(err, oauth.ErrForbidden) {
			t.Fatalf("plain user deleting a client: %v, want ErrForbidden", err)
		}
		if _, err := e.OAuth.Client(ctx, c.ID); err != nil {
			t.Fatalf("a refused deletion removed the client: %v", err)
		}
		if err := e.OAuth.DeleteClient(ctx, e.admin, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.OAuth.Client(ctx, c.ID); !errors.Is(err, oauth.ErrNotFound) {
			t.Fatalf("deleted client: %v, want ErrNotFound", err)
		}
		if list, _ := e.OAuth.Clients(ctx, e.admin); len(list) != 0 {
			t.Fatalf("deleted client still listed: %v", list)
		}
		if apps, err := e.OAuth.ConnectedApps(ctx, u); err != nil || len(apps) != 0 {
			t.Fatalf("connected apps after deletion: %v %v", apps, err)
		}
		if _, err := e.st.Grant(ctx, u.ID, c.ID); !errors.Is(err, oauth.ErrNotFound) {
			t.Fatalf("grant of a deleted client: %v, want ErrNotFound", err)
		}
		if err := e.OAuth.Approve(ctx, u, pending.ID, time.Time{}); !errors.Is(err, oauth.ErrNotFound) {
			t.Fatalf("approving a request of a deleted client: %v, want ErrNotFound", err)
		}
		if err := e.OAuth.CheckSecret(ctx, c.ID, secret); err == nil {
			t.Fatal("a deleted client still authenticates")
		}
		if err := e.OAuth.DeleteClient(ctx, e.admin, c.ID); !errors.Is(err, oauth.ErrNotFound) {
			t.Fatalf("deleting twice: %v, want ErrNotFound", err)
		}
	})
}
