// Command socle is the account, organization and publishing core of an
// open-data portal. Run "socle help" for its commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/socle-portal/socle/internal/app"
)

const usage = `socle: the account and organization core of an open-data portal.

Usage:
  socle serve [flags]          run the server (SQLite in ./data unless --database-url)
  socle migrate [flags]        apply database migrations and exit
  socle user create --email E --first-name F --last-name L --password-stdin [--sysadmin] [--confirmed]
  socle apikey create --email E --name N      print a new API key for that user
  socle oauth client create --name N --redirect-uri U [--redirect-uri U2] [--public] [--scopes S] [--logo URL] [--trusted] [--token-ttl 1h]
                               register an OAuth2 client; prints client_id and client_secret
  socle oauth client list      list the OAuth2 clients
  socle oauth client delete --id ID           delete an OAuth2 client and revoke its tokens
  socle backup --output FILE   write a consistent copy of the SQLite database and local files, while serving
  socle restore --input FILE   bring a backup back into the (empty) data folder

Every flag --name can also be set with the environment variable SOCLE_NAME
(dashes become underscores). "socle serve -h" lists them with their defaults.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "socle:", err)
		}
		os.Exit(2)
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command given")
	}
	cmd, rest := args[0], args[1:]
	if (cmd == "user" || cmd == "apikey") && len(rest) > 0 && rest[0] == "create" {
		cmd, rest = cmd+" create", rest[1:]
	}
	if cmd == "oauth" && len(rest) > 1 && rest[0] == "client" {
		cmd, rest = "oauth client "+rest[1], rest[2:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, rest, stderr)
	case "migrate":
		return migrate(ctx, rest, stderr)
	case "user create":
		return userCreate(ctx, rest, stdin, stdout, stderr)
	case "apikey create":
		return apikeyCreate(ctx, rest, stdout, stderr)
	case "oauth client create":
		return oauthClientCreate(ctx, rest, stdout, stderr)
	case "oauth client list":
		return oauthClientList(ctx, rest, stdout, stderr)
	case "oauth client delete":
		return oauthClientDelete(ctx, rest, stderr)
	case "backup":
		return backupCmd(ctx, rest, stdout, stderr)
	case "restore":
		return restoreCmd(ctx, rest, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", strings.Join(args[:min(2, len(args))], " "))
}

func newLogger(w io.Writer) *slog.Logger {
	level := slog.LevelInfo
	if os.Getenv("SOCLE_DEBUG") != "" {
		level = slog.LevelDebug
	}
	if os.Getenv("SOCLE_LOG_FORMAT") == "json" {
		return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// openApp parses the server flags and opens the app (migrating it).
func openApp(ctx context.Context, name string, args []string, stderr io.Writer, extra func(*flag.FlagSet)) (*app.App, error) {
	cfg := app.Defaults()
	fs := newFlagSet(&cfg)
	fs.Init("socle "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	if extra != nil {
		extra(fs)
	}
	if err := parse(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	log := newLogger(stderr)
	// The OAuth provider library logs through slog's default logger.
	slog.SetDefault(log)
	return app.Open(ctx, cfg, log)
}

func serve(ctx context.Context, args []string, stderr io.Writer) error {
	a, err := openApp(ctx, "serve", args, stderr, nil)
	if err != nil {
		return err
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		a.Close(ctx)
	}()
	ln, err := net.Listen("tcp", a.Config().Addr)
	if err != nil {
		return err
	}
	if addr := a.Config().MetricsAddr; addr != "" {
		mln, err := net.Listen("tcp", addr)
		if err != nil {
			return fmt.Errorf("metrics address: %w", err)
		}
		// Metrics stay up while requests and jobs drain, then stop.
		mctx, stopMetrics := context.WithCancel(context.WithoutCancel(ctx))
		defer stopMetrics()
		go func() {
			if err := a.ServeMetrics(mctx, mln); err != nil {
				a.Logger().Error("metrics listener", "err", err)
			}
		}()
	}
	if err := a.Start(ctx); err != nil {
		return err
	}
	return a.Serve(ctx, ln)
}

func migrate(ctx context.Context, args []string, stderr io.Writer) error {
	a, err := openApp(ctx, "migrate", args, stderr, nil)
	if err != nil {
		return err
	}
	a.Logger().Info("database is up to date", "database", string(a.DB.Backend))
	return a.Close(ctx)
}
