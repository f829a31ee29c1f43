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
	"io"
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
type Directory struct {
	list  []Authority
	zones map[string]int // zone id → index in list
}

// Load parses the embedded directory.
func Load() (*Directory, error) {
	r := csv.NewReader(bytes.NewReader(raw))
	header, err := r.Read()
	if err != nil || strings.Join(header, ",") != "kind,code,siren,name,population,departement,region" {
		return nil, fmt.Errorf("directory: unexpected header %v (%v)", header, err)
	}
	d := &Directory{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("directory: %w", err)
		}
		pop, _ := strconv.Atoi(rec[4])
		d.list = append(d.list, Authority{Kind: rec[0], Code: rec[1], SIREN: rec[2], Name: rec[3], Population: pop,
			Departement: rec[5], Region: rec[6], folded: " " + strings.ReplaceAll(slug.Make(rec[3], 500, ""), "-", " ") + " "})
	}
	d.zones = make(map[string]int, len(d.list))
	for i, a := range d.list {
		d.zones[a.ZoneID()] = i
	}
	return d, nil
}

// ZoneID is how datasets name an authority as spatial coverage, as udata's
// geozones: "fr:commune:35238", "fr:epci:200054781", "fr:departement:35".
func (a Authority) ZoneID() string { return "fr:" + a.Kind + ":" + a.Code }

// HasZone reports whether id names an authority of the directory.
func (d *Directory) HasZone(id string) bool {
	if d.zones == nil {
		return false
	}
	_, ok := d.zones[id]
	return ok
}

// Zone returns the authority zone id names.
func (d *Directory) Zone(id string) (Authority, bool) {
	i, ok := d.zones[id]
	if !ok {
		return Authority{}, false
	}
	return d.list[i], true
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
func (d *Directory) All() []Authority { return d.list }

// Suggest returns at most n authorities whose name has every word of q as
// the start of a word (or whose SIREN starts with q), largest first.
func (d *Directory) Suggest(q string, n int) []Authority {
	words := strings.Fields(strings.ReplaceAll(slug.Make(q, 200, ""), "-", " "))
	if len(words) == 0 || n <= 0 {
		return nil
	}
	digits := strings.Join(words, "")
	var out []Authority
	for _, a := range d.list {
		if matches(a, words, digits) {
			out = append(out, a)
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

func matches(a Authority, words []string, digits string) bool {
	if a.SIREN != "" && len(digits) >= 3 && strings.HasPrefix(a.SIREN, digits) {
		return true
	}
	for _, w := range words {
		if !strings.Contains(a.folded, " "+w) {
			return false
		}
	}
	return true
}

func exact(a Authority, words []string) bool {
	return strings.TrimSpace(a.folded) == strings.Join(words, " ")
}
