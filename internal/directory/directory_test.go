package directory

import (
	"slices"
	"testing"
)

func TestLoadAndSuggest(t *testing.T) {
	d, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != 36359 {
		t.Fatalf("%d authorities, want 36359", d.Len())
	}
	for _, q := range []string{"metropole grand paris", "Métropole du Grand Paris", "grand-paris metro", "200054781"} {
		got := d.Suggest(q, 5)
		if len(got) == 0 || got[0].SIREN != "200054781" || got[0].Name != "Métropole du Grand Paris" {
			t.Errorf("%q: %+v", q, got)
		}
	}
	if got := d.Suggest("paris", 3); len(got) == 0 || got[0].Name != "Paris" {
		t.Errorf("paris: exact name first, got %+v", got)
	}
	if got := d.Suggest("abergement clem", 3); len(got) == 0 || got[0].Name != "L'Abergement-Clémenciat" {
		t.Errorf("accents and apostrophes: %+v", got)
	}
	if !d.HasZone("fr:epci:200054781") || !d.HasZone("fr:departement:35") || d.HasZone("fr:commune:99999") {
		t.Error("zones")
	}
	if got := d.Suggest("", 3); got != nil {
		t.Errorf("empty query: %+v", got)
	}
}

func BenchmarkSuggest(b *testing.B) {
	d, _ := Load()
	b.ReportAllocs()
	for b.Loop() {
		d.Suggest("grand paris", 10)
	}
}

func TestWithin(t *testing.T) {
	d, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		zone string
		want []string
	}{
		{"fr:commune:35238", []string{"fr:departement:35", "fr:region:53"}}, // Rennes
		{"fr:departement:35", []string{"fr:region:53"}},
		{"fr:region:53", nil},
		{"fr:epci:243500139", nil},
		{"fr:commune:00000", nil},
	}
	for _, tt := range tests {
		if got := d.Within(tt.zone); !slices.Equal(got, tt.want) {
			t.Errorf("Within(%s) = %v, want %v", tt.zone, got, tt.want)
		}
	}
	if a, ok := d.Zone("fr:commune:35238"); !ok || a.Name != "Rennes" {
		t.Errorf("Zone(Rennes) = %+v, %v", a, ok)
	}
}

// TestEveryZoneFindsItself checks the offsets of the compact form: each
// authority read back by its zone id is the one listed.
func TestEveryZoneFindsItself(t *testing.T) {
	d, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range d.All() {
		if got, ok := d.Zone(a.ZoneID()); !ok || got != a {
			t.Fatalf("Zone(%s) = %+v, %v; want %+v", a.ZoneID(), got, ok, a)
		}
	}
	if a, _ := d.Zone("fr:epci:200006682"); a.Name != "CA Beaune, Côte et Sud - Communauté Beaune-Chagny-Nolay" || a.Population != 52024 || a.SIREN != "200006682" || a.Kind != "epci" {
		t.Errorf("a quoted name: %+v", a)
	}
}

// BenchmarkZone is the lookup pages make for each zone a dataset covers.
func BenchmarkZone(b *testing.B) {
	d, _ := Load()
	b.ReportAllocs()
	for b.Loop() {
		d.Zone("fr:commune:35238")
	}
}
