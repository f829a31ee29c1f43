// Package app assembles socle from its parts: the store, the job queue, the
// domain services and the HTTP handlers. cmd/socle and the end-to-end tests
// build the same App.
package app

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/netip"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/directory"
	"github.com/socle-portal/socle/internal/files"
	"github.com/socle-portal/socle/internal/follow"
	"github.com/socle-portal/socle/internal/mail"
	"github.com/socle-portal/socle/internal/metrics"
	"github.com/socle-portal/socle/internal/oauth"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/sqldb/postgres"
	"github.com/socle-portal/socle/internal/sqldb/sqlite"
	"github.com/socle-portal/socle/internal/web"
)

// Config is every setting of socle; cmd/socle fills it from flags and
// SOCLE_* environment variables.
type Config struct {
	Addr            string
	DataDir         string
	BaseURL         string
	DatabaseURL     string // empty: SQLite in DataDir; postgres://...: PostgreSQL
	SiteName        string
	SupportEmail    string
	Logo            string // image file, https:// URL or /files/… path; empty: the name alone
	Favicon         string // image file; empty: socle's
	PrimaryColor    string // #rrggbb; empty: DSFR's blue
	PagesDir        string // the operator's legal pages (accessibilite.md, ...); empty: socle's texts
	Accessibility   string // RGAA compliance shown in the footer: none, partial or full
	TimeZone        string // IANA name; pages show times in it, the API in UTC
	MailFrom        string
	SMTP            mail.SMTPConfig // Host empty: write .eml files to DataDir/outbox
	Limits          account.Limits
	HashConcurrency int
	SecretKey       string // empty: generated once and kept in the database
	Argon2          account.Argon2Params
	Support         org.SupportConfig
	InvitationTTL   time.Duration
	MaxUpload       int64 // bytes, per uploaded file
	// FileTypes are the extensions an upload may have and the MIME types
	// suggested (udata's ALLOWED_RESOURCES_EXTENSIONS and _MIMES).
	FileTypes catalog.FileTypes
	// UploadRetention is how long the parts of an unfinished chunked
	// upload are kept (udata's UPLOAD_MAX_RETENTION).
	UploadRetention time.Duration
	S3              files.S3Config // Endpoint empty: files in DataDir/files
	MetricsAddr     string         // empty: no metrics; else /metrics and pprof on this private address
	CORSOrigins     []string       // sites whose pages may call the API; none by default
	// TrustedProxies are the reverse proxies whose X-Forwarded-For names
	// the client; none by default (the connection's address is the client).
	TrustedProxies []netip.Prefix
	// TwoFactorSysadmins makes sysadmins sign in with a second factor.
	TwoFactorSysadmins bool
	// Now is the accounts' and OAuth's clock, one clock so that a session's
	// start and an authorization's max_age compare; for tests, nil: time.Now.
	Now func() time.Time
}

// Defaults returns the settings socle runs with when told nothing.
func Defaults() Config {
	return Config{
		Addr:            "127.0.0.1:8080",
		DataDir:         "data",
		SiteName:        "socle",
		SupportEmail:    "support@socle.localhost",
		TimeZone:        "Europe/Paris",
		Accessibility:   "partial",
		MailFrom:        "socle <no-reply@socle.localhost>",
		SMTP:            mail.SMTPConfig{Port: 587, TLS: "starttls"},
		Limits:          account.DefaultLimits(),
		HashConcurrency: 2 * runtime.NumCPU(),
		Argon2:          account.DefaultArgon2,
		Support:         org.DefaultSupport(),
		InvitationTTL:   org.DefaultInvitationTTL,
		MaxUpload:       1 << 30,
		FileTypes:       catalog.DefaultFileTypes(),
		UploadRetention: catalog.DefaultUploadRetention,
	}
}

// App is a running socle.
type App struct {
	cfg      Config
	log      *slog.Logger
	DB       *sqldb.DB
	Queue    *river.Client[*sql.Tx]
	Accounts *account.Service
	Orgs     *org.Service
	Catalog  *catalog.Service
	OAuth    *oauth.Service
	Follows  *follow.Service
	Files    files.Store
	// Directory is the official list of French local authorities.
	Directory *directory.Directory
	Mail      mail.Sender
	Metrics   *metrics.Metrics

	idle idleMemory
}

