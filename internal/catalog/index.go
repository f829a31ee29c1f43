package catalog

import (
	"cmp"
	"encoding/hex"
	"errors"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
)

// The dataset search index: an in-memory inverted index of the datasets'
// folded words (their search_text, what the database's full-text search
// matches) and of who may see them, as compressed bitmaps of slots. A
// slot is a dataset's place in the lists' order, newest first (created_at
// then id, descending): a bitmap's ascending order is the page order, so a
// search's total is the cardinality of an intersection and page N is a
// Select at its first rank, whatever N. A common word matching 60,000 of
// a million datasets costs a few bitmap operations instead of counting
// and sorting the 60,000 rows in SQL for every page.
//
// The rows of a build take the slots from slotBase up; datasets created
// later, newer than all of them, take the slots below slotBase, downwards,
// so that adding one renumbers nothing.
const slotBase = 1 << 31

// errOddID stops a build on a dataset id that is not 24 lowercase hex
// digits (socle makes none): the index keeps ids in 12 bytes.
var errOddID = errors.New("dataset index: an id is not 24 hexadecimal digits")

// slotKey is a dataset's place in the order.
type slotKey struct {
	at int64 // created_at, in microseconds
	id [12]byte
}

func compareKeys(a, b slotKey) int {
	if c := cmp.Compare(a.at, b.at); c != 0 {
		return c
	}
	return slices.Compare(a.id[:], b.id[:])
}

// keyList is places in the order, in two arrays: 20 bytes a dataset
// instead of a slotKey's 24 (its padding).
type keyList struct {
	ats []int64
	ids [][12]byte
}

func (l keyList) len() int { return len(l.ats) }

func (l keyList) key(i int) slotKey { return slotKey{l.ats[i], l.ids[i]} }

func keyOf(id string, at time.Time) (slotKey, bool) {
	k := slotKey{at: at.UnixMicro()}
	if len(id) != 24 || strings.ToLower(id) != id {
		return k, false
	}
	_, err := hex.Decode(k.id[:], []byte(id))
	return k, err == nil
}

// datasetIndex is the index at sequence seq of the datasets' change log.
// Its contents are guarded by the holder's lock.
type datasetIndex struct {
	seq   int64
	built keyList // built.key(i) has slot slotBase+i: newest first

	added []slotKey // added[j] has slot slotBase-1-j: oldest first

	words []string   // sorted, distinct
	posts []*slotSet // the slots of each word

	live, public *roaring.Bitmap // not deleted; and neither private nor draft
	orgs, owners map[string]*slotSet

	cache prefixCache
}

func newDatasetIndex(seq int64, keys []slotKey) *datasetIndex {
	slices.SortFunc(keys, func(a, b slotKey) int { return compareKeys(b, a) })
	built := keyList{ats: make([]int64, len(keys)), ids: make([][12]byte, len(keys))}
	for i, k := range keys {
		built.ats[i], built.ids[i] = k.at, k.id
	}
	return &datasetIndex{seq: seq, built: built, live: roaring.New(), public: roaring.New(),
		orgs: map[string]*slotSet{}, owners: map[string]*slotSet{}}
}

// slotOf finds the slot of the dataset at k.
func (ix *datasetIndex) slotOf(k slotKey) (uint32, bool) {
	if j, ok := slices.BinarySearchFunc(ix.added, k, compareKeys); ok {
		return slotBase - 1 - uint32(j), true
	}
	i := sort.Search(ix.built.len(), func(i int) bool { return compareKeys(ix.built.key(i), k) <= 0 })
	return slotBase + uint32(i), i < ix.built.len() && compareKeys(ix.built.key(i), k) == 0
}

// newest is the key of the newest slot, if any.
func (ix *datasetIndex) newest() (slotKey, bool) {
	switch {
	case len(ix.added) > 0:
		return ix.added[len(ix.added)-1], true
	case ix.built.len() > 0:
		return ix.built.key(0), true
	}
	return slotKey{}, false
}

func (ix *datasetIndex) idOf(slot uint32) string {
	var k slotKey
	if slot >= slotBase {
		k = ix.built.key(int(slot - slotBase))
	} else {
		k = ix.added[slotBase-1-slot]
	}
	return hex.EncodeToString(k.id[:])
}

// put records what r says of the dataset in slot: its words, and the
// visibility sets it belongs to. words is the index of new words being
// built (nil after a build: then they are inserted in order).
func (ix *datasetIndex) put(slot uint32, r indexRow, words map[string]*slotSet) {
	if r.Deleted {
		return
	}
	ix.live.Add(slot)
	if !r.Private && !r.Draft {
		ix.public.Add(slot)
	}
	if r.OrgID != "" {
		addTo(ix.orgs, r.OrgID, slot)
	}
	if r.OwnerID != "" {
		addTo(ix.owners, r.OwnerID, slot)
	}
	for _, w := range distinctWords(r.SearchText) {
		if words != nil {
			addTo(words, w, slot)
			continue
		}
		i, found := sort.Find(len(ix.words), func(i int) int { return strings.Compare(w, ix.words[i]) })
		if !found {
			ix.words = slices.Insert(ix.words, i, strings.Clone(w))
			ix.posts = slices.Insert(ix.posts, i, &slotSet{})
		}
		ix.posts[i].add(slot)
	}
}

func addTo(m map[string]*slotSet, key string, slot uint32) {
	b := m[key]
	if b == nil {
		b = &slotSet{}
		m[strings.Clone(key)] = b // not a piece of a row's text, which it would keep alive
	}
	b.add(slot)
}

func distinctWords(text string) []string {
	ws := strings.Fields(text)
	slices.Sort(ws)
	return slices.Compact(ws)
}

// seal turns the words of a build into the sorted index and compresses
// every set.
func (ix *datasetIndex) seal(words map[string]*slotSet) {
	ix.words = make([]string, 0, len(words))
	for w := range words {
		ix.words = append(ix.words, w)
	}
	slices.Sort(ix.words)
	ix.posts = make([]*slotSet, len(ix.words))
	for i, w := range ix.words {
		ix.posts[i] = words[w]
	}
	ix.live.RunOptimize()
	ix.public.RunOptimize()
	ix.eachSet((*slotSet).seal)
}

// eachSet calls fn for each set of words, organizations and owners.
func (ix *datasetIndex) eachSet(fn func(*slotSet)) {
	for _, s := range ix.posts {
		fn(s)
	}
	for _, s := range ix.orgs {
		fn(s)
	}
	for _, s := range ix.owners {
		fn(s)
	}
}

// SizeInBytes is about what the index's sets and keys take in memory.
func (ix *datasetIndex) SizeInBytes() uint64 {
	n := uint64(ix.built.len())*20 + uint64(cap(ix.added))*24 + ix.live.GetSizeInBytes() + ix.public.GetSizeInBytes()
	ix.eachSet(func(s *slotSet) { n += s.sizeInBytes() })
	for _, w := range ix.words {
		n += uint64(len(w)) + 16
	}
	return n
}
