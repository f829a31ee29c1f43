// Package directory is the official directory of French local authorities
// (regions, departments, inter-municipal bodies, communes), shipped inside
// socle, so that people creating an organization pick its official name and
// SIREN instead of typing them.
package directory

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"hash/maphash"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/socle-portal/socle/internal/slug"
)

// The data come from Etalab's @etalab/decoupage-administratif 6.0.0 (MIT);
// see ATTRIBUTION.md.
//
//go:embed collectivites.csv
var raw []byte

// Authority is one local authority.
type Authority struct {
	Kind        string // region, departement, epci, commune
	Code        string // INSEE code
	SIREN       string // empty for regions and departments
	Name        string
	Population  int
	Departement string // code of the department (communes)
	Region      string // code of the region (communes, departments)
	folded      string // folded name, words separated by spaces
}

// Directory holds every authority, searchable by name words and SIREN.
// The authorities' texts are one string and each authority 16 bytes of
// offsets into it: the directory stays in memory for the process's life,
// and held as 36,000 structs and a map of their zone ids it took 9.6 MB of
// heap; this way, 2.9 MB (a map of zone ids alone took 2.4 MB: zones is an
// open-addressing table of 4 bytes a slot instead).
type Directory struct {
	text  string  // per authority: zone id, SIREN, name, department, region, folded name
	list  []entry // in the file's order
	zones []int32 // hash table of zone ids: 1 + index in list, 0 for a free slot
	seed  maphash.Seed
}

// entry locates an authority's fields in Directory.text, one after the
// other from off.
type entry struct {
	off                       uint32
	pop                       uint32
	zone, siren, dept, region uint8
	name, folded              uint16
}

// Load parses the embedded directory.
func Load() (*Directory, error) {
	r := csv.NewReader(bytes.NewReader(raw))
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil || strings.Join(header, ",") != "kind,code,siren,name,population,departement,region" {
		return nil, fmt.Errorf("directory: unexpected header %v (%v)", header, err)
	}
	var b strings.Builder
	b.Grow(len(raw) * 5 / 4)
	var list []entry
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("directory: %w", err)
		}
		pop, _ := strconv.Atoi(rec[4])
		zone := "fr:" + rec[0] + ":" + rec[1]
		folded := " " + strings.ReplaceAll(slug.Make(rec[3], 500, ""), "-", " ") + " "
		if len(zone) > 255 || len(rec[3]) > 65535 || len(folded) > 65535 || len(rec[2]) > 255 || len(rec[5]) > 255 || len(rec[6]) > 255 {
			return nil, fmt.Errorf("directory: a field of %s is too long", zone)
		}
		e := entry{off: uint32(b.Len()), pop: uint32(pop), zone: uint8(len(zone)), siren: uint8(len(rec[2])),
			dept: uint8(len(rec[5])), region: uint8(len(rec[6])), name: uint16(len(rec[3])), folded: uint16(len(folded))}
		for _, f := range []string{zone, rec[2], rec[3], rec[5], rec[6], folded} {
			b.WriteString(f)
		}
		list = append(list, e)
	}
	// A copy, without the builder's spare capacity.
	d := &Directory{text: strings.Clone(b.String()), list: slices.Clip(list), seed: maphash.MakeSeed()}
	size := 1
	for size < len(list)*3/2+1 { // linear probing stays short below 3/4 full
		size *= 2
	}
	d.zones = make([]int32, size)
	for i := range d.list {
		h, mask := d.hash(d.zoneID(i)), len(d.zones)-1
		for d.zones[h] != 0 {
			h = (h + 1) & mask
		}
		d.zones[h] = int32(i) + 1
	}
	return d, nil
}

func (d *Directory) hash(id string) int {
	return int(maphash.String(d.seed, id) & uint64(len(d.zones)-1))
}

func (d *Directory) zoneID(i int) string {
	e := d.list[i]
	return d.text[e.off : e.off+uint32(e.zone)]
}

