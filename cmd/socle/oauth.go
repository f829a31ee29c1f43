package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/oauth"
)

// operator is who acts from the command line: whoever runs socle on the
// server already holds every right.
var operator = account.User{ID: "cli", Sysadmin: true}

// repeated is a flag that may be given several times.
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, " ") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

// oauthClientCreate registers a client and prints its credentials, one
// "name value" pair a line, for scripts.
func oauthClientCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var nc oauth.NewClient
	var uris repeated
	var scopes string
	a, err := openApp(ctx, "oauth client create", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&nc.Name, "name", "", "the application's name, shown on the consent screen (required)")
		fs.Var(&uris, "redirect-uri", "a redirect URI, matched exactly (required; repeat for several)")
		fs.BoolVar(&nc.Public, "public", false, "a public client (browser or native app): no secret, PKCE required")
		fs.StringVar(&scopes, "scopes", strings.Join(oauth.DefaultClientScopes, " "), "scopes the client may ask for")
		fs.StringVar(&nc.LogoURL, "logo", "", "URL of the application's logo")
		fs.BoolVar(&nc.Trusted, "trusted", false, "one of the portal's own tools: no consent screen")
		fs.DurationVar(&nc.TokenTTL, "token-ttl", oauth.AccessTTL, "lifetime of its access tokens (720h: udata's 30 days, for clients that never refresh)")
	})
	if err != nil {
		return err
	}
	defer a.Close(context.Background())
	nc.RedirectURIs, nc.Scopes = uris, strings.Fields(scopes)
	if nc.TokenTTL == oauth.AccessTTL {
		nc.TokenTTL = 0 // the portal's default, which follows AccessTTL if it changes
	}
	c, secret, err := a.OAuth.CreateClient(ctx, operator, nc)
	if err != nil {
		return explain(err)
	}
	fmt.Fprintf(stdout, "client_id %s\n", c.ID)
	if secret != "" {
		fmt.Fprintf(stdout, "client_secret %s\n", secret)
	}
	return nil
}

func oauthClientList(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	a, err := openApp(ctx, "oauth client list", args, stderr, nil)
	if err != nil {
		return err
	}
	defer a.Close(context.Background())
	cs, err := a.OAuth.Clients(ctx, operator)
	if err != nil {
		return err
	}
	for _, c := range cs {
		kind := "public"
		if c.Confidential() {
			kind = "confidential"
		}
		fmt.Fprintf(stdout, "%s\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.Name, kind, strings.Join(c.Scopes, " "), strings.Join(c.RedirectURIs, " "), c.AccessTTL())
	}
	return nil
}

func oauthClientDelete(ctx context.Context, args []string, stderr io.Writer) error {
	var id string
	a, err := openApp(ctx, "oauth client delete", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&id, "id", "", "the client id (required)")
	})
	if err != nil {
		return err
	}
	defer a.Close(context.Background())
	if err := a.OAuth.DeleteClient(ctx, operator, id); err != nil {
		return fmt.Errorf("client %q: %w", id, err)
	}
	return nil
}
