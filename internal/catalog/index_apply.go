package catalog

import (
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
)

// indexUpdate is what a batch of the change log does to the index: the
// slots to empty, the rows to put back in their slots, the new datasets.
type indexUpdate struct {
	seq   int64
	clear *roaring.Bitmap
	slots []uint32
	rows  []indexRow
	added []slotKey

	// What the cleared slots were: the sets to take each out of. When a
	// change does not say (logged before migration 00062), every set is
	// looked through.
	was     []was
	unknown bool
}

// was is what the index may hold of the dataset in slot, from a change.
type was struct {
	slot              uint32
	words, org, owner string
}

// prepare places a batch of changes (and the changed rows as they are now)
// in the index without changing it; ok is false when the index cannot
// take them and must be rebuilt: a new dataset older than the newest one
// (made on an instance whose clock is behind), or an odd id.
func (ix *datasetIndex) prepare(seq int64, changes []change, rows []indexRow) (u indexUpdate, ok bool) {
	u = indexUpdate{seq: seq, clear: roaring.New()}
	for _, c := range changes {
		if c.Was.IsZero() {
			continue // an insert: not in the index yet
		}
		k, ok := keyOf(c.ID, c.Was)
		if !ok {
			return u, false
		}
		if slot, found := ix.slotOf(k); found {
			u.clear.Add(slot)
			u.was = append(u.was, was{slot, c.Words, c.Org, c.Owner})
			u.unknown = u.unknown || !c.Known
		}
	}
	type fresh struct {
		k slotKey
		r indexRow
	}
	var news []fresh
	for _, r := range rows {
		k, ok := keyOf(r.ID, r.CreatedAt)
		if !ok {
			return u, false
		}
		if slot, found := ix.slotOf(k); found {
			u.clear.Add(slot)
			u.slots, u.rows = append(u.slots, slot), append(u.rows, r)
			continue
		}
		news = append(news, fresh{k, r})
	}
	slices.SortFunc(news, func(a, b fresh) int { return compareKeys(a.k, b.k) })
	last, any := ix.newest()
	for i, n := range news {
		if any && compareKeys(n.k, last) <= 0 {
			return u, false
		}
		last, any = n.k, true
		slot := slotBase - 1 - uint32(len(ix.added)+i)
		u.added = append(u.added, n.k)
		u.slots, u.rows = append(u.slots, slot), append(u.rows, n.r)
	}
	return u, true
}

// apply makes u's changes; the caller holds the write lock.
func (ix *datasetIndex) apply(u indexUpdate) {
	if !u.clear.IsEmpty() {
		ix.live.AndNot(u.clear)
		ix.public.AndNot(u.clear)
		if u.unknown {
			list := u.clear.ToArray()
			ix.eachSet(func(s *slotSet) { s.remove(u.clear, list) })
		} else {
			for _, w := range u.was {
				ix.takeOut(w)
			}
		}
	}
	ix.added = append(ix.added, u.added...)
	for i, slot := range u.slots {
		ix.put(slot, u.rows[i], nil)
	}
	ix.seq = max(ix.seq, u.seq)
	ix.cache.mu.Lock()
	ix.cache.sets, ix.cache.bytes = nil, 0
	ix.cache.mu.Unlock()
}

// takeOut removes w's slot from the sets of what w says it was. A slot
// the index holds is in no other set: what it holds of a dataset is what
// the dataset was before one of the changes since the index's sequence
// (each change logs it), or what it is now, which apply puts back.
func (ix *datasetIndex) takeOut(w was) {
	for _, word := range distinctWords(w.words) {
		if i, found := slices.BinarySearch(ix.words, word); found {
			ix.posts[i].removeOne(w.slot)
		}
	}
	if s := ix.orgs[w.org]; s != nil {
		s.removeOne(w.slot)
	}
	if s := ix.owners[w.owner]; s != nil {
		s.removeOne(w.slot)
	}
}
