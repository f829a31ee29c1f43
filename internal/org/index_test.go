package org

import (
	"fmt"
	"reflect"
	"testing"
)

func row(id, name, acronym, siren string) IndexRow {
	words := searchWords(name + " " + acronym)
	text := fmt.Sprint(words)
	text = text[1 : len(text)-1]
	if siren != "" {
		text += " " + siren
	}
	return IndexRow{ID: id, Name: name, NameKey: NameKey(name), Acronym: acronym, SearchText: text}
}

func TestSearchIndex(t *testing.T) {
	ix := newSearchIndex(1, []IndexRow{
		row("1", "Saint-Étienne", "", "214202186"),
		row("2", "Saint-Étienne Métropole", "SEM", "244200770"),
		row("3", "Saint-Étienne-de-Tulmont", "", "218202547"),
		row("4", "Sainte-Marie", "", "219744075"),
		row("5", "Métropole du Grand Paris", "MGP", "200054781"),
		row("6", "Grand Paris Sud Est Avenir", "GPSEA", "200058014"),
		row("7", "Communauté de communes du Val de Saône", "SEM", ""),
	})
	tests := []struct {
		name, q    string
		page, size int
		want       []string
		total      int
	}{
		{"exact name first, then shortest names", "saint etienne", 1, 10, []string{"1", "2", "3"}, 3},
		{"a word and the start of the next", "saint et", 1, 10, []string{"1", "2", "3"}, 3},
		{"prefix of a word, shortest names first", "sain", 1, 10, []string{"4", "1", "2", "3"}, 4},
		{"accents and case do not matter", "MÉTROPOLE", 1, 10, []string{"2", "5"}, 2},
		{"exact name before shorter ones", "metropole du grand paris", 1, 10, []string{"5"}, 1},
		{"exact acronym first", "sem", 1, 10, []string{"2", "7"}, 2},
		{"SIREN", "200054781", 1, 10, []string{"5"}, 1},
		{"start of a SIREN", "2000", 1, 10, []string{"5", "6"}, 2},
		{"every word must match", "grand saone", 1, 10, nil, 0},
		{"second page", "sain", 2, 2, []string{"2", "3"}, 4},
		{"past the end", "sain", 3, 2, nil, 4},
		{"only punctuation", "--", 1, 10, nil, 0},
		{"page 0 is the first", "sem", 0, 1, []string{"2"}, 2},
		{"unknown word", "zzz", 1, 10, nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, total := ix.search(tt.q, tt.page, tt.size)
			if !reflect.DeepEqual(got, tt.want) || total != tt.total {
				t.Errorf("search(%q, %d, %d) = %v, %d; want %v, %d", tt.q, tt.page, tt.size, got, total, tt.want, tt.total)
			}
		})
	}
}

// TestSearchIndexLarge crosses the 64-row words of the sets.
func TestSearchIndexLarge(t *testing.T) {
	var rows []IndexRow
	for i := range 1000 {
		rows = append(rows, row(fmt.Sprint(i), fmt.Sprintf("Commune %04d", i), "", ""))
	}
	ix := newSearchIndex(1, rows)
	got, total := ix.search("commune 09", 1, 200)
	if total != 100 || len(got) != 100 || got[0] != "900" || got[99] != "999" {
		t.Fatalf("got %d of %d: %v", len(got), total, got)
	}
}
