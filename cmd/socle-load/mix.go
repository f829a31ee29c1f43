package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"

	"github.com/socle-portal/socle/internal/directory"
	"github.com/socle-portal/socle/internal/slug"
)

// commonWords are what people type in a portal's search box when they
// browse rather than look for one body.
var commonWords = []string{"saint", "val", "communaute de communes", "sur", "la", "metropole", "agglomeration",
	"le", "les", "mont", "saint martin", "pays", "ville", "grand", "communaute d agglomeration", "bourg",
	"port", "montagne", "vallee", "lac"}

// queryMix is 483 organization searches of the kinds people type: whole
// names without accents, a first word and the start of the next, SIRENs
// and common words. The same seed gives the same mix on every run.
func queryMix(dir *directory.Directory) []string {
	r := rand.New(rand.NewPCG(14, 483))
	all := dir.All()
	pick := func() directory.Authority { return all[r.IntN(len(all))] }
	words := func(a directory.Authority) []string {
		return strings.Fields(strings.ReplaceAll(slug.Make(a.Name, 200, ""), "-", " "))
	}
	var out []string
	for len(out) < 160 {
		out = append(out, strings.Join(words(pick()), " "))
	}
	for len(out) < 280 {
		w := words(pick())
		if len(w) < 2 || len(w[1]) < 2 {
			continue
		}
		out = append(out, w[0]+" "+w[1][:1+r.IntN(len(w[1])-1)])
	}
	for len(out) < 400 {
		if a := pick(); a.SIREN != "" {
			out = append(out, a.SIREN)
		}
	}
	for len(out) < 483 {
		out = append(out, commonWords[r.IntN(len(commonWords))])
	}
	return out
}

// datasetMix is 483 dataset searches: a theme word, a place, or both.
func datasetMix(dir *directory.Directory) []string {
	r := rand.New(rand.NewPCG(14, 1_000_000))
	all := dir.All()
	var out []string
	for len(out) < 483 {
		theme := strings.Fields(strings.ReplaceAll(slug.Make(themes[r.IntN(len(themes))], 200, ""), "-", " "))
		place := strings.ReplaceAll(slug.Make(all[r.IntN(len(all))].Name, 200, ""), "-", " ")
		switch len(out) % 3 {
		case 0:
			out = append(out, theme[len(theme)-1])
		case 1:
			out = append(out, place)
		default:
			out = append(out, theme[0]+" "+place)
		}
	}
	return out
}

func withQueries(format string, qs []string) []string {
	out := make([]string, len(qs))
	for i, q := range qs {
		out[i] = fmt.Sprintf(format, url.QueryEscape(q))
	}
	return out
}

// slugs reads n slugs of table spread over the table: organizations have
// random ids, datasets the ids the loader gave them.
func slugs(ctx context.Context, db *sql.DB, table string, n int) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT slug FROM `+table+` ORDER BY id LIMIT $1`, n*50)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for i := 0; rows.Next(); i++ {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		if i%50 == 0 {
			out = append(out, s)
		}
	}
	return out, rows.Err()
}
