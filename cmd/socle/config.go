package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/app"
)

// rateFlag is a flag.Value for "N/duration" limits.
type rateFlag struct{ r *account.Rate }

func (f rateFlag) String() string {
	if f.r == nil {
		return ""
	}
	return f.r.String()
}

func (f rateFlag) Set(s string) error {
	r, err := account.ParseRate(s)
	if err != nil {
		return err
	}
	*f.r = r
	return nil
}

// serverFlags declares every setting of socle on fs. Each flag --some-name
// can also be set by the environment variable SOCLE_SOME_NAME.
func serverFlags(fs *flag.FlagSet, c *app.Config) {
	fs.StringVar(&c.Addr, "addr", c.Addr, "address to listen on")
	fs.StringVar(&c.DataDir, "data", c.DataDir, "data folder: SQLite database, mail outbox, files")
	fs.StringVar(&c.MetricsAddr, "metrics-addr", c.MetricsAddr, "private address serving /metrics and /debug/pprof/ (empty: off); never the public one")
	fs.StringVar(&c.BaseURL, "base-url", c.BaseURL, "public URL of the portal, for links (default http://ADDR)")
	fs.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, "postgres://... to use PostgreSQL (default: SQLite in the data folder)")
	fs.StringVar(&c.SiteName, "site-name", c.SiteName, "name of the portal in pages and e-mails")
	fs.StringVar(&c.SupportEmail, "support-email", c.SupportEmail, "address of the portal's support team, shown on the contact page")
	fs.StringVar(&c.Logo, "site-logo", c.Logo, "logo of the portal: an image file, an https:// URL or a /files/... path (default: the name alone)")
	fs.StringVar(&c.Favicon, "favicon", c.Favicon, "favicon: an image file (default: socle's)")
	fs.StringVar(&c.PrimaryColor, "primary-color", c.PrimaryColor, "primary colour #rrggbb, dark enough for white text (default: DSFR's blue #000091)")
	fs.StringVar(&c.PagesDir, "pages-dir", c.PagesDir, "folder of the operator's accessibilite.md, mentions-legales.md, donnees-personnelles.md (default: socle's texts)")
	fs.StringVar(&c.Accessibility, "accessibility-status", c.Accessibility, "RGAA compliance the footer states: none, partial or full")
	fs.StringVar(&c.TimeZone, "time-zone", c.TimeZone, "time zone of the times pages show (the API keeps UTC)")
	fs.StringVar(&c.MailFrom, "mail-from", c.MailFrom, "sender of e-mails")
	fs.StringVar(&c.SMTP.Host, "smtp-host", c.SMTP.Host, "SMTP server (default: none, e-mails are written to DATA/outbox)")
	fs.IntVar(&c.SMTP.Port, "smtp-port", c.SMTP.Port, "SMTP port")
	fs.StringVar(&c.SMTP.Username, "smtp-username", c.SMTP.Username, "SMTP user name (empty: no authentication)")
	fs.StringVar(&c.SMTP.Password, "smtp-password", c.SMTP.Password, "SMTP password (prefer the environment variable)")
	fs.StringVar(&c.SMTP.TLS, "smtp-tls", c.SMTP.TLS, "SMTP security: starttls, opportunistic, tls or none")
	fs.StringVar(&c.SecretKey, "secret-key", c.SecretKey, "key of stored token hashes, 32+ characters (default: generated and kept in the database)")
	fs.IntVar(&c.HashConcurrency, "hash-concurrency", c.HashConcurrency, "password hashes computed at once (each takes 19 MiB)")
	fs.StringVar(&c.S3.Endpoint, "s3-endpoint", c.S3.Endpoint, "S3-compatible store (host:port) for files; empty: files in DATA/files")
	fs.StringVar(&c.S3.Bucket, "s3-bucket", c.S3.Bucket, "S3 bucket (created if missing)")
	fs.StringVar(&c.S3.Region, "s3-region", c.S3.Region, "S3 region")
	fs.StringVar(&c.S3.AccessKey, "s3-access-key", c.S3.AccessKey, "S3 access key")
	fs.StringVar(&c.S3.SecretKey, "s3-secret-key", c.S3.SecretKey, "S3 secret key (prefer the environment variable)")
	fs.BoolVar(&c.S3.Insecure, "s3-insecure", c.S3.Insecure, "talk to the S3 store in plain HTTP")
	fs.BoolVar(&c.TwoFactorSysadmins, "two-factor-sysadmins", c.TwoFactorSysadmins, "sysadmins must sign in with a second factor (asked to enrol at their next sign-in)")
	fs.Int64Var(&c.MaxUpload, "max-upload", c.MaxUpload, "largest file a resource upload may be, in bytes")
	fs.Func("allowed-extensions", "comma-separated extensions an uploaded file may have (default: udata's list, see README)", func(v string) error {
		c.FileTypes.Extensions = commaList(v, strings.ToLower)
		return nil
	})
	fs.Func("allowed-mimes", "comma-separated MIME types suggested for resources (default: udata's list, see README)", func(v string) error {
		c.FileTypes.Mimes = commaList(v, strings.ToLower)
		return nil
	})
	fs.DurationVar(&c.UploadRetention, "upload-retention", c.UploadRetention, "how long the parts of an unfinished chunked upload are kept")
	fs.DurationVar(&c.InvitationTTL, "invitation-ttl", c.InvitationTTL, "how long an invitation to join an organization stays valid")
	fs.Func("cors-origins", "comma-separated sites (https://host) whose pages may call the API (default: none)", func(v string) error {
		c.CORSOrigins = nil
		for _, o := range strings.Split(v, ",") {
			if o = strings.TrimRight(strings.TrimSpace(o), "/"); o != "" {
				c.CORSOrigins = append(c.CORSOrigins, o)
			}
		}
		return nil
	})
	fs.Func("trusted-proxies", "comma-separated addresses or prefixes of reverse proxies whose X-Forwarded-For names the client (default: none)", func(v string) (err error) {
		c.TrustedProxies, err = app.ParseProxies(v)
		return err
	})
	fs.DurationVar(&c.Support.StaleAfter, "support-stale-after", c.Support.StaleAfter, "a membership request unanswered this long goes to support")
	fs.DurationVar(&c.Support.AdminAbsentFor, "support-admin-absent", c.Support.AdminAbsentFor, "requests go to support when no admin of the organization was seen for this long")
	fs.DurationVar(&c.Support.AskAfter, "support-ask-after", c.Support.AskAfter, "a requester may ask support after waiting this long")
	l := &c.Limits
	fs.Var(rateFlag{&l.LoginAccount}, "rate-login-account", "failed logins allowed per account (N/duration)")
	fs.Var(rateFlag{&l.LoginIP}, "rate-login-ip", "failed logins allowed per IP")
	fs.Var(rateFlag{&l.SignupIP}, "rate-signup-ip", "sign-ups allowed per IP")
	fs.Var(rateFlag{&l.SignupAddress}, "rate-signup-address", "sign-ups allowed per e-mail address")
	fs.Var(rateFlag{&l.ResetIP}, "rate-reset-ip", "password reset requests allowed per IP")
	fs.Var(rateFlag{&l.ResetAddress}, "rate-reset-address", "password reset requests allowed per address")
	fs.Var(rateFlag{&l.Export}, "rate-export", "downloads of all of an account's data allowed per account")
}

// commaList splits a comma-separated setting, each item trimmed (and
// passed through norm), empty ones dropped.
func commaList(v string, norm func(string) string) []string {
	out := []string{}
	for _, x := range strings.Split(v, ",") {
		if x = norm(strings.TrimSpace(x)); x != "" {
			out = append(out, strings.TrimPrefix(x, "."))
		}
	}
	return out
}

func newFlagSet(c *app.Config) *flag.FlagSet {
	fs := flag.NewFlagSet("socle", flag.ContinueOnError)
	serverFlags(fs, c)
	return fs
}

// envName is the environment variable of a flag: --smtp-host is SOCLE_SMTP_HOST.
func envName(flagName string) string {
	return "SOCLE_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// parse reads args, then fills every flag not given on the command line from
// its environment variable.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if v, ok := os.LookupEnv(envName(f.Name)); ok && !given[f.Name] && err == nil {
			if e := fs.Set(f.Name, v); e != nil {
				err = fmt.Errorf("%s: %w", envName(f.Name), e)
			}
		}
	})
	return err
}
