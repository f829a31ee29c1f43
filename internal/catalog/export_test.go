package catalog

// SetIndexOff makes s answer every search from the database (true), or
// from its search index when it can (false), to compare both.
func SetIndexOff(s *Service, off bool) { s.index.disabled.Store(off) }

// IndexSeq is the change-log sequence s's index is at (-1: none).
func IndexSeq(s *Service) int64 {
	s.index.mu.RLock()
	defer s.index.mu.RUnlock()
	if s.index.ix == nil {
		return -1
	}
	return s.index.ix.seq
}
