package catalog

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/directory"
	"github.com/socle-portal/socle/internal/errs"
	"github.com/socle-portal/socle/internal/keyset"
	"github.com/socle-portal/socle/internal/org"
	"github.com/socle-portal/socle/internal/slug"
	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/validate"
)

// The catalog rules' errors, of the kinds of internal/errs.
var (
	ErrNotFound  = errs.New(errs.ErrNotFound, "error.not_found", "not found")
	ErrDeleted   = errs.New(errs.ErrGone, "api.dataset_deleted", "dataset has been deleted")
	ErrForbidden = errs.New(errs.ErrForbidden, "api.forbidden", "you do not have the permission to modify that object")
)

// Service applies the catalog rules.
type Service struct {
	zones     *directory.Directory // the spatial zones datasets may cover; nil: any
	store     Store
	now       func() time.Time
	blobs     Blobs
	maxUpload int64
	types     *FileTypes  // nil: udata's
	index     indexHolder // the dataset search index (index.go)
}

// NewService returns the catalog service; now is time.Now when nil.
func NewService(db *sqldb.DB, now func() time.Time) *Service {
	if now == nil {
		now = time.Now
	}
	return &Service{store: NewStore(db), now: func() time.Time { return now().UTC() }}
}

// SetZones gives the service the directory whose authorities datasets
// cover; without it any zone is accepted and none contains another.
func (s *Service) SetZones(d *directory.Directory) { s.zones = d }

func (s *Service) checkZones(zones []string) error {
	if s.zones == nil {
		return nil
	}
	for _, z := range zones {
		if !s.zones.HasZone(z) {
			return validate.Field("spatial", "zone.unknown")
		}
	}
	return nil
}

// Input is the writable fields of a dataset.
type Input struct {
	Title            string
	Acronym          string
	Description      string
	DescriptionShort string
	Tags             []string
	License          string
	Frequency        string
	TemporalStart    time.Time
	TemporalEnd      time.Time
	Zones            []string
	Granularity      string
	Private          bool
	Draft            bool
	OrgID            string // empty: the caller owns it
	// Extras (a JSON object) and Geom (a GeoJSON geometry, checked by the
	// caller; "" for none) replace the stored ones when set; nil keeps
	// them, so that the page form, which shows neither, leaves them be.
	Extras *string
	Geom   *string
	// Resources are remote resources created with the dataset, in the same
	// transaction (udata's resources inside POST /datasets/). With
	// EditResources, Update edits those whose ID is one of the dataset's
	// and adds the others (udata's resources inside PUT /datasets/).
	Resources     []ResourceInput
	EditResources bool
}

// legacyFrequencies are udata's former frequency names, still sent by
// older clients, and what udata reads them as.
var legacyFrequencies = map[string]string{"realtime": "continuous", "fourTimesADay": "severalTimesADay",
	"fourTimesAWeek": "other", "fortnighly": "biweekly", "biannual": "semiannual"}

// MinTagLen and MaxTagLen bound a tag once slugified, as udata's settings.
const (
	MinTagLen = 3
	MaxTagLen = 96
)

func (in *Input) validate() error {
	in.Title = strings.TrimSpace(in.Title)
	var v validate.Errors
	v.Required("title", in.Title, 350)
	v.MaxLen("acronym", in.Acronym, 128)
	v.Required("description", in.Description, 100_000)
	v.MaxLen("description_short", in.DescriptionShort, 200)
	if in.Extras != nil && (!json.Valid([]byte(*in.Extras)) || !strings.HasPrefix(*in.Extras, "{")) {
		v.Add("extras", "type.invalid")
	}
	if in.License == "" {
		in.License = "notspecified"
	}
	if !knownLicense(in.License) {
		v.Add("license", "license.unknown")
	}
	if now, ok := legacyFrequencies[in.Frequency]; ok {
		in.Frequency = now
	}
	if in.Frequency == "" {
		in.Frequency = "unknown"
	}
	if !known(Frequencies, in.Frequency) {
		v.Add("frequency", "frequency.unknown")
	}
	if in.Granularity == "" {
		in.Granularity = "other"
	}
	if !known(Granularities, in.Granularity) {
		v.Add("spatial", "granularity.unknown")
	}
	if !in.TemporalStart.IsZero() && !in.TemporalEnd.IsZero() && in.TemporalEnd.Before(in.TemporalStart) {
		v.Add("temporal_coverage", "temporal.order")
	}
	tags := make([]string, 0, len(in.Tags))
	seen := map[string]bool{}
	for _, t := range in.Tags {
		t = slug.Make(t, 1000, "")
		switch {
		case t == "" || seen[t]:
			continue
		case len(t) < MinTagLen: // udata's TAG_MIN_LENGTH and TAG_MAX_LENGTH
			v.Add("tags", "tags.too_short")
		case len(t) > MaxTagLen:
			v.Add("tags", "tags.too_long")
		}
		seen[t] = true
		tags = append(tags, t)
	}
	if len(tags) > 50 {
		v.Add("tags", "tags.too_many")
	}
	slices.Sort(tags) // udata keeps them sorted
	in.Tags = tags
	return v.Err()
}

