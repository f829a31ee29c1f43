package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/validate"
)

// userCreate makes an account from a script. The password is read from
// standard input so that it never shows in the process list.
func userCreate(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var in account.NewUser
	var fromStdin bool
	a, err := openApp(ctx, "user create", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&in.Email, "email", "", "e-mail address (required)")
		fs.StringVar(&in.FirstName, "first-name", "", "first name (required)")
		fs.StringVar(&in.LastName, "last-name", "", "last name (required)")
		fs.BoolVar(&fromStdin, "password-stdin", false, "read the password from the first line of standard input (required)")
		fs.BoolVar(&in.Sysadmin, "sysadmin", false, "make the user a sysadmin (support staff)")
		fs.BoolVar(&in.Confirmed, "confirmed", false, "mark the address as confirmed (no e-mail sent)")
	})
	if err != nil {
		return err
	}
	defer a.Close(context.Background())
	if !fromStdin {
		return errors.New("--password-stdin is required")
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("reading the password: %w", err)
	}
	in.Password = strings.TrimRight(line, "\r\n")
	u, err := a.Accounts.CreateUser(ctx, in)
	if err != nil {
		return explain(err)
	}
	fmt.Fprintln(stdout, u.ID)
	return nil
}

// apikeyCreate prints a new API key for a user, and nothing else, so that
// scripts can capture it.
func apikeyCreate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var email, name string
	a, err := openApp(ctx, "apikey create", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the user's e-mail address (required)")
		fs.StringVar(&name, "name", "", "a name for the key (required)")
	})
	if err != nil {
		return err
	}
	defer a.Close(context.Background())
	u, err := account.NewStore(a.DB).UserByEmail(ctx, account.NormalizeEmail(email))
	if errors.Is(err, account.ErrNotFound) {
		return fmt.Errorf("no user with the address %q", email)
	}
	if err != nil {
		return err
	}
	_, plain, err := a.Accounts.CreateAPIKey(ctx, u, name, account.Meta{IP: "cli"})
	if err != nil {
		return explain(err)
	}
	fmt.Fprintln(stdout, plain)
	return nil
}

// explain turns validation errors into a readable line per field.
func explain(err error) error {
	var v *validate.Errors
	if !errors.As(err, &v) {
		return err
	}
	var b strings.Builder
	for f, msgs := range v.Messages("en") {
		fmt.Fprintf(&b, "\n  --%s: %s", strings.ReplaceAll(f, "_", "-"), strings.Join(msgs, " "))
	}
	return fmt.Errorf("invalid input:%s", b.String())
}
