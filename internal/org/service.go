package org

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/keyset"
	"github.com/socle-portal/socle/internal/mail"
	"github.com/socle-portal/socle/internal/slug"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/validate"
	"github.com/socle-portal/socle/internal/vcache"
)

// Config holds the organization rules' settings.
type Config struct {
	BaseURL       string
	InvitationTTL time.Duration // DefaultInvitationTTL when zero
	Support       SupportConfig
	Files         Files // where logos go
	Now           func() time.Time
}

// Service applies the organization rules.
type Service struct {
	store Store
	mail  *mail.Composer
	files Files
	cfg   Config
	index indexHolder
	rows  *vcache.Cache[Organization] // by id and version (cache.go)
}

// NewService returns the organization service.
func NewService(db *sqldb.DB, mc *mail.Composer, cfg Config) *Service {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	return &Service{store: NewStore(db), mail: mc, files: cfg.Files, cfg: cfg, rows: newRowCache()}
}

func (s *Service) now() time.Time { return s.cfg.Now().UTC() }

// Input is the writable fields of an organization.
type Input struct {
	Name           string
	Acronym        string
	Description    string
	URL            string
	BusinessNumber string
}

func (in *Input) validate() error {
	in.Name, in.Acronym = strings.TrimSpace(in.Name), strings.TrimSpace(in.Acronym)
	in.URL = strings.TrimSpace(in.URL)
	in.BusinessNumber = strings.Join(strings.Fields(in.BusinessNumber), "")
	var v validate.Errors
	v.Required("name", in.Name, 350)
	v.MaxLen("acronym", in.Acronym, 128)
	v.Required("description", in.Description, 100_000)
	v.URL("url", in.URL)
	if k := checkBusinessNumber(in.BusinessNumber); k != "" {
		v.Add("business_number_id", k)
	}
	return v.Err()
}

// Get returns an organization by id or slug, deleted ones included (the
// API answers 410 for them).
func (s *Service) Get(ctx context.Context, idOrSlug string) (Organization, error) {
	id, v, err := s.store.OrgVersion(ctx, idOrSlug)
	if err != nil {
		return Organization{}, err
	}
	return s.cached(ctx, id, v)
}

// live returns an organization that is not deleted.
func live(ctx context.Context, r Reader, id string) (Organization, error) {
	o, err := r.OrgByID(ctx, id)
	if err != nil {
		return o, err
	}
	if o.Deleted() {
		return o, ErrDeleted
	}
	return o, nil
}

// Access tells what u may do in the organization.
func (s *Service) Access(ctx context.Context, u account.User, orgID string) (Access, error) {
	return AccessIn(ctx, s.store.Reader, u, orgID)
}

// AccessIn reads what u may do in the organization orgID, from r: inside
// the transaction of a rule, that rule's view of the members.
func AccessIn(ctx context.Context, r Reader, u account.User, orgID string) (Access, error) {
	a := Access{User: u}
	if u.ID == "" {
		return a, nil
	}
	m, err := r.Member(ctx, orgID, u.ID)
	if errors.Is(err, ErrNotFound) {
		return a, nil
	}
	if err != nil {
		return a, err
	}
	a.Member, a.Role = true, m.Role
	return a, nil
}

// Duplicates returns the live organizations that look like one named name
// with this business number: same SIREN, or same name once case, accents,
// punctuation and articles are set aside, unless both have a SIREN and
// they differ. Two legal entities may share a name (France has 19 communes
// named Saint-Martin): loading the directory flagged 4,390 pairs and sent
// support as many e-mails.
func (s *Service) Duplicates(ctx context.Context, name, businessNumber string) ([]Organization, error) {
	return lookalikesOn(ctx, s.store.Reader, name, businessNumber)
}

// lookalikesOn reads the live organizations that look like name or
// businessNumber through r: the pool, or a transaction.
func lookalikesOn(ctx context.Context, r Reader, name, businessNumber string) ([]Organization, error) {
	siren := ""
	if checkBusinessNumber(businessNumber) == "" && businessNumber != "" {
		siren = SIREN(businessNumber)
	}
	return r.DuplicateCandidates(ctx, siren, NameKey(name))
}

// Create makes an organization with actor as its only admin. Unless
// confirmed, it refuses with a *DuplicateError when it looks like an
// existing one.
func (s *Service) Create(ctx context.Context, actor account.User, in Input, confirmed bool) (Organization, error) {
	if !actor.Confirmed() {
		return Organization{}, ErrUnconfirmed
	}
	if err := in.validate(); err != nil {
		return Organization{}, err
	}
	dups, err := s.Duplicates(ctx, in.Name, in.BusinessNumber)
	if err != nil {
		return Organization{}, err
	}
	if len(dups) > 0 && !confirmed {
		return Organization{}, &DuplicateError{Orgs: dups}
	}
	now := s.now()
	o := Organization{ID: account.NewID(), Name: in.Name, Acronym: in.Acronym, Description: in.Description,
		URL: in.URL, BusinessNumber: in.BusinessNumber, CreatedAt: now, UpdatedAt: now, Members: 1}
	err = s.store.InTx(ctx, func(tx Tx) error {
		var err error
		o.Slug, err = slug.Claim(slug.Make(o.Name, 100, "organisation"),
			func(c string) (bool, error) { return tx.OrgSlugTaken(ctx, c) },
			func(c string) error { o.Slug = c; return tx.CreateOrg(ctx, o, NameKey(o.Name)) })
		if err != nil {
			return err
		}
		if err := tx.AddMember(ctx, o.ID, actor.ID, RoleAdmin, now); err != nil {
			return err
		}
		// A confirmed look-alike goes to the support queue. Read again in
		// the transaction: one created meanwhile (two API creations of the
		// same organization at once) would be missing from dups. Creations
		// take turns already (SQLite's one writer; on PostgreSQL the search
		// version row CreateOrg's trigger raises, migration 00025), so this
		// read, after CreateOrg, sees every creation committed before.
		// TestConcurrentLookalikesReachSupport fails if that stops holding.
		likes, err := lookalikesOn(ctx, tx.Reader, o.Name, o.BusinessNumber)
		if err != nil {
			return err
		}
		likes = slices.DeleteFunc(likes, func(d Organization) bool { return d.ID == o.ID })
		if err := s.flagLookalikes(ctx, tx, o, likes, actor); err != nil {
			return err
		}
		return s.log(ctx, tx, o.ID, "org.created", actor, "", o.Name)
	})
	return o, err
}