// rights reads u's rights on d.
func (s *Service) rights(ctx context.Context, r Reader, u account.User, d Dataset) (Rights, error) {
	acc := org.Access{User: u}
	assigned := false
	if d.OrgID != "" && u.ID != "" {
		var err error
		if acc, err = org.AccessIn(ctx, r.Reader, u, d.OrgID); err != nil {
			return Rights{}, err
		}
		if acc.Member && acc.Role == org.RolePartialEditor {
			if assigned, err = r.Assigned(ctx, d.ID, u.ID); err != nil {
				return Rights{}, err
			}
		}
	}
	return RightsOn(u, d, acc, assigned), nil
}

// Rights tells what u may do with d.
func (s *Service) Rights(ctx context.Context, u account.User, d Dataset) (Rights, error) {
	return s.rights(ctx, s.store.Reader, u, d)
}

// Get returns a dataset by id or slug as u may see it. A deleted one is
// returned, DeletedAt set, to those who could edit it; others get what
// hiddenError says, as for a private or draft one they may not see.
func (s *Service) Get(ctx context.Context, u account.User, idOrSlug string) (Dataset, error) {
	d, err := s.store.DatasetByID(ctx, idOrSlug)
	if errors.Is(err, ErrNotFound) {
		d, err = s.store.DatasetBySlug(ctx, idOrSlug)
	}
	if err != nil {
		return d, err
	}
	r, err := s.Rights(ctx, u, d)
	if err != nil {
		return Dataset{}, err
	}
	if !r.See {
		return Dataset{}, hiddenError(d)
	}
	return d, nil
}

// Create makes a dataset under the organization in.OrgID, or owned by u.
func (s *Service) Create(ctx context.Context, u account.User, in Input) (Dataset, error) {
	if !u.Confirmed() {
		return Dataset{}, org.ErrUnconfirmed
	}
	if err := in.validate(); err != nil {
		return Dataset{}, err
	}
	if err := s.checkZones(in.Zones); err != nil {
		return Dataset{}, err
	}
	now := s.now()
	listed := make([]Resource, len(in.Resources))
	for i, ri := range in.Resources {
		var err error
		if listed[i], err = s.listedResource(ri, i); err != nil {
			return Dataset{}, err
		}
	}
	d := Dataset{ID: account.NewID(), CreatedAt: now}
	apply(&d, in, now)
	if in.OrgID == "" {
		d.OwnerID = u.ID
	}
	err := s.store.InTx(ctx, func(tx Tx) error {
		orgName, assignCreator := "", false
		if in.OrgID != "" {
			o, err := tx.OrgByID(ctx, in.OrgID)
			if errors.Is(err, org.ErrNotFound) || (err == nil && o.Deleted()) {
				return validate.Field("organization", "organization.unknown")
			}
			if err != nil {
				return err
			}
			acc, err := org.AccessIn(ctx, tx.Reader.Reader, u, in.OrgID)
			if err != nil {
				return err
			}
			if !acc.Member && !u.Sysadmin {
				return validate.Field("organization", "dataset.not_member") // udata: 400
			}
			if !CanCreateIn(u, acc) {
				return ErrForbidden
			}
			assignCreator = !acc.CanEditAllDatasets()
			orgName = o.Name
		}
		var err error
		d.Slug, err = slug.Claim(slug.Make(d.Title, 100, "jeu-de-donnees"),
			func(c string) (bool, error) { return tx.DatasetSlugTaken(ctx, c) },
			func(c string) error { d.Slug = c; return tx.CreateDataset(ctx, d, searchText(d, orgName)) })
		if err != nil {
			return err
		}
		if err := tx.SetDatasetZones(ctx, d.ID, s.zoneIndex(d.Zones)); err != nil {
			return err
		}
		for _, r := range listed {
			r.DatasetID = d.ID
			if err := tx.CreateResource(ctx, r); err != nil {
				return err
			}
		}
		if !assignCreator {
			return nil
		}
		return org.TxOn(tx.x).Assign(ctx, in.OrgID, u.ID, d.ID) // udata: the partial editor edits what they made
	})
	return d, err
}

