package catalog

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/socle-portal/socle/internal/directory"
	"github.com/socle-portal/socle/internal/slug"
)

// BenchmarkIndexMillion builds the index of a million datasets shaped as
// socle-load makes them (a theme, an authority's name, "Données publiées
// par" it), reports the heap it takes, and times searches and deep pages:
//
//	go test -run '^$' -bench BenchmarkIndexMillion -benchtime 200x ./internal/catalog
func BenchmarkIndexMillion(b *testing.B) {
	dir, err := directory.Load()
	if err != nil {
		b.Fatal(err)
	}
	all := dir.All()
	themes := []string{"Horaires des bus", "Arrêts de transport en commun", "Aménagements cyclables",
		"Stationnement", "Bornes de recharge", "Budget primitif", "Délibérations du conseil", "Qualité de l'air",
		"Équipements sportifs", "Écoles et cantines", "Marchés publics", "Adresses", "Trafic routier",
		"Parkings relais", "Réseau GTFS", "Déchets et collecte"}
	const n = 1_000_000
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	base := time.Now().Add(-n * time.Minute)
	keys := make([]slotKey, n)
	for i := range keys {
		keys[i], _ = keyOf(fmt.Sprintf("%024x", i), base.Add(time.Duration(i)*time.Minute))
	}
	ix := newDatasetIndex(1, keys)
	words := map[string]*slotSet{}
	for i := range n {
		o := all[i%len(all)]
		title := themes[(i/len(all))%len(themes)] + " - " + o.Name
		text := strings.ReplaceAll(slug.Make(title+" "+o.Name+" Données publiées par "+o.Name+".", 20000, ""), "-", " ")
		k, _ := keyOf(fmt.Sprintf("%024x", i), base.Add(time.Duration(i)*time.Minute))
		slot, _ := ix.slotOf(k)
		ix.put(slot, indexRow{ID: fmt.Sprintf("%024x", i), OrgID: o.SIREN + "x", SearchText: text}, words)
	}
	ix.seal(words)
	words = nil
	built := time.Since(start)
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.Logf("built in %s: %d words, heap %d MB, SizeInBytes %d MB", built.Round(time.Millisecond), len(ix.words),
		(after.HeapAlloc-before.HeapAlloc)>>20, ix.SizeInBytes()>>20)
	for _, q := range []string{"bus", "saint", "communaute de communes", "horaires saint etienne", "s", ""} {
		for _, page := range []int{1, 5000} {
			b.Run(fmt.Sprintf("%s/page-%d", strings.ReplaceAll(q, " ", "_"), page), func(b *testing.B) {
				var total int
				for b.Loop() {
					_, total = ix.search(strings.Fields(q), indexScope{}, page, 20, nil)
				}
				b.ReportMetric(float64(total), "total")
			})
		}
	}
	// A catch-up of one change: a dataset's title changed.
	b.Run("apply-one-change", func(b *testing.B) {
		id := fmt.Sprintf("%024x", n/2)
		at := base.Add(time.Duration(n/2) * time.Minute)
		i := 0
		for b.Loop() {
			i++
			row := indexRow{ID: id, CreatedAt: at, OrgID: all[0].SIREN + "x", SearchText: fmt.Sprintf("titre %d", i%2)}
			c := change{ID: id, Was: at, Known: true, Words: fmt.Sprintf("titre %d", (i+1)%2), Org: row.OrgID}
			u, ok := ix.prepare(int64(i+1), []change{c}, []indexRow{row})
			if !ok {
				b.Fatal("prepare refused")
			}
			ix.apply(u)
		}
	})
	runtime.KeepAlive(ix)
}
