package web

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// brand is the operator's look: logo, favicon, primary colour. Files are
// read once at start and served from memory under /brand/, their URLs
// carrying a content hash so that browsers may keep them.
type brand struct {
	logoURL, faviconURL, themeURL string
	imgOrigin                     string // a remote logo's origin, allowed by the CSP
	files                         map[string]brandFile
}

type brandFile struct {
	body  []byte
	ctype string
}

// maxBrandFile bounds a logo or favicon: they are kept in memory.
const maxBrandFile = 1 << 20

var hexColor = regexp.MustCompile(`^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

// brandTypes are the image types a logo or favicon may be, by extension.
var brandTypes = map[string]string{".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
	".jpeg": "image/jpeg", ".webp": "image/webp", ".gif": "image/gif", ".ico": "image/x-icon"}

// loadBrand checks and reads the operator's logo, favicon and colour.
func loadBrand(cfg Config) (*brand, error) {
	b := &brand{faviconURL: "/static/favicon.svg", files: map[string]brandFile{}}
	var err error
	switch l := cfg.Logo; {
	case l == "":
	case strings.HasPrefix(l, "https://"):
		u, perr := url.Parse(l)
		if perr != nil || u.Host == "" {
			return nil, fmt.Errorf("logo %q: not a URL", l)
		}
		b.logoURL, b.imgOrigin = l, "https://"+u.Host
	case strings.Contains(l, "://"):
		return nil, fmt.Errorf("logo %q: want an https:// URL, a file socle serves (/files/…) or an image file", l)
	case strings.HasPrefix(l, "/files/"), strings.HasPrefix(l, "/static/"):
		b.logoURL = l // served by socle: an uploaded file
	default:
		b.logoURL, err = b.add("logo", l)
	}
	if err == nil && cfg.Favicon != "" {
		b.faviconURL, err = b.add("favicon", cfg.Favicon)
	}
	if err == nil && cfg.PrimaryColor != "" {
		err = b.theme(cfg.PrimaryColor)
	}
	return b, err
}

// add reads an image file and returns the URL it is served at.
func (b *brand) add(name, path string) (string, error) {
	ctype, ok := brandTypes[strings.ToLower(filepath.Ext(path))]
	if !ok {
		return "", fmt.Errorf("%s %q: want an .svg, .png, .jpg, .webp, .gif or .ico file, or an https:// URL", name, path)
	}
	body, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("%s: %w", name, err)
	}
	if len(body) > maxBrandFile {
		return "", fmt.Errorf("%s %q: larger than 1 MiB", name, path)
	}
	b.files[name] = brandFile{body, ctype}
	return "/brand/" + name + "?v=" + hash(body), nil
}

// theme makes the style sheet that gives the portal its primary colour. The
// colour carries white text (buttons), so it must contrast with white as
// WCAG's level AA asks for text (4.5:1).
func (b *brand) theme(color string) error {
	if !hexColor.MatchString(color) {
		return fmt.Errorf("primary colour %q: want #rrggbb or #rgb", color)
	}
	rgb := parseHex(color)
	if c := contrast(rgb, [3]float64{255, 255, 255}); c < 4.5 {
		return fmt.Errorf("primary colour %s: contrast with white text is %.1f:1, want at least 4.5:1 (a darker colour)", color, c)
	}
	var hover [3]float64
	for i, v := range rgb {
		hover[i] = v * 0.8 // darker: keeps the contrast
	}
	css := fmt.Sprintf(":root { --primary: %s; --primary-hover: #%02x%02x%02x; }\n", strings.ToLower(color),
		int(hover[0]), int(hover[1]), int(hover[2]))
	b.files["theme.css"] = brandFile{[]byte(css), "text/css; charset=utf-8"}
	b.themeURL = "/brand/theme.css?v=" + hash([]byte(css))
	return nil
}

func parseHex(c string) [3]float64 {
	h := c[1:]
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	var out [3]float64
	for i := range out {
		v, _ := strconv.ParseUint(h[2*i:2*i+2], 16, 8)
		out[i] = float64(v)
	}
	return out
}

// contrast is WCAG 2's contrast ratio of two sRGB colours.
func contrast(a, b [3]float64) float64 {
	la, lb := luminance(a), luminance(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}

func luminance(c [3]float64) float64 {
	var l [3]float64
	for i, v := range c {
		v /= 255
		if v <= 0.03928 {
			l[i] = v / 12.92
		} else {
			l[i] = math.Pow((v+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*l[0] + 0.7152*l[1] + 0.0722*l[2]
}

func hash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:6])
}

// serveBrand serves /brand/{name}. An operator's SVG is shown as an image,
// never run as a document: no script, sandboxed.
func (s *Server) serveBrand(w http.ResponseWriter, r *http.Request) {
	f, ok := s.cfg.brand.files[r.PathValue("name")]
	if !ok {
		s.notFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ctype)
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
	w.Write(f.body)
}

// favicon answers browsers that ask /favicon.ico whatever the page says.
func (s *Server) favicon(w http.ResponseWriter, r *http.Request) {
	http.Redirect(w, r, s.cfg.brand.faviconURL, http.StatusFound)
}

// LogoURL is the operator's logo, or "".
func (c Config) LogoURL() string { return c.brand.logoURL }

// FaviconURL is the favicon: the operator's, else socle's.
func (c Config) FaviconURL() string { return c.brand.faviconURL }

// ThemeURL is the style sheet of the operator's colour, or "".
func (c Config) ThemeURL() string { return c.brand.themeURL }