func apply(d *Dataset, in Input, now time.Time) {
	d.Title, d.Acronym, d.Description, d.DescriptionShort = in.Title, in.Acronym, in.Description, in.DescriptionShort
	d.Tags, d.License, d.Frequency = in.Tags, in.License, in.Frequency
	d.TemporalStart, d.TemporalEnd, d.Zones, d.Granularity = in.TemporalStart, in.TemporalEnd, in.Zones, in.Granularity
	d.Private, d.OrgID = in.Private, in.OrgID
	if in.Extras != nil {
		d.Extras = *in.Extras
	}
	if in.Geom != nil {
		d.Geom = *in.Geom
	}
	d.UpdatedAt = now
	if d.CreatedAt.IsZero() {
		d.CreatedAt = now
	}
	if d.Draft = in.Draft; !in.Draft && d.PublishedAt.IsZero() {
		d.PublishedAt = d.UpdatedAt
	}
}

// Update changes a dataset's fields. Its owner changes here only when a
// sysadmin gives it to another organization (udata's rule): anyone else
// goes through a transfer, which needs both sides' consent.
func (s *Service) Update(ctx context.Context, u account.User, id string, in Input) (Dataset, error) {
	if err := in.validate(); err != nil {
		return Dataset{}, err
	}
	if err := s.checkZones(in.Zones); err != nil {
		return Dataset{}, err
	}
	var d Dataset
	err := s.store.InTx(ctx, func(tx Tx) error {
		var err error
		if d, err = s.editable(ctx, tx, u, id); err != nil {
			return err
		}
		if in.OrgID != "" && in.OrgID != d.OrgID {
			if err := s.giveToOrg(ctx, tx, u, &d, in.OrgID); err != nil {
				return err
			}
		}
		in.OrgID = d.OrgID
		apply(&d, in, s.now())
		if in.EditResources {
			if err := s.editListed(ctx, tx, d, in.Resources); err != nil {
				return err
			}
		}
		if err := tx.UpdateDataset(ctx, d, s.searchText(ctx, tx.Reader, d)); err != nil {
			return err
		}
		return tx.SetDatasetZones(ctx, d.ID, s.zoneIndex(d.Zones))
	})
	return d, err
}

// giveToOrg gives d to the organization orgID, for a sysadmin only; the old
// organization's partial editors lose it, as after a transfer.
func (s *Service) giveToOrg(ctx context.Context, tx Tx, u account.User, d *Dataset, orgID string) error {
	if !u.Sysadmin {
		return validate.Field("organization", "dataset.org_change")
	}
	if live, err := recipientLive(ctx, tx, orgID, ""); err != nil {
		return err
	} else if !live {
		return validate.Field("organization", "organization.unknown")
	}
	old := d.OrgID
	d.OrgID, d.OwnerID = orgID, ""
	if old != "" {
		return tx.ClearAssignments(ctx, d.ID)
	}
	return nil
}

// Delete soft-deletes a dataset.
func (s *Service) Delete(ctx context.Context, u account.User, id string) error {
	return s.store.InTx(ctx, func(tx Tx) error {
		d, err := s.editable(ctx, tx, u, id)
		if err != nil {
			return err
		}
		d.DeletedAt = s.now()
		return tx.UpdateDataset(ctx, d, "")
	})
}

// editable returns the live dataset id if u may edit it.
func (s *Service) editable(ctx context.Context, tx Tx, u account.User, id string) (Dataset, error) {
	// Locked first: every change to a dataset or its resources raises its
	// version (its row), and two of them taking their locks in another
	// order deadlocked on PostgreSQL; their resources' positions, counted
	// before inserting, could also collide.
	d, err := tx.LockDataset(ctx, id)
	if err != nil {
		return d, err
	}
	r, err := s.rights(ctx, tx.Reader, u, d)
	if err != nil {
		return d, err
	}
	return d, writable(d, r)
}

