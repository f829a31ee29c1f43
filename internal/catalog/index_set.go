package catalog

import (
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
)

// smallSet is the size past which a set of slots becomes a compressed
// bitmap. Below it a sorted slice takes 4 bytes a slot, where a bitmap
// takes about 50 bytes for each range of 65,536 slots it touches: the 27
// datasets of an organization, made over the years, spread over a million
// slots, touch 16 of them. Most words and every organization are small.
const smallSet = 512

// slotSet is a set of slots: a sorted slice while small, then a bitmap.
type slotSet struct {
	small []uint32
	big   *roaring.Bitmap
}

func (s *slotSet) add(slot uint32) {
	if s.big != nil {
		s.big.Add(slot)
		return
	}
	i, found := slices.BinarySearch(s.small, slot)
	if found {
		return
	}
	s.small = slices.Insert(s.small, i, slot)
	if len(s.small) > smallSet {
		s.big = roaring.BitmapOf(s.small...)
		s.small = nil
	}
}

// remove takes the slots of clear out of s; list is clear's slots.
func (s *slotSet) remove(clear *roaring.Bitmap, list []uint32) {
	switch {
	case s.big != nil:
		if s.big.Intersects(clear) {
			s.big.AndNot(clear)
		}
	case len(list) <= 16: // a few changes: look each up
		for _, slot := range list {
			if i, found := slices.BinarySearch(s.small, slot); found {
				s.small = slices.Delete(s.small, i, i+1)
			}
		}
	default:
		s.small = slices.DeleteFunc(s.small, clear.Contains)
	}
}

// removeOne takes slot out of s.
func (s *slotSet) removeOne(slot uint32) {
	if s.big != nil {
		s.big.Remove(slot)
	} else if i, found := slices.BinarySearch(s.small, slot); found {
		s.small = slices.Delete(s.small, i, i+1)
	}
}

// bitmap is s as a bitmap, to be read only: s's own when big.
func (s *slotSet) bitmap() *roaring.Bitmap {
	if s == nil {
		return roaring.New()
	}
	if s.big != nil {
		return s.big
	}
	return roaring.BitmapOf(s.small...)
}

// seal trims what building s left over.
func (s *slotSet) seal() {
	if s.big != nil {
		s.big.RunOptimize()
	} else if cap(s.small) > len(s.small) {
		s.small = slices.Clone(s.small)
	}
}

func (s *slotSet) sizeInBytes() uint64 {
	if s.big != nil {
		return s.big.GetSizeInBytes() + 32
	}
	return uint64(cap(s.small))*4 + 32
}

// union is the union of sets, to be read only.
func union(sets []*slotSet) *roaring.Bitmap {
	var bigs []*roaring.Bitmap
	var small []uint32
	for _, s := range sets {
		if s.big != nil {
			bigs = append(bigs, s.big)
		} else {
			small = append(small, s.small...)
		}
	}
	if len(bigs) == 1 && len(small) == 0 {
		return bigs[0]
	}
	out := roaring.FastOr(bigs...)
	out.AddMany(small)
	return out
}
