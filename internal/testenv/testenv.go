// Package testenv wires socle's domain services on a test database, as
// internal/app does for socle serve, and builds the fixtures tests share.
// Only _test.go files import it.
//
// It follows app.build step by step (composer, accounts with
// org.DeleteGuard, files, organizations, catalog, OAuth) but stays apart
// from it: app also opens the database, starts the job queue and serves
// HTTP, none of which a domain test wants. Tests differ from socle serve
// only where noted: a fixed secret key, a cheap password hasher, one
// signing key per run, files in the test's temporary folder and a clock
// the test moves.
package testenv

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/directory"
	"github.com/socle-portal/socle/internal/files"
	"github.com/socle-portal/socle/internal/follow"
	"github.com/socle-portal/socle/internal/mail"
	"github.com/socle-portal/socle/internal/oauth"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/sqldb"
)

// DefaultBaseURL is the site's address unless BaseURL says otherwise.
const DefaultBaseURL = "http://socle.test"

// SupportEmail is the support address of the site and its mails.
const SupportEmail = "support@example.org"

// Password is the password of every user the builders make.
const Password = "Secret123"

// Cheap is the password hasher's cost in tests: the real one takes 64 MiB
// and tens of milliseconds per hash.
var Cheap = account.Argon2Params{Memory: 64, Time: 1, Threads: 1}

// secretKey stands for the key app keeps in the database.
var secretKey = bytes.Repeat([]byte("k"), 32)

// signingKey and dir are made once per test binary: an RSA key and the
// directory's 36,000 authorities per test would dominate the run.
var (
	signingKey = sync.OnceValues(oauth.NewSigningKeyPEM)
	dir        = sync.OnceValues(directory.Load)
)

// Env is the services of one socle on one database, and its clock.
type Env struct {
	DB        *sqldb.DB
	Mail      *mail.Composer
	Accounts  *account.Service
	Orgs      *org.Service
	Catalog   *catalog.Service
	OAuth     *oauth.Service
	Follows   *follow.Service
	Files     *files.Local // avatars, logos and dataset files, in t.TempDir()
	Directory *directory.Directory
	BaseURL   string

	mu     sync.Mutex
	clock  func() time.Time
	offset time.Duration
	n      int // numbers the builders' users
}

type settings struct {
	baseURL   string
	limits    *account.Limits
	tune      []func(*account.Config)
	clock     func() time.Time
	maxUpload int64
}

// Option tunes what tests tune: account limits and settings, the base URL,
// the clock, the upload limit.
type Option func(*settings)

// BaseURL sets the site's address, for tests that serve it on a real port.
func BaseURL(u string) Option { return func(s *settings) { s.baseURL = strings.TrimRight(u, "/") } }

// Limits replaces the accounts' rate limits (account.DefaultLimits); the
// zero Limits turns them off.
func Limits(l account.Limits) Option { return func(s *settings) { s.limits = &l } }

// Account edits the account configuration after the other options.
func Account(f func(*account.Config)) Option {
	return func(s *settings) { s.tune = append(s.tune, f) }
}

// Clock makes now the clock Advance moves from; time.Now by default.
func Clock(now func() time.Time) Option { return func(s *settings) { s.clock = now } }

// At stops the clock at t; only Advance moves it.
func At(t time.Time) Option { return Clock(func() time.Time { return t }) }

// MaxUpload sets the largest dataset file accepted, in bytes.
func MaxUpload(n int64) Option { return func(s *settings) { s.maxUpload = n } }