// Search lists the datasets q asks for. Private ones and drafts are listed
// only when q asks for them (WithHidden: a member's view, never a public
// listing or an export) and viewer may see them: q is about viewer's own
// datasets, or about an organization viewer belongs to (or supports, as a
// sysadmin). The front ends ask; the rule is decided here.
func (s *Service) Search(ctx context.Context, viewer account.User, q Query) (Page, error) {
	if err := s.checkQuery(q); err != nil {
		return Page{}, err
	}
	if q.WithHidden {
		var err error
		if q.WithHidden, err = s.seesHidden(ctx, viewer, q); err != nil {
			return Page{}, err
		}
		// udata's lists show a signed-in user their own hidden datasets
		// and their organizations', besides the public ones
		if !q.WithHidden && viewer.ID != "" && q.OrgID == "" && q.OwnerID == "" {
			q.hiddenOf = viewer.ID
		}
	}
	if q.Deleted && !q.WithHidden && q.hiddenOf == "" {
		return Page{}, nil // deleted datasets only to those who could edit them
	}
	items, total, indexed, err := s.searchIndexed(ctx, q)
	if !indexed && err == nil {
		items, total, err = s.store.SearchDatasets(ctx, q)
	}
	if err != nil {
		return Page{}, err
	}
	return keyset.PageOf(items, total, q.PageSize, func(d Dataset) (keyset.Cursor, bool) {
		return DatasetCursor(q, d)
	}), nil
}

// Page is a page of datasets; Next, when set, is where the following one
// starts (the list pages by key).
type Page = keyset.Page[Dataset]

// seesHidden tells whether viewer sees the private datasets and drafts q
// lists.
func (s *Service) seesHidden(ctx context.Context, viewer account.User, q Query) (bool, error) {
	switch {
	case viewer.ID == "":
		return false, nil
	case viewer.Sysadmin && q.OrgID == "" && q.OwnerID == "":
		return true, nil
	case q.OrgID == "":
		return q.OwnerID == viewer.ID, nil
	case q.OwnerID != "" && q.OwnerID != viewer.ID:
		return false, nil
	}
	acc, err := org.AccessIn(ctx, s.store.Reader.Reader, viewer, q.OrgID)
	return acc.Member || acc.CanAdmin(), err
}

// EachPublic visits every public dataset (of orgID when not empty), in
// constant memory, for exports.
func (s *Service) EachPublic(ctx context.Context, orgID string, fn func(Dataset) error) error {
	return s.store.EachDataset(ctx, orgID, fn)
}

// Assign sets the datasets a partial editor of the organization may edit;
// admins only.
func (s *Service) Assign(ctx context.Context, actor account.User, orgID, userID string, datasetIDs []string) error {
	return s.store.InTx(ctx, func(tx Tx) error {
		acc, err := org.AccessIn(ctx, tx.Reader.Reader, actor, orgID)
		if err != nil {
			return err
		}
		if !acc.CanAdmin() {
			return ErrForbidden
		}
		target, err := tx.Member(ctx, orgID, userID)
		if err != nil || target.Role != org.RolePartialEditor {
			return validate.Field("user", "assign.not_partial")
		}
		for _, id := range datasetIDs {
			d, err := tx.DatasetByID(ctx, id)
			if err != nil || d.OrgID != orgID || d.Deleted() {
				return validate.Field("datasets", "assign.unknown")
			}
		}
		return tx.SetAssignments(ctx, orgID, userID, datasetIDs)
	})
}

// Assignments lists, per partial editor, the datasets assigned to them.
func (s *Service) Assignments(ctx context.Context, actor account.User, orgID string) (map[string][]string, error) {
	acc, err := org.AccessIn(ctx, s.store.Reader.Reader, actor, orgID)
	if err != nil {
		return nil, err
	}
	if !acc.CanAdmin() {
		return nil, ErrForbidden
	}
	return s.store.Assignments(ctx, orgID)
}

func (s *Service) searchText(ctx context.Context, r Reader, d Dataset) string {
	name := ""
	if d.OrgID != "" {
		if o, err := r.OrgByID(ctx, d.OrgID); err == nil {
			name = o.Name
		}
	}
	return searchText(d, name)
}

// searchText is what full-text search indexes: folded title, acronym, tags,
// organization name and the start of the description.
func searchText(d Dataset, orgName string) string {
	desc := d.Description
	if len(desc) > 2000 {
		desc = desc[:2000]
	}
	all := strings.Join([]string{d.Title, d.Acronym, strings.Join(d.Tags, " "), orgName, desc}, " ")
	return strings.ReplaceAll(slug.Make(all, 20000, ""), "-", " ")
}
