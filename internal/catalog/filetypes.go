package catalog

import (
	"path"
	"slices"
	"strings"

	"github.com/socle-portal/socle/internal/validate"
)

// DefaultExtensions are the file extensions an upload may have unless the
// operator says otherwise: udata's ALLOWED_RESOURCES_EXTENSIONS, archives
// first, in udata's order, then the eight its file storage accepts besides
// (flask-storage's default allow list, which udata does not override), so
// that every file udata takes is taken.
var DefaultExtensions = append(udataExtensions, "odf", "gnumeric", "abw", "bmp", "ini", "plist", "yaml", "yml")

var udataExtensions = []string{
	"tar", "gz", "tgz", "rar", "zip", "7z", "xz", "bz2",
	"csv", "txt", "json", "pdf", "xml", "rtf", "xsd",
	"ods", "odt", "odp", "odg",
	"xls", "xlsx", "doc", "docx", "pps", "ppt",
	"jpeg", "jpg", "jpe", "gif", "png", "dwg", "svg", "tiff", "ecw", "svgz", "jp2", "webp",
	"shp", "kml", "kmz", "gpx", "shx", "ovr", "geojson", "gpkg",
	"grib2",
	"rdf", "ttl", "n3",
	"dbf", "prj", "sql", "sqlite", "db", "epub", "sbn", "sbx", "cpg", "lyr", "owl", "dxf", "ics", "ssim", "other",
}

// DefaultMimes are the MIME types suggested to those who describe a
// resource: udata's ALLOWED_RESOURCES_MIMES. As in udata they only feed
// suggestions; an upload's type comes from its extension.
var DefaultMimes = []string{
	"text/csv", "application/json", "application/pdf", "application/msword", "application/vnd",
	"application/vnd.geo+json", "application/zip", "application/x-tar", "application/x-bzip", "application/x-bzip2",
	"application/x-7z-compressed", "application/x-rar-compressed", "application/epub+zip", "application/rtf",
	"application/rdf+xml", "application/xml", "application/xhtml+xml", "image/bmp", "image/jpeg", "image/png",
	"image/svg+xml", "image/webp", "text/html", "text/calendar", "text/plain", "text/xml", "text/turtle",
}

// FileTypes is the operator's policy on uploaded files.
type FileTypes struct {
	Extensions []string // an upload's last extension must be one of these (lower case, no dot)
	Mimes      []string // suggested MIME types
}

// DefaultFileTypes is udata's policy.
func DefaultFileTypes() FileTypes {
	return FileTypes{Extensions: slices.Clone(DefaultExtensions), Mimes: slices.Clone(DefaultMimes)}
}

// SetFileTypes sets the policy on uploaded files; before it, udata's.
func (s *Service) SetFileTypes(ft FileTypes) { s.types = &ft }

func (s *Service) fileTypes() FileTypes {
	if s.types == nil {
		return FileTypes{Extensions: DefaultExtensions, Mimes: DefaultMimes}
	}
	return *s.types
}

// Extensions lists the allowed extensions, sorted (udata's
// /datasets/extensions/).
func (s *Service) Extensions() []string {
	out := slices.Clone(s.fileTypes().Extensions)
	slices.Sort(out)
	return out
}

// SuggestFormats and SuggestMimes are the allowed extensions and the
// suggested MIME types containing q: at most size of them, in the list's
// order, then the shortest first (udata's suggest/formats and
// suggest/mime).
func (s *Service) SuggestFormats(q string, size int) []string {
	return suggestIn(s.fileTypes().Extensions, q, size)
}

func (s *Service) SuggestMimes(q string, size int) []string {
	return suggestIn(s.fileTypes().Mimes, q, size)
}

func suggestIn(list []string, q string, size int) []string {
	out := []string{}
	for _, x := range list {
		if strings.Contains(x, q) {
			out = append(out, x)
		}
	}
	// the shortest matches, not the first ones of the list
	slices.SortStableFunc(out, func(a, b string) int { return len(a) - len(b) })
	return out[:min(len(out), size)]
}

// checkFileType refuses a file name whose last extension (lower case) is
// not allowed, as udata's storage does; a name without one is refused too.
func (s *Service) checkFileType(name string) error {
	ext := strings.ToLower(strings.TrimPrefix(path.Ext(path.Base(strings.ReplaceAll(name, "\\", "/"))), "."))
	if ext == "" || !slices.Contains(s.fileTypes().Extensions, ext) {
		return validate.Field("file", FileTypeRefused)
	}
	return nil
}

// FileTypeRefused is the problem key of an upload whose extension is not
// allowed; the API answers it with udata's words.
const FileTypeRefused = "file.type_refused"