// find returns the index of the authority zone id names, or -1.
func (d *Directory) find(id string) int {
	if len(d.zones) == 0 {
		return -1
	}
	mask := len(d.zones) - 1
	for h := d.hash(id); d.zones[h] != 0; h = (h + 1) & mask {
		if i := int(d.zones[h]) - 1; d.zoneID(i) == id {
			return i
		}
	}
	return -1
}

// at builds the i-th authority; its strings are parts of d.text.
func (d *Directory) at(i int) Authority {
	e := d.list[i]
	s := d.text[e.off:]
	next := func(n uint16) string {
		f := s[:n]
		s = s[n:]
		return f
	}
	zone := next(uint16(e.zone))
	kind, code, _ := strings.Cut(zone[len("fr:"):], ":")
	return Authority{Kind: kind, Code: code, SIREN: next(uint16(e.siren)), Name: next(e.name), Population: int(e.pop),
		Departement: next(uint16(e.dept)), Region: next(uint16(e.region)), folded: next(e.folded)}
}

// ZoneID is how datasets name an authority as spatial coverage, as udata's
// geozones: "fr:commune:35238", "fr:epci:200054781", "fr:departement:35".
func (a Authority) ZoneID() string { return "fr:" + a.Kind + ":" + a.Code }

// HasZone reports whether id names an authority of the directory.
func (d *Directory) HasZone(id string) bool {
	return d.find(id) >= 0
}

// Zone returns the authority zone id names.
func (d *Directory) Zone(id string) (Authority, bool) {
	i := d.find(id)
	if i < 0 {
		return Authority{}, false
	}
	return d.at(i), true
}

// Within returns the zones that contain zone id, nearest first: a commune
// lies in its department and its region, a department in its region. The
// directory does not say which communes an inter-municipal body groups, so
// an EPCI lies in nothing here.
func (d *Directory) Within(id string) []string {
	a, ok := d.Zone(id)
	if !ok {
		return nil
	}
	var out []string
	if a.Kind == "commune" && a.Departement != "" {
		out = append(out, "fr:departement:"+a.Departement)
	}
	if (a.Kind == "commune" || a.Kind == "departement") && a.Region != "" {
		out = append(out, "fr:region:"+a.Region)
	}
	return out
}

// Len is the number of authorities.
func (d *Directory) Len() int { return len(d.list) }

// All returns every authority, for demo data and benchmarks.
func (d *Directory) All() []Authority {
	out := make([]Authority, len(d.list))
	for i := range d.list {
		out[i] = d.at(i)
	}
	return out
}

// Suggest returns at most n authorities whose name has every word of q as
// the start of a word (or whose SIREN starts with q), largest first.
func (d *Directory) Suggest(q string, n int) []Authority {
	words := strings.Fields(strings.ReplaceAll(slug.Make(q, 200, ""), "-", " "))
	if len(words) == 0 || n <= 0 {
		return nil
	}
	digits := strings.Join(words, "")
	var out []Authority
	for i, e := range d.list {
		siren := d.text[e.off+uint32(e.zone):][:e.siren]
		folded := d.text[e.off+uint32(e.zone)+uint32(e.siren)+uint32(e.name)+uint32(e.dept)+uint32(e.region):][:e.folded]
		if matches(siren, folded, words, digits) {
			out = append(out, d.at(i))
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		ei, ej := exact(out[i], words), exact(out[j], words)
		if ei != ej {
			return ei
		}
		return out[i].Population > out[j].Population
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

func matches(siren, folded string, words []string, digits string) bool {
	if siren != "" && len(digits) >= 3 && strings.HasPrefix(siren, digits) {
		return true
	}
	for _, w := range words {
		if !strings.Contains(folded, " "+w) {
			return false
		}
	}
	return true
}

func exact(a Authority, words []string) bool {
	return strings.TrimSpace(a.folded) == strings.Join(words, " ")
}
