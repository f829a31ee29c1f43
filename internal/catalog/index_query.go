package catalog

import (
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
)

// indexScope is which datasets a search may list, as Search decided it.
type indexScope struct {
	hidden     bool     // every live dataset, not only the public ones
	viewer     string   // besides the public ones, the hidden ones viewer owns...
	viewerOrgs []string // ...or that belong to these organizations
	org, owner string   // only those of this organization, of this owner
}

// search returns the ids of page (from 1) of size datasets of sc having,
// for each term, a word that starts with it, newest first, and how many
// there are. With after set, the page starts after that place in the
// order instead (a cursor), at the same cost.
func (ix *datasetIndex) search(terms []string, sc indexScope, page, size int, after *slotKey) (ids []string, total int) {
	sets := []*roaring.Bitmap{ix.visible(sc)}
	if sc.org != "" {
		sets = append(sets, ix.orgs[sc.org].bitmap())
	}
	if sc.owner != "" {
		sets = append(sets, ix.owners[sc.owner].bitmap())
	}
	for _, t := range terms {
		sets = append(sets, ix.prefixSet(t))
	}
	found := intersect(sets)
	n := found.GetCardinality()
	start := uint64(max(page-1, 0)) * uint64(max(size, 0))
	if (start >= n && after == nil) || size <= 0 {
		return nil, int(n)
	}
	first, err := found.Select(uint32(start))
	if after != nil {
		first, err = ix.slotAfter(*after), nil
	}
	if err != nil {
		return nil, int(n)
	}
	it := found.Iterator()
	it.AdvanceIfNeeded(first)
	for it.HasNext() && len(ids) < size {
		ids = append(ids, ix.idOf(it.Next()))
	}
	return ids, int(n)
}

// slotAfter is the first slot after k in the order (older than k): slots
// from it on are the rows a cursor at k continues with.
func (ix *datasetIndex) slotAfter(k slotKey) uint32 {
	// added keys are newer than every built one, oldest first
	j, _ := slices.BinarySearchFunc(ix.added, k, compareKeys) // added[:j] are older than k
	if j > 0 {
		return slotBase - uint32(j)
	}
	// built keys are newest first: skip those not older than k
	i := sort.Search(ix.built.len(), func(i int) bool { return compareKeys(ix.built.key(i), k) < 0 })
	return slotBase + uint32(i)
}

// visible is the set of datasets sc may see: the public ones, the live
// ones, or the public ones and the viewer's own hidden ones.
func (ix *datasetIndex) visible(sc indexScope) *roaring.Bitmap {
	if sc.hidden {
		return ix.live
	}
	if sc.viewer == "" {
		return ix.public
	}
	var mine []*slotSet
	if s := ix.owners[sc.viewer]; s != nil {
		mine = append(mine, s)
	}
	for _, o := range sc.viewerOrgs {
		if s := ix.orgs[o]; s != nil {
			mine = append(mine, s)
		}
	}
	if len(mine) == 0 {
		return ix.public
	}
	m := union(mine).Clone() // union may return a set of the index
	m.And(ix.live)
	m.Or(ix.public)
	return m
}

// prefixSet is the set of datasets having a word that starts with t. The
// result may be one of the index's sets: it is only read.
func (ix *datasetIndex) prefixSet(t string) *roaring.Bitmap {
	i := sort.SearchStrings(ix.words, t)
	j := i
	for j < len(ix.words) && strings.HasPrefix(ix.words[j], t) {
		j++
	}
	if j-i < cachedPrefix {
		return union(ix.posts[i:j])
	}
	ix.cache.mu.Lock()
	b := ix.cache.sets[t]
	ix.cache.mu.Unlock()
	if b != nil {
		return b
	}
	// a clone: union may return a set of the index itself, which other
	// searches read under the same read lock while RunOptimize rewrites it
	b = union(ix.posts[i:j]).Clone()
	b.RunOptimize()
	size := b.GetSizeInBytes()
	ix.cache.mu.Lock()
	if ix.cache.bytes+size > maxPrefixCache || ix.cache.sets == nil {
		// simpler than an LRU, and as good for a search box's prefixes
		ix.cache.sets, ix.cache.bytes = map[string]*roaring.Bitmap{}, 0
	}
	ix.cache.sets[t] = b
	ix.cache.bytes += size
	ix.cache.mu.Unlock()
	return b
}

// cachedPrefix is the number of words from which a prefix's union is kept:
// "s", "de" or "saint" span many words, some in 100,000 datasets, and
// their union costs milliseconds each time a search box's user types them.
const cachedPrefix = 2

// maxPrefixCache bounds the memory of the unions kept.
const maxPrefixCache = 4 << 20

// prefixCache keeps the unions of the prefixes spanning several words,
// until the next change to the index.
type prefixCache struct {
	mu    sync.Mutex
	sets  map[string]*roaring.Bitmap
	bytes uint64
}

// intersect is the intersection of sets, smallest first; with one set, the
// set itself (only read).
func intersect(sets []*roaring.Bitmap) *roaring.Bitmap {
	if len(sets) == 1 {
		return sets[0]
	}
	slices.SortFunc(sets, func(a, b *roaring.Bitmap) int {
		return int(int64(a.GetCardinality()) - int64(b.GetCardinality()))
	})
	out := roaring.And(sets[0], sets[1])
	for _, s := range sets[2:] {
		if out.IsEmpty() {
			break
		}
		out.And(s)
	}
	return out
}