// New wires the services on db as app.build does; the options tune them.
func New(t testing.TB, db *sqldb.DB, opts ...Option) *Env {
	t.Helper()
	s := settings{baseURL: DefaultBaseURL, clock: time.Now, maxUpload: 1 << 30}
	for _, o := range opts {
		o(&s)
	}
	e := &Env{DB: db, BaseURL: s.baseURL, clock: s.clock}
	var err error
	if e.Mail, err = mail.NewComposer("socle", s.baseURL, SupportEmail); err != nil {
		t.Fatal(err)
	}
	acfg := account.DefaultConfig()
	acfg.BaseURL, acfg.SecretKey = s.baseURL, secretKey
	if s.limits != nil {
		acfg.Limits = *s.limits
	}
	acfg.DeleteGuard = org.DeleteGuard
	acfg.Confirmed = org.MatchInvitations
	acfg.Now = e.Now
	for _, f := range s.tune {
		f(&acfg)
	}
	if e.Accounts, err = account.NewService(db, account.NewHasher(Cheap, 4), e.Mail, acfg); err != nil {
		t.Fatal(err)
	}
	if e.Directory, err = dir(); err != nil {
		t.Fatal(err)
	}
	e.Files = &files.Local{Dir: filepath.Join(t.TempDir(), "files"), BaseURL: s.baseURL + "/files"}
	e.Accounts.SetFiles(e.Files)
	// app leaves the organizations on time.Now; tests move their clock.
	e.Orgs = org.NewService(db, e.Mail, org.Config{BaseURL: s.baseURL,
		InvitationTTL: org.DefaultInvitationTTL, Support: org.DefaultSupport(), Files: e.Files, Now: e.Now})
	e.Catalog = catalog.NewService(db, e.Now)
	e.Catalog.SetBlobs(e.Files, s.maxUpload)
	e.Catalog.SetZones(e.Directory)
	pem, err := signingKey()
	if err != nil {
		t.Fatal(err)
	}
	if e.OAuth, err = oauth.NewService(db, oauth.Config{Issuer: s.baseURL, SecretKey: secretKey, SigningKey: pem}); err != nil {
		t.Fatal(err)
	}
	e.OAuth.SetClock(e.Now)
	e.Follows = follow.NewService(db, e.Now)
	return e
}

// Now is the services' time, in UTC: the clock plus what Advance added.
func (e *Env) Now() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.clock().Add(e.offset).UTC()
}

// Advance moves the services' time forward by d.
func (e *Env) Advance(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.offset += d
}

func (e *Env) next() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.n++
	return e.n
}

var ctx = context.Background()

// User makes a confirmed user named name, at name<n>@example.org.
func (e *Env) User(t testing.TB, name string) account.User {
	t.Helper()
	return e.create(t, account.NewUser{Email: fmt.Sprintf("%s%d@example.org", name, e.next()),
		FirstName: name, LastName: "Test", Password: Password, Confirmed: true})
}

// Unconfirmed makes a user who has not confirmed their address.
func (e *Env) Unconfirmed(t testing.TB, name string) account.User {
	t.Helper()
	return e.create(t, account.NewUser{Email: fmt.Sprintf("%s%d@example.org", name, e.next()),
		FirstName: name, LastName: "Test", Password: Password})
}

// Sysadmin makes a confirmed site administrator, the support team.
func (e *Env) Sysadmin(t testing.TB) account.User {
	t.Helper()
	return e.create(t, account.NewUser{Email: fmt.Sprintf("support%d@example.org", e.next()),
		FirstName: "Support", LastName: "Team", Password: Password, Confirmed: true, Sysadmin: true})
}

func (e *Env) create(t testing.TB, nu account.NewUser) account.User {
	t.Helper()
	u, err := e.Accounts.CreateUser(ctx, nu)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// Org makes an organization of which admin is the admin.
func (e *Env) Org(t testing.TB, admin account.User, name string) org.Organization {
	t.Helper()
	o, err := e.Orgs.Create(ctx, admin, org.Input{Name: name, Description: "Les données de " + name}, true)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// Member makes u a member of o with role, through a request and admin's
// acceptance, as the pages do.
func (e *Env) Member(t testing.TB, admin, u account.User, o org.Organization, role org.Role) {
	t.Helper()
	r, _, err := e.Orgs.Ask(ctx, u, o.ID, "Je gère le SIG")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Orgs.Accept(ctx, admin, o.ID, r.ID, role); err != nil {
		t.Fatal(err)
	}
}
