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
		list := u.clear.ToArray()
		ix.live.AndNot(u.clear)
		ix.public.AndNot(u.clear)
		ix.eachSet(func(s *slotSet) { s.remove(u.clear, list) })
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
