package web

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/socle-portal/socle/internal/directory"
)

// zone is a spatial zone as pages show it: the authority's name, its kind
// and department, or the id itself when the directory does not know it.
type zone struct {
	ID, Name, Kind, Departement string
}

func zoneOf(d *directory.Directory) func(id string) zone {
	return func(id string) zone {
		if d != nil {
			if a, ok := d.Zone(id); ok {
				return zone{ID: id, Name: a.Name, Kind: a.Kind, Departement: a.Departement}
			}
		}
		return zone{ID: id, Name: id}
	}
}

// Zone names zone id in the visitor's language: "Rennes (commune, 35)".
func (p *page) Zone(id string) string {
	z := p.site.zone(id)
	if z.Kind == "" {
		return z.Name
	}
	extra := p.T(fmt.Sprintf("zone.kind.%s", z.Kind))
	if z.Departement != "" {
		extra += ", " + z.Departement
	}
	return z.Name + " (" + extra + ")"
}

// ZoneLabels are the labels of the zones typed in the form's "zones" field,
// as JSON for the zone picker (static/zones.js).
func (p *page) ZoneLabels() string {
	labels := map[string]string{}
	for _, id := range strings.Split(p.Form.Get("zones"), ",") {
		if id = strings.TrimSpace(id); id != "" {
			labels[id] = p.Zone(id)
		}
	}
	b, _ := json.Marshal(labels)
	return string(b)
}

// ZoneKinds names the kinds of zones for the zone picker, as JSON.
func (p *page) ZoneKinds() string {
	kinds := map[string]string{}
	for _, k := range []string{"region", "departement", "epci", "commune"} {
		kinds[k] = p.T(fmt.Sprintf("zone.kind.%s", k))
	}
	b, _ := json.Marshal(kinds)
	return string(b)
}
