// Package mydata writes everything socle holds about a person, as one JSON
// document they may download and take elsewhere (GDPR article 20, "right to
// data portability"). It reads every domain's store and knows nothing of
// HTTP; the account rules decide who may ask (account.AuthorizeExport).
//
// The document is streamed: sections that can grow without bound
// (datasets, notifications, histories) are read by pages and written as
// they are read, so its size costs neither memory nor a timeout. Its
// format is documented in docs/api.md ("Download my data").
package mydata

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/catalog"
	"github.com/socle-portal/socle/internal/follow"
	"github.com/socle-portal/socle/internal/oauth"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/sqldb"
)

// Format names the document's version; a change that removes or renames a
// field gets a new one.
const Format = "socle-export/1"

// Exporter reads the stores of one database.
type Exporter struct {
	accounts account.Store
	orgs     org.Store
	catalog  catalog.Store
	oauth    oauth.Store
	follows  *follow.Service
	now      func() time.Time
}

// New reads db; now stamps the document (time.Now when nil).
func New(db *sqldb.DB, now func() time.Time) *Exporter {
	if now == nil {
		now = time.Now
	}
	return &Exporter{account.NewStore(db), org.NewStore(db), catalog.NewStore(db), oauth.NewStore(db),
		follow.NewService(db, now), now}
}

// FileName names u's document as a download: socle-{slug}-{date}.json.
func (e *Exporter) FileName(u account.User) string {
	return "socle-" + u.Slug + "-" + e.now().UTC().Format("2006-01-02") + ".json"
}

// Write writes u's document to w. An error after the first byte leaves the
// document unfinished (not valid JSON), which is how a reader tells.
func (e *Exporter) Write(ctx context.Context, w io.Writer, u account.User) error {
	u, err := e.accounts.UserByID(ctx, u.ID) // the stored row, not the caller's copy
	if err != nil {
		return err
	}
	s := newStream(w)
	s.field("format", Format)
	s.field("generated_at", e.now().UTC())
	s.field("profile", profileOf(u))
	sections := []struct {
		name string
		each func(context.Context, account.User, func(any) error) error
	}{
		{"memberships", e.memberships},
		{"requests", e.requests},
		{"datasets", e.datasets},
		{"api_keys", e.apiKeys},
		{"sessions", e.sessions},
		{"connected_apps", e.apps},
		{"following", e.following},
		{"notifications", e.notifications},
		{"account_history", e.accountHistory},
		{"organization_history", e.orgHistory},
	}
	for _, sec := range sections {
		s.list(sec.name, func(emit func(any) error) error { return sec.each(ctx, u, emit) })
	}
	return s.close()
}

// stream writes one JSON object field by field.
type stream struct {
	w     *bufio.Writer
	enc   *json.Encoder
	first bool
	err   error
}

func newStream(w io.Writer) *stream {
	bw := bufio.NewWriterSize(w, 32<<10)
	s := &stream{w: bw, enc: json.NewEncoder(bw), first: true}
	s.raw("{")
	return s
}

func (s *stream) raw(text string) {
	if s.err == nil {
		_, s.err = s.w.WriteString(text)
	}
}

func (s *stream) key(name string) {
	if !s.first {
		s.raw(",")
	}
	s.first = false
	s.raw("\n")
	s.value(name)
	s.raw(":")
}

func (s *stream) value(v any) {
	if s.err == nil {
		s.err = s.enc.Encode(v)
	}
}

func (s *stream) field(name string, v any) {
	s.key(name)
	s.value(v)
}

// list writes name: [ ... ] with each value fill emits.
func (s *stream) list(name string, fill func(emit func(any) error) error) {
	s.key(name)
	s.raw("[")
	n := 0
	err := fill(func(v any) error {
		if n > 0 {
			s.raw(",")
		}
		n++
		s.value(v)
		return s.err
	})
	if s.err == nil {
		s.err = err
	}
	s.raw("]")
}

func (s *stream) close() error {
	s.raw("\n}\n")
	if s.err != nil {
		return s.err
	}
	return s.w.Flush()
}
