package org

import (
	"math/bits"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/socle-portal/socle/internal/slug"
)

// IndexRow is what the search index keeps of a live organization: its
// search text is the folded words of its name and acronym, its SIREN and
// SIRET, as the database's full-text index has them.
type IndexRow struct {
	ID, Name, NameKey, Acronym, SearchText string
}

// searchIndex is an in-memory inverted index of the live organizations'
// words. A portal's search box is its busiest endpoint; the directory's
// 36,359 authorities fit in a few megabytes, and answering from memory
// costs microseconds where ranking and counting in SQL cost milliseconds
// per request on either backend. version is the database's organization
// search version it was built from (see Service.searchIndex).
type searchIndex struct {
	version  int64
	n        int       // rows, in the base order: shortest name first, then name, then id
	ids      packed    // by row
	nameKeys packed    // by row
	acronyms packed    // lower-cased, by row
	words    []string  // sorted, distinct
	postings [][]int32 // rows of each word, ascending
}

// packed is a list of strings in one: 4 bytes a string instead of a
// string header's 16 and an allocation's rounding, which for the ids and
// names of the directory's 36,359 authorities is megabytes.
type packed struct {
	text string
	ends []uint32
}

func (p *packed) add(b *strings.Builder, s string) {
	b.WriteString(s)
	p.ends = append(p.ends, uint32(b.Len()))
}

func (p packed) at(i int) string {
	start := uint32(0)
	if i > 0 {
		start = p.ends[i-1]
	}
	return p.text[start:p.ends[i]]
}

func newSearchIndex(version int64, rows []IndexRow) *searchIndex {
	sort.Slice(rows, func(i, j int) bool {
		li, lj := utf8.RuneCountInString(rows[i].Name), utf8.RuneCountInString(rows[j].Name)
		if li != lj {
			return li < lj
		}
		if rows[i].Name != rows[j].Name {
			return rows[i].Name < rows[j].Name
		}
		return rows[i].ID < rows[j].ID
	})
	ix := &searchIndex{version: version, n: len(rows)}
	var ids, keys, acronyms strings.Builder
	byWord := map[string][]int32{}
	for i, r := range rows {
		ix.ids.add(&ids, r.ID)
		ix.nameKeys.add(&keys, r.NameKey)
		ix.acronyms.add(&acronyms, strings.ToLower(strings.TrimSpace(r.Acronym)))
		seen := map[string]bool{}
		for _, w := range strings.Fields(r.SearchText) {
			switch post, ok := byWord[w]; {
			case seen[w]:
			case ok:
				byWord[w] = append(post, int32(i))
			default:
				byWord[strings.Clone(w)] = []int32{int32(i)} // not a piece of the row's text
			}
			seen[w] = true
		}
	}
	ix.ids.text, ix.nameKeys.text, ix.acronyms.text = ids.String(), keys.String(), acronyms.String()
	ix.words = make([]string, 0, len(byWord))
	for w := range byWord {
		ix.words = append(ix.words, w)
	}
	sort.Strings(ix.words)
	ix.postings = make([][]int32, len(ix.words))
	for i, w := range ix.words {
		ix.postings[i] = byWord[w]
		if p := byWord[w]; cap(p) > len(p) {
			ix.postings[i] = slices.Clone(p) // what appending left over
		}
	}
	return ix
}

// searchWords turns free text into the folded words a search matches as
// prefixes, at most ten, as the database's search does.
func searchWords(q string) []string {
	var out []string
	for _, w := range strings.Split(slug.Make(q, 200, ""), "-") {
		if w != "" {
			out = append(out, w)
		}
	}
	return out[:min(len(out), 10)]
}

// search returns the ids of page (from 1) of size rows matching every word
// of q as a prefix of a word, and how many match. Exact names come first,
// then exact acronyms, then the base order: the ranking of the database's
// search.
func (ix *searchIndex) search(q string, page, size int) (ids []string, total int) {
	terms := searchWords(q)
	if len(terms) == 0 {
		return nil, 0
	}
	var set []uint64
	for i, t := range terms {
		s := ix.prefixSet(t)
		if i == 0 {
			set = s
			continue
		}
		for j := range set {
			set[j] &= s[j]
		}
	}
	key, acronym := NameKey(q), strings.ToLower(strings.TrimSpace(q))
	var exact, acr, rest []int32
	for j, word := range set {
		for word != 0 {
			b := bits.TrailingZeros64(word)
			word &^= 1 << b
			i := int32(j*64 + b)
			switch {
			case key != "" && ix.nameKeys.at(int(i)) == key:
				exact = append(exact, i)
			case acronym != "" && ix.acronyms.at(int(i)) == acronym:
				acr = append(acr, i)
			default:
				rest = append(rest, i)
			}
		}
	}
	all := append(append(exact, acr...), rest...)
	start := min(max(page-1, 0)*max(size, 0), len(all))
	for _, i := range all[start:min(start+max(size, 0), len(all))] {
		ids = append(ids, ix.ids.at(int(i)))
	}
	return ids, len(all)
}

// prefixSet is the set of rows having a word that starts with t.
func (ix *searchIndex) prefixSet(t string) []uint64 {
	set := make([]uint64, (ix.n+63)/64)
	for w := sort.SearchStrings(ix.words, t); w < len(ix.words) && strings.HasPrefix(ix.words[w], t); w++ {
		for _, i := range ix.postings[w] {
			set[i/64] |= 1 << (i % 64)
		}
	}
	return set
}
