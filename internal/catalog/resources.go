package catalog

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/socle-portal/socle/internal/account"
	"github.com/socle-portal/socle/internal/errs"
	"github.com/socle-portal/socle/internal/files"
	"github.com/socle-portal/socle/internal/gtfs"
	"github.com/socle-portal/socle/internal/slug"
	"github.com/socle-portal/socle/internal/validate"
)

// Resource is a file uploaded to socle or a remote URL, in a dataset.
type Resource struct {
	ID          string
	DatasetID   string
	Position    int
	Title       string
	Description string
	Filetype    string // "file" (uploaded) or "remote"
	Type        string // main, documentation, update, api, code, other
	Format      string
	URL         string // remote resources
	Mime        string
	Size        int64
	Checksum    string // SHA-256 of an uploaded file, hex
	// SumType and SumValue are udata's checksum: the SHA-1 of an uploaded
	// file (SHA-256 for files stored before socle kept it), or what the
	// client says of a file socle does not hold; "" for none.
	SumType, SumValue string
	StorageKey        string // uploaded resources
	Extras            string // udata's extras: a JSON object, as sent
	Report            *gtfs.Report
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// Version is an earlier file of an uploaded resource.
type Version struct {
	ID         string
	ResourceID string
	StorageKey string
	Filename   string
	Mime       string
	Size       int64
	Checksum   string
	SHA1       string // of a file just stored; not kept for earlier files
	CreatedAt  time.Time
}

// ResourceTypes are the kinds of resources.
var ResourceTypes = []string{"main", "documentation", "update", "api", "code", "other"}

var (
	ErrNotRemote      = errs.New(errs.ErrBadRequest, "api.not_remote", "this endpoint only supports remote resources")
	ErrFiletypeChange = errs.New(errs.ErrBadRequest, "api.filetype_change", "cannot modify filetype after creation")
	ErrNotUploaded    = errs.New(errs.ErrBadRequest, "resource.not_uploaded", "only uploaded resources have files")
)

// Blobs stores uploaded files; internal/files implements it (local folder,
// and S3 for several instances).
type Blobs interface {
	PutStream(ctx context.Context, key string, r io.Reader, limit int64) (files.Stored, error)
	Open(ctx context.Context, key string) (files.Object, error)
	Remove(ctx context.Context, key string) error
	URL(key string) string
}

// ResourceInput is the writable fields of a resource.
type ResourceInput struct {
	Title       string
	Description string
	Type        string
	Format      string
	URL         string  // remote resources
	Filetype    string  // must stay what it was
	Extras      *string // a JSON object replacing the stored one; nil keeps it
	ID          string  // Update's resources: the one to edit; unknown, a new one
	// Checksum, Mime and Size describe a file socle does not hold (a
	// remote resource): as udata, socle keeps what the client says. nil
	// keeps them; a zero Checksum removes it. A file socle stores has its
	// own, and these are ignored.
	Checksum *Checksum
	Mime     *string
	Size     *int64
}

// Checksum is udata's {type, value}.
type Checksum struct{ Type, Value string }

// ChecksumTypes are udata's checksum types.
var ChecksumTypes = []string{"sha1", "sha2", "sha256", "md5", "crc"}

// claims sets on r what in says of a file socle does not hold.
func (in ResourceInput) claims(r *Resource) {
	if in.Checksum != nil {
		r.SumType, r.SumValue = in.Checksum.Type, in.Checksum.Value
	}
	if in.Mime != nil {
		r.Mime = *in.Mime
	}
	if in.Size != nil {
		r.Size = *in.Size
	}
}

func (in ResourceInput) validateClaims(v *validate.Errors) {
	if c := in.Checksum; c != nil && *c != (Checksum{}) {
		if !known(ChecksumTypes, c.Type) {
			v.Add("checksum", "checksum.type")
		}
		v.Required("checksum", c.Value, 128)
	}
	if in.Mime != nil {
		v.MaxLen("mime", *in.Mime, 255)
		if strings.ContainsAny(*in.Mime, "\r\n") {
			v.Add("mime", "type.invalid")
		}
	}
	if in.Size != nil && *in.Size < 0 {
		v.Add("filesize", "type.invalid")
	}
}

func (in *ResourceInput) validate(remote bool) error {
	in.Title, in.Format = strings.TrimSpace(in.Title), strings.ToLower(strings.TrimSpace(in.Format))
	var v validate.Errors
	v.Required("title", in.Title, 350)
	v.MaxLen("description", in.Description, 100_000)
	v.MaxLen("format", in.Format, 64)
	if in.Extras != nil && (!json.Valid([]byte(*in.Extras)) || !strings.HasPrefix(*in.Extras, "{")) {
		v.Add("extras", "type.invalid")
	}
	in.validateClaims(&v)
	if in.Type == "" {
		in.Type = "main"
	}
	if !known(ResourceTypes, in.Type) {
		v.Add("type", "resource.type_unknown")
	}
	if remote {
		if in.URL == "" {
			v.Add("url", "required")
		}
		v.URL("url", in.URL)
	}
	return v.Err()
}

// Upload is a file being uploaded.
type Upload struct {
	Filename string
	Mime     string
	Body     io.Reader
	// Rename gives a replaced file's resource the file's name as title, as
	// udata's API does; the page's new version keeps the title.
	Rename bool
	// consume, when set, runs in the transaction that publishes the file,
	// which it may fail: a chunked upload is used up there (uploads.go).
	consume func(context.Context, Tx) error
}

// consumed runs up.consume, if any, in tx.
func (up Upload) consumed(ctx context.Context, tx Tx) error {
	if up.consume == nil {
		return nil
	}
	return up.consume(ctx, tx)
}

// SetBlobs gives the service its file store and the upload size limit.
func (s *Service) SetBlobs(b Blobs, maxUpload int64) {
	s.blobs, s.maxUpload = b, maxUpload
}

// AddRemote adds a resource pointing to a URL.
func (s *Service) AddRemote(ctx context.Context, u account.User, datasetID string, in ResourceInput) (Resource, error) {
	if in.Filetype != "" && in.Filetype != "remote" {
		return Resource{}, ErrNotRemote
	}
	if err := in.validate(true); err != nil {
		return Resource{}, err
	}
	now := s.now()
	r := Resource{ID: account.NewUUID(), DatasetID: datasetID, Title: in.Title, Description: in.Description,
		Filetype: "remote", Type: in.Type, Format: in.Format, URL: in.URL, CreatedAt: now, UpdatedAt: now}
	if in.Extras != nil {
		r.Extras = *in.Extras
	}
	in.claims(&r)
	err := s.store.InTx(ctx, func(tx Tx) error {
		d, err := s.editable(ctx, tx, u, datasetID)
		if err != nil {
			return err
		}
		return s.insertResource(ctx, tx, d, &r)
	})
	return r, err
}

func (s *Service) insertResource(ctx context.Context, tx Tx, d Dataset, r *Resource) error {
	n, err := tx.ResourceCount(ctx, d.ID)
	if err != nil {
		return err
	}
	r.Position = n
	if err := tx.CreateResource(ctx, *r); err != nil {
		return err
	}
	d.UpdatedAt = s.now()
	return tx.UpdateDataset(ctx, d, s.searchText(ctx, tx.Reader, d))
}

// keep writes an upload, computing size and checksum on the way, and
// checks it when it is a GTFS feed. Nothing is stored past the size limit.
func (s *Service) keep(ctx context.Context, datasetID, resourceID string, up Upload) (Version, *gtfs.Report, error) {
	if s.blobs == nil {
		return Version{}, nil, errors.New("catalog: no file store")
	}
	if err := s.checkFileType(up.Filename); err != nil {
		return Version{}, nil, err
	}
	name := safeName(up.Filename)
	v := Version{ID: account.NewUUID(), ResourceID: resourceID, Filename: name, CreatedAt: s.now()}
	v.StorageKey = "resources/" + resourceID + "/" + v.ID + "/" + name
	st, err := s.blobs.PutStream(ctx, v.StorageKey, up.Body, s.maxUpload)
	if errors.Is(err, files.ErrTooLarge) {
		return v, nil, validate.Field("file", "file.too_big")
	}
	if err != nil {
		return v, nil, err
	}
	v.Size, v.Checksum, v.SHA1 = st.Size, st.SHA256, st.SHA1
	if st.Size == 0 {
		s.blobs.Remove(ctx, v.StorageKey)
		return v, nil, validate.Field("file", "file.empty")
	}
	v.Mime = mimeOf(name, up.Mime)
	var report *gtfs.Report
	if strings.HasSuffix(name, ".zip") {
		f, err := s.blobs.Open(ctx, v.StorageKey)
		if err != nil {
			return v, nil, err
		}
		rep := gtfs.Check(f, st.Size)
		f.Close()
		report = &rep
	}
	return v, report, nil
}

// UploadResource adds a resource made of an uploaded file.
func (s *Service) UploadResource(ctx context.Context, u account.User, datasetID string, in ResourceInput, up Upload) (Resource, error) {
	if in.Title == "" {
		in.Title = up.Filename
	}
	if err := in.validate(false); err != nil {
		return Resource{}, err
	}
	// Check rights before taking the file.
	d, err := s.store.DatasetByID(ctx, datasetID)
	if err == nil {
		err = s.checkEdit(ctx, u, d)
	}
	if err != nil {
		return Resource{}, err
	}
	r := Resource{ID: account.NewUUID(), DatasetID: datasetID, Title: in.Title, Description: in.Description,
		Filetype: "file", Type: in.Type, Format: in.Format, CreatedAt: s.now(), UpdatedAt: s.now()}
	v, report, err := s.keep(ctx, datasetID, r.ID, up)
	if err != nil {
		return Resource{}, err
	}
	setFile(&r, v, report)
	err = s.store.InTx(ctx, func(tx Tx) error {
		d, err := s.editable(ctx, tx, u, datasetID)
		if err != nil {
			return err
		}
		if err := s.insertResource(ctx, tx, d, &r); err != nil {
			return err
		}
		return up.consumed(ctx, tx)
	})
	if err != nil {
		s.blobs.Remove(ctx, v.StorageKey) // the upload is not published: leave nothing behind
	}
	return r, err
}

func setFile(r *Resource, v Version, report *gtfs.Report) {
	r.StorageKey, r.Size, r.Checksum, r.Mime, r.UpdatedAt = v.StorageKey, v.Size, v.Checksum, v.Mime, v.CreatedAt
	r.SumType, r.SumValue = "sha1", v.SHA1
	r.Report = report
	if r.Format == "" {
		r.Format = strings.TrimPrefix(path.Ext(v.Filename), ".")
	}
	if report != nil && len(report.Rows) > 0 {
		r.Format = "gtfs"
	}
}

func (s *Service) checkEdit(ctx context.Context, u account.User, d Dataset) error {
	rights, err := s.Rights(ctx, u, d)
	if err != nil {
		return err
	}
	return writable(d, rights)
}

// ReplaceFile uploads a new file for a resource; the old one stays listed
// among its versions.
func (s *Service) ReplaceFile(ctx context.Context, u account.User, datasetID, resourceID string, up Upload) (Resource, error) {
	r, err := s.resourceOf(ctx, s.store.Reader, datasetID, resourceID)
	if err != nil {
		return r, err
	}
	if r.Filetype != "file" {
		return r, ErrNotUploaded
	}
	d, err := s.store.DatasetByID(ctx, datasetID)
	if err == nil {
		err = s.checkEdit(ctx, u, d)
	}
	if err != nil {
		return r, err
	}
	v, report, err := s.keep(ctx, datasetID, resourceID, up)
	if err != nil {
		return r, err
	}
	err = s.store.InTx(ctx, func(tx Tx) error {
		d, err := s.editable(ctx, tx, u, datasetID)
		if err != nil {
			return err
		}
		cur, err := s.resourceOf(ctx, tx.Reader, datasetID, resourceID)
		if err != nil {
			return err
		}
		if cur.StorageKey != "" { // a file listed by URL with its dataset has none
			old := Version{ID: account.NewUUID(), ResourceID: cur.ID, StorageKey: cur.StorageKey, Mime: cur.Mime,
				Size: cur.Size, Checksum: cur.Checksum, CreatedAt: cur.UpdatedAt, Filename: path.Base(cur.StorageKey)}
			if err := tx.AddVersion(ctx, old); err != nil {
				return err
			}
		}
		setFile(&cur, v, report)
		if up.Rename {
			cur.Title = v.Filename
		}
		if err := tx.UpdateResource(ctx, cur); err != nil {
			return err
		}
		r = cur
		d.UpdatedAt = s.now()
		if err := tx.UpdateDataset(ctx, d, s.searchText(ctx, tx.Reader, d)); err != nil {
			return err
		}
		return up.consumed(ctx, tx)
	})
	if err != nil {
		s.blobs.Remove(ctx, v.StorageKey)
	}
	return r, err
}

func (s *Service) resourceOf(ctx context.Context, rd Reader, datasetID, id string) (Resource, error) {
	r, err := rd.ResourceByID(ctx, id)
	if err != nil {
		return r, err
	}
	if r.DatasetID != datasetID {
		return r, ErrNotFound
	}
	return r, nil
}

// UpdateResource changes a resource's fields.
func (s *Service) UpdateResource(ctx context.Context, u account.User, datasetID, id string, in ResourceInput) (Resource, error) {
	var r Resource
	err := s.store.InTx(ctx, func(tx Tx) error {
		if _, err := s.editable(ctx, tx, u, datasetID); err != nil {
			return err
		}
		var err error
		if r, err = s.resourceOf(ctx, tx.Reader, datasetID, id); err != nil {
			return err
		}
		if in.Filetype != "" && in.Filetype != r.Filetype {
			return ErrFiletypeChange
		}
		if err := s.edit(&r, in); err != nil {
			return err
		}
		return tx.UpdateResource(ctx, r)
	})
	return r, err
}

// edit sets r's fields from in. A hosted file's url and format, like its
// size, checksum and type, come from the file: a client's stale copy must
// not overwrite them (udata).
func (s *Service) edit(r *Resource, in ResourceInput) error {
	if r.Filetype == "file" {
		in.URL = ""
	}
	if err := in.validate(r.Filetype == "remote"); err != nil {
		return err
	}
	if r.Filetype == "remote" {
		r.Format, r.URL = in.Format, in.URL
		in.claims(r)
	}
	r.Title, r.Description, r.Type, r.UpdatedAt = in.Title, in.Description, in.Type, s.now()
	if in.Extras != nil {
		r.Extras = *in.Extras
	}
	return nil
}

var uuidShape = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// editListed edits the resources of d that list names by id and adds the
// others as new remote resources, with ids of socle's choosing (an id is
// a permalink: a client never picks one). A resource's filetype stays as
// it was; resources left out of the list are kept.
func (s *Service) editListed(ctx context.Context, tx Tx, d Dataset, list []ResourceInput) error {
	cur, err := tx.Resources(ctx, d.ID)
	if err != nil {
		return err
	}
	byID := map[string]Resource{}
	for _, r := range cur {
		byID[r.ID] = r
	}
	for _, in := range list {
		if in.ID != "" && !uuidShape.MatchString(in.ID) {
			return validate.Field("resources", "resource.id")
		}
		r, ok := byID[strings.ToLower(in.ID)]
		if !ok {
			if err := s.addListed(ctx, tx, d, in, len(cur)); err != nil {
				return err
			}
			cur = append(cur, Resource{})
			continue
		}
		if err := s.edit(&r, in); err != nil {
			return err
		}
		if err := tx.UpdateResource(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

// addListed adds in to d, at position pos (see listedResource).
func (s *Service) addListed(ctx context.Context, tx Tx, d Dataset, in ResourceInput, pos int) error {
	r, err := s.listedResource(in, pos)
	if err != nil {
		return err
	}
	r.DatasetID = d.ID
	return tx.CreateResource(ctx, r)
}

// listedResource is a new resource given in a dataset's list, at position
// pos, as AddRemote makes one. As udata's dataset form, it may also be a
// "file" given by its URL (a file hosted elsewhere, copied from another
// portal): socle keeps its URL, checksum, size and type as given, and
// serves no file of its own for it until one is uploaded.
func (s *Service) listedResource(in ResourceInput, pos int) (Resource, error) {
	if in.Filetype == "" {
		in.Filetype = "remote"
	}
	if in.Filetype != "remote" && in.Filetype != "file" {
		return Resource{}, ErrNotRemote
	}
	if err := in.validate(true); err != nil {
		return Resource{}, err
	}
	now := s.now()
	r := Resource{ID: account.NewUUID(), Position: pos, Title: in.Title, Description: in.Description,
		Filetype: in.Filetype, Type: in.Type, Format: in.Format, URL: in.URL, CreatedAt: now, UpdatedAt: now}
	if in.Extras != nil {
		r.Extras = *in.Extras
	}
	in.claims(&r)
	return r, nil
}

// DeleteResource removes a resource and its files.
func (s *Service) DeleteResource(ctx context.Context, u account.User, datasetID, id string) error {
	var keys []string
	err := s.store.InTx(ctx, func(tx Tx) error {
		if _, err := s.editable(ctx, tx, u, datasetID); err != nil {
			return err
		}
		r, err := s.resourceOf(ctx, tx.Reader, datasetID, id)
		if err != nil {
			return err
		}
		vs, err := tx.Versions(ctx, id)
		if err != nil {
			return err
		}
		keys = append(keys, r.StorageKey)
		for _, v := range vs {
			keys = append(keys, v.StorageKey)
		}
		return tx.DeleteResource(ctx, id)
	})
	if err == nil && s.blobs != nil {
		for _, k := range keys {
			if k != "" {
				s.blobs.Remove(ctx, k) // best effort: the rows are gone, an orphan file harms nobody
			}
		}
	}
	return err
}

// Reorder sets the order of a dataset's resources; every one must appear.
func (s *Service) Reorder(ctx context.Context, u account.User, datasetID string, ids []string) error {
	items := make([]ResourceEdit, len(ids))
	for i, id := range ids {
		items[i].ID = id
	}
	return s.ReorderEdit(ctx, u, datasetID, items)
}

// ResourceEdit is one resource of udata's bulk PUT …/resources/: its place
// is its position in the list; a title or description given replaces the
// resource's.
type ResourceEdit struct {
	ID                 string
	Title, Description *string
}

// ReorderEdit orders a dataset's resources as items, every one of them
// once, and sets the titles and descriptions given, in one transaction.
func (s *Service) ReorderEdit(ctx context.Context, u account.User, datasetID string, items []ResourceEdit) error {
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ID
		if it.Title != nil {
			var v validate.Errors
			if v.Required("title", *it.Title, 350); v.Err() != nil {
				return v.Err()
			}
		}
	}
	return s.store.InTx(ctx, func(tx Tx) error {
		if _, err := s.editable(ctx, tx, u, datasetID); err != nil {
			return err
		}
		cur, err := tx.Resources(ctx, datasetID)
		if err != nil {
			return err
		}
		if err := checkOrder(cur, ids); err != nil {
			return err
		}
		for i, id := range ids {
			if err := tx.SetResourcePosition(ctx, id, i); err != nil {
				return err
			}
		}
		return s.editResources(ctx, tx, cur, items)
	})
}

// OrderError is a reorder that does not give every resource of the
// dataset once: how many it gave, and the dataset's resources (udata's
// message names both).
type OrderError struct {
	validate.Errors
	Given int
	IDs   []string
}

// checkOrder: ids are the ids of cur, each once.
func checkOrder(cur []Resource, ids []string) error {
	e := &OrderError{Given: len(ids)}
	want := map[string]bool{}
	for _, r := range cur {
		want[r.ID] = true
		e.IDs = append(e.IDs, r.ID)
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if !want[id] || seen[id] {
			e.Add("resources", "resources.order")
			return e
		}
		seen[id] = true
	}
	if len(seen) != len(want) {
		e.Add("resources", "resources.order")
		return e
	}
	return nil
}

// editResources sets the titles and descriptions items give.
func (s *Service) editResources(ctx context.Context, tx Tx, cur []Resource, items []ResourceEdit) error {
	byID := map[string]Resource{}
	for _, r := range cur {
		byID[r.ID] = r
	}
	for i, it := range items {
		if it.Title == nil && it.Description == nil {
			continue
		}
		r := byID[it.ID]
		r.Position = i
		if it.Title != nil {
			r.Title = strings.TrimSpace(*it.Title)
		}
		if it.Description != nil {
			r.Description = *it.Description
		}
		r.UpdatedAt = s.now()
		if err := tx.UpdateResource(ctx, r); err != nil {
			return err
		}
	}
	return nil
}

// Resources lists a dataset's resources in order.
func (s *Service) Resources(ctx context.Context, datasetID string) ([]Resource, error) {
	return s.store.Resources(ctx, datasetID)
}

// Versions lists the earlier files of a resource, newest first.
func (s *Service) Versions(ctx context.Context, resourceID string) ([]Version, error) {
	return s.store.Versions(ctx, resourceID)
}

// Resource returns a resource with its dataset, as u may see it (see Get:
// a deleted dataset's resources only to those who could edit it).
func (s *Service) Resource(ctx context.Context, u account.User, id string) (Resource, Dataset, error) {
	r, err := s.store.ResourceByID(ctx, id)
	if err != nil {
		return r, Dataset{}, err
	}
	d, err := s.Get(ctx, u, r.DatasetID)
	return r, d, err
}

// FileURL is where an uploaded resource's current file is served.
func (s *Service) FileURL(r Resource) string {
	if r.StorageKey == "" || s.blobs == nil {
		return r.URL
	}
	return s.blobs.URL(r.StorageKey)
}

// FileURLOf is where the stored file of key is served.
func (s *Service) FileURLOf(key string) string {
	if s.blobs == nil {
		return ""
	}
	return s.blobs.URL(key)
}

// safeName keeps a file name readable and harmless in a storage key.
func safeName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	ext := strings.ToLower(path.Ext(name))
	base := slug.Make(strings.TrimSuffix(name, path.Ext(name)), 80, "fichier")
	if !plainExt(ext) {
		ext = "" // it would need escaping in the file's URL, or is no extension ("a.", "a.<x>")
	}
	return base + ext
}

// plainExt reports whether ext is a dot and 1 to 9 ASCII letters or digits.
func plainExt(ext string) bool {
	if len(ext) < 2 || len(ext) > 10 {
		return false
	}
	for _, c := range ext[1:] {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

func mimeOf(name, given string) string {
	// the bare type, as udata gives it: "text/plain", not "…; charset=utf-8"
	if t, _, err := mime.ParseMediaType(mime.TypeByExtension(path.Ext(name))); err == nil {
		return t
	}
	if given != "" && !strings.Contains(given, "\n") {
		return given
	}
	return "application/octet-stream"
}

// EncodeReport encodes a report for storage.
func EncodeReport(r *gtfs.Report) string {
	if r == nil {
		return ""
	}
	var b bytes.Buffer
	json.NewEncoder(&b).Encode(r)
	return b.String()
}

// ParseReport decodes a stored report.
func ParseReport(s string) *gtfs.Report {
	if s == "" {
		return nil
	}
	var r gtfs.Report
	if json.Unmarshal([]byte(s), &r) != nil {
		return nil
	}
	return &r
}

// FileAccess decides whether u may download the stored file of key: a
// resource's file is readable by whoever may see its dataset, and cacheable
// by shared caches only when anyone may; the parts of chunked uploads by
// nobody. Other files (logos) are public.
func (s *Service) FileAccess(ctx context.Context, u account.User, key string) (public bool, err error) {
	parts := strings.Split(strings.TrimPrefix(key, "/"), "/")
	if parts[0] == "chunks" {
		return false, ErrNotFound // the parts of an upload are no file of the catalog: never served
	}
	if len(parts) != 4 || parts[0] != "resources" {
		return true, nil
	}
	_, d, err := s.Resource(ctx, u, parts[1])
	if err == nil && d.Deleted() {
		err = ErrDeleted // no downloads once deleted, even for its editors
	}
	if err != nil {
		return false, err
	}
	return d.Public(), nil // what an anonymous visitor may see (RightsOn)
}