// Open opens the database, applies migrations and builds the services. It
// starts nothing: Start runs the job queue and Serve the HTTP server.
func Open(ctx context.Context, cfg Config, log *slog.Logger) (*App, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://" + cfg.Addr
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if _, err := time.LoadLocation(cfg.TimeZone); err != nil {
		return nil, fmt.Errorf("time zone %q: %w", cfg.TimeZone, err)
	}
	if err := web.CheckConfig(webConfig(cfg, nil)); err != nil { // logo, colour, legal pages
		return nil, err
	}
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	db, err := OpenDB(cfg)
	if err != nil {
		return nil, err
	}
	a := &App{cfg: cfg, log: slog.New(requestIDHandler{log.Handler()}), DB: db}
	if err := a.build(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return a, nil
}

// OpenDB opens the configured database without migrating it.
func OpenDB(cfg Config) (*sqldb.DB, error) {
	u := cfg.DatabaseURL
	switch {
	case u == "":
		return sqlite.Open(filepath.Join(cfg.DataDir, "socle.db"))
	case strings.HasPrefix(u, "postgres://"), strings.HasPrefix(u, "postgresql://"):
		return postgres.Open(u, 0)
	case strings.HasPrefix(u, "sqlite:"):
		return sqlite.Open(strings.TrimPrefix(strings.TrimPrefix(u, "sqlite:"), "//"))
	}
	return nil, fmt.Errorf("database URL %q: want postgres://... or sqlite:PATH", u)
}

func (a *App) build(ctx context.Context) error {
	if err := a.DB.Migrate(ctx, a.log); err != nil {
		return err
	}
	key, err := a.secretKey(ctx)
	if err != nil {
		return err
	}
	if a.Mail, err = a.sender(); err != nil {
		return err
	}
	a.setupMetrics()
	composer, err := mail.NewComposer(a.cfg.SiteName, a.cfg.BaseURL, a.cfg.SupportEmail)
	if err != nil {
		return err
	}
	acfg := account.DefaultConfig()
	acfg.BaseURL, acfg.SecretKey, acfg.Limits = a.cfg.BaseURL, key, a.cfg.Limits
	acfg.TwoFactorSysadmins, acfg.Issuer = a.cfg.TwoFactorSysadmins, a.cfg.SiteName
	acfg.DeleteGuard = org.DeleteGuard
	acfg.Confirmed = org.MatchInvitations
	acfg.Now = a.cfg.Now
	hasher := account.NewHasher(a.cfg.Argon2, a.cfg.HashConcurrency)
	if a.Accounts, err = account.NewService(a.DB, hasher, composer, acfg); err != nil {
		return err
	}
	if a.Directory, err = directory.Load(); err != nil {
		return err
	}
	if a.Files, err = a.fileStore(ctx); err != nil {
		return err
	}
	a.Accounts.SetFiles(a.Files)
	a.Orgs = org.NewService(a.DB, composer, org.Config{BaseURL: a.cfg.BaseURL,
		InvitationTTL: a.cfg.InvitationTTL, Support: a.cfg.Support, Files: a.Files})
	a.Catalog = catalog.NewService(a.DB, nil)
	a.Catalog.SetBlobs(a.Files, a.cfg.MaxUpload)
	a.Catalog.SetFileTypes(a.cfg.FileTypes)
	a.Catalog.SetZones(a.Directory)
	if a.OAuth, err = a.oauthService(ctx, key); err != nil {
		return err
	}
	a.Follows = follow.NewService(a.DB, func() time.Time { return time.Now().UTC() })
	if a.Queue, err = a.newQueue(); err != nil {
		return err
	}
	a.DB.SetQueue(a.Queue)
	return nil
}

// secretKey is the key of every stored token hash. Kept in the database so
// that all instances sharing it agree; SOCLE_SECRET_KEY overrides it.
func (a *App) secretKey(ctx context.Context) ([]byte, error) {
	if a.cfg.SecretKey != "" {
		if len(a.cfg.SecretKey) < 32 {
			return nil, errors.New("secret key: at least 32 characters")
		}
		return []byte(a.cfg.SecretKey), nil
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	v, err := a.DB.Setting(ctx, "secret_key", hex.EncodeToString(b))
	if err != nil {
		return nil, err
	}
	return []byte(v), nil
}

// oauthService builds the OAuth provider. Its ID token signing key is made
// once and kept in the database, like the secret key, so that every
// instance signs with the key the JWKS publishes.
func (a *App) oauthService(ctx context.Context, secret []byte) (*oauth.Service, error) {
	pem, err := a.DB.SettingFunc(ctx, "oauth_signing_key", oauth.NewSigningKeyPEM)
	if err != nil {
		return nil, err
	}
	svc, err := oauth.NewService(a.DB, oauth.Config{Issuer: a.cfg.BaseURL, SecretKey: secret, SigningKey: pem})
	if err == nil && a.cfg.Now != nil {
		svc.SetClock(a.cfg.Now)
	}
	return svc, err
}

// fileStore is S3 when configured, so that instances share files, else a
// folder under the data folder.
func (a *App) fileStore(ctx context.Context) (files.Store, error) {
	if a.cfg.S3.Endpoint == "" {
		return &files.Local{Dir: filepath.Join(a.cfg.DataDir, "files"), BaseURL: a.cfg.BaseURL + "/files"}, nil
	}
	c := a.cfg.S3
	c.BaseURL = a.cfg.BaseURL + "/files"
	return files.NewS3(ctx, c)
}

func (a *App) sender() (mail.Sender, error) {
	if a.cfg.SMTP.Host == "" {
		return &mail.FileSender{Dir: filepath.Join(a.cfg.DataDir, "outbox"), From: a.cfg.MailFrom}, nil
	}
	c := a.cfg.SMTP
	c.From = a.cfg.MailFrom
	return mail.NewSMTPSender(c)
}

// Start runs the job queue: mail delivery and periodic jobs. Cancelling ctx
// does not stop it (that would cancel jobs mid-way); Close stops it gently.
// It also builds the organization search index in the background and sets
// the Go runtime's soft memory limit (DefaultMemoryLimit).
func (a *App) Start(ctx context.Context) error {
	if err := a.Catalog.IndexZones(ctx); err != nil {
		return fmt.Errorf("zone index: %w", err)
	}
	a.Catalog.StartIndex(ctx, a.log) // in the background: the database answers searches until it is ready
	limitMemory()
	// In the background: socle answers meanwhile, and a search that comes
	// first waits for this build instead of starting its own. Then the
	// garbage of starting (the directory, the index's rows) goes back to
	// the system at once, not over the minutes the runtime would take.
	go func() {
		if err := a.Orgs.WarmIndex(context.WithoutCancel(ctx)); err != nil {
			a.log.Warn("organization search index", "err", err)
		}
		debug.FreeOSMemory()
	}()
	return a.Queue.Start(context.WithoutCancel(ctx))
}

// DefaultMemoryLimit is the soft limit of the Go runtime's memory that
// Start sets unless the GOMEMLIMIT environment variable sets one: the
// collector then works harder as the heap nears it, instead of letting
// garbage grow to twice the live heap. A portal's live heap is a few tens
// of megabytes, about 45 with a million datasets (their search index is
// 31): 80 MiB kept the collector running and halved the dataset pages'
// rates when it was 80 (docs/benchmarks.md); 128 MiB leaves it room.
// SQLite's page caches come on top, outside of it.
const DefaultMemoryLimit = 128 << 20

func limitMemory() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(DefaultMemoryLimit)
	}
}

// Close stops the queue, letting running jobs finish, and closes the database.
func (a *App) Close(ctx context.Context) error {
	return errors.Join(a.Queue.Stop(ctx), a.DB.Close())
}

// Config returns the effective settings.
func (a *App) Config() Config { return a.cfg }

// Logger returns the app's logger.
func (a *App) Logger() *slog.Logger { return a.log }

// shutdownGrace bounds how long in-flight requests get to finish.
const shutdownGrace = 20 * time.Second