// Update changes the writable fields; admins and support only.
func (s *Service) Update(ctx context.Context, actor account.User, orgID string, in Input) (Organization, error) {
	if err := in.validate(); err != nil {
		return Organization{}, err
	}
	var o Organization
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if o, err = s.adminOf(ctx, tx, actor, orgID); err != nil {
			return err
		}
		o.Name, o.Acronym, o.Description, o.URL, o.BusinessNumber = in.Name, in.Acronym, in.Description, in.URL, in.BusinessNumber
		o.UpdatedAt = s.now()
		if err := tx.UpdateOrg(ctx, o, NameKey(o.Name)); err != nil {
			return err
		}
		return s.log(ctx, tx, o.ID, "org.updated", actor, "", "")
	})
	return o, err
}

// Delete soft-deletes an organization; admins and support only.
func (s *Service) Delete(ctx context.Context, actor account.User, orgID string) error {
	return s.store.InTx(ctx, func(tx Tx) error {
		o, err := s.adminOf(ctx, tx, actor, orgID)
		if err != nil {
			return err
		}
		o.DeletedAt, o.UpdatedAt = s.now(), s.now()
		if err := tx.UpdateOrg(ctx, o, NameKey(o.Name)); err != nil {
			return err
		}
		return s.log(ctx, tx, o.ID, "org.deleted", actor, "", "")
	})
}

// adminOf returns the live organization if actor may administer it.
func (s *Service) adminOf(ctx context.Context, tx Tx, actor account.User, orgID string) (Organization, error) {
	o, err := live(ctx, tx.Reader, orgID)
	if err != nil {
		return o, err
	}
	a, err := AccessIn(ctx, tx.Reader, actor, orgID)
	if err != nil {
		return o, err
	}
	if !a.CanAdmin() {
		return o, ErrForbidden
	}
	return o, nil
}

// Search lists live organizations.
func (s *Service) Search(ctx context.Context, q Query) (Page, error) {
	if _, known := Badges[q.Badge]; q.Badge != "" && !known {
		return Page{}, validate.Field("badge", "badge.unknown")
	}
	list, total, ok, err := s.searchIndexed(ctx, q)
	if !ok {
		list, total, err = s.store.SearchOrgs(ctx, q)
	}
	if err != nil {
		return Page{}, err
	}
	return keyset.PageOf(list, total, q.PageSize, func(o Organization) (keyset.Cursor, bool) {
		return OrgCursor(q, o)
	}), nil
}

// Page is a page of organizations; Next, when set, is where the following
// one starts (the list pages by key).
type Page = keyset.Page[Organization]

// EachLive visits every live organization in constant memory, for exports.
func (s *Service) EachLive(ctx context.Context, fn func(Organization) error) error {
	return s.store.EachLiveOrg(ctx, fn)
}

// Members lists an organization's members, admins first.
func (s *Service) Members(ctx context.Context, orgID string) ([]Member, error) {
	return s.store.Members(ctx, orgID)
}

// Memberships lists the organizations u belongs to.
func (s *Service) Memberships(ctx context.Context, u account.User) ([]Membership, error) {
	return s.store.UserMemberships(ctx, u.ID)
}

// History returns an organization's latest events, for its admins and support.
func (s *Service) History(ctx context.Context, actor account.User, orgID string, limit int) ([]Event, error) {
	a, err := s.Access(ctx, actor, orgID)
	if err != nil {
		return nil, err
	}
	if !a.CanAdmin() {
		return nil, ErrForbidden
	}
	return s.store.OrgEvents(ctx, orgID, limit)
}

func (s *Service) log(ctx context.Context, tx Tx, orgID, kind string, actor account.User, userID, detail string) error {
	var support bool
	if actor.Sysadmin {
		if a, err := AccessIn(ctx, tx.Reader, actor, orgID); err == nil && !(a.Member && a.Role == RoleAdmin) {
			support = true
		}
	}
	return tx.LogOrg(ctx, Event{OrgID: orgID, At: s.now(), Kind: kind, ActorID: actor.ID, UserID: userID,
		Detail: detail, Support: support})
}

// articles are left out of name keys: "Métropole du Grand Paris" and
// "Metropole Grand-Paris" are the same organization.
var articles = map[string]bool{"le": true, "la": true, "les": true, "l": true, "de": true, "du": true,
	"des": true, "d": true, "et": true, "a": true, "au": true, "aux": true, "en": true, "the": true, "of": true}

// NameKey normalizes a name for duplicate detection.
func NameKey(name string) string {
	var words []string
	for _, w := range strings.Split(slug.Make(name, 1000, ""), "-") {
		if w != "" && !articles[w] {
			words = append(words, w)
		}
	}
	return strings.Join(words, " ")
}
