package catalog

import (
	"context"
	"errors"
	"log/slog"
	"runtime/debug"
	"sync"
	"sync/atomic"
	"time"

	"github.com/socle-portal/socle/internal/sqldb"
)

// indexHolder is a service's dataset search index (see index.go), kept
// current from the database's change log of the datasets.
type indexHolder struct {
	mu     sync.RWMutex // the index's contents: searches read them, catch-ups change them
	ix     *datasetIndex
	update sync.Mutex // one catch-up or build at a time

	// background is set by StartIndex: builds then run in the background
	// and the database answers meanwhile (a million datasets take seconds
	// to read, and a server must be ready at once); without it (tests, the
	// first search of a small catalog) the first search builds.
	background atomic.Bool
	building   atomic.Bool
	disabled   atomic.Bool // an id the index cannot keep: the database answers
	log        *slog.Logger
	ctx        context.Context // the server's: ending it stops background builds
}

// changeBatch is how many changes a catch-up reads at a time.
const changeBatch = 5000

// StartIndex builds the search index in the background; until it is
// ready, searches are answered by the database. Ending ctx stops the
// builds (a server shutting down).
func (s *Service) StartIndex(ctx context.Context, log *slog.Logger) {
	h := &s.index
	h.update.Lock()
	defer h.update.Unlock()
	h.log, h.ctx = log, ctx
	h.background.Store(true)
	s.rebuildInBackground()
}

// indexable reports whether the index answers q: free text or none,
// newest first, paged by number, with no filter but an organization or an
// owner. The rest goes to the database.
func indexable(q Query) bool {
	return (q.Sort == "" || q.Sort == "-created") && len(q.Tags) == 0 && q.License == "" &&
		q.Format == "" && q.Geozone == "" && q.Granularity == "" && q.CoverageStart.IsZero() && q.CoverageEnd.IsZero() &&
		q.OrgBadge == "" && q.Private == nil && !q.Deleted
}

// searchIndexed answers q from the index when it can (ok true): one read
// of the change log's sequence, then one read of the page's rows.
func (s *Service) searchIndexed(ctx context.Context, q Query) (items []Dataset, total int, ok bool, err error) {
	if !indexable(q) || s.index.disabled.Load() {
		return nil, 0, false, nil
	}
	var after *slotKey
	if q.After != nil {
		k, ok := cursorKey(q)
		if !ok {
			return nil, 0, false, nil // the database refuses it as it should
		}
		after = &k
	}
	ix, err := s.currentIndex(ctx)
	if err != nil || ix == nil {
		return nil, 0, false, err
	}
	sc := indexScope{hidden: q.WithHidden, org: q.OrgID, owner: q.OwnerID, viewer: q.hiddenOf}
	if q.hiddenOf != "" {
		if sc.viewerOrgs, err = s.store.memberOrgIDs(ctx, q.hiddenOf); err != nil {
			return nil, 0, true, err
		}
	}
	s.index.mu.RLock()
	ids, total := ix.search(sqldb.SearchTerms(q.Q), sc, q.Page, q.PageSize, after)
	s.index.mu.RUnlock()
	items, err = s.store.DatasetsByIDs(ctx, ids)
	return items, total, true, err
}

// cursorKey is the place in the order of q's cursor, if it is one of
// the newest-first order.
func cursorKey(q Query) (slotKey, bool) {
	o, keyed := datasetOrder(q)
	if !keyed || o.Name != "datasets:-created" {
		return slotKey{}, false
	}
	if _, ok := o.Value(*q.After); !ok {
		return slotKey{}, false
	}
	at, err := sqldb.ParseTime(q.After.Key)
	if err != nil {
		return slotKey{}, false
	}
	return keyOf(q.After.ID, at)
}

// currentIndex returns the index holding every change committed before
// this call (the sequence is read first), or nil when the database must
// answer (the index is being built in the background).
func (s *Service) currentIndex(ctx context.Context) (*datasetIndex, error) {
	h := &s.index
	v, err := s.store.DatasetsVersion(ctx)
	if err != nil {
		return nil, err
	}
	if ix := h.current(v); ix != nil {
		return ix, nil
	}
	if h.background.Load() && h.building.Load() {
		return nil, nil
	}
	h.update.Lock()
	defer h.update.Unlock()
	if ix := h.current(v); ix != nil {
		return ix, nil
	}
	h.mu.RLock()
	ix := h.ix
	h.mu.RUnlock()
	if ix != nil {
		if ok, err := s.catchUp(ctx, ix); err != nil || ok {
			return ix, err
		}
	}
	if h.background.Load() {
		s.rebuildInBackground()
		return nil, nil
	}
	return s.rebuild(ctx)
}

// current is the index if it is at sequence v or later.
func (h *indexHolder) current(v int64) *datasetIndex {
	h.mu.RLock()
	defer h.mu.RUnlock()
	if h.ix != nil && h.ix.seq >= v {
		return h.ix
	}
	return nil
}

// catchUp applies the changes logged since the index's sequence; ok is
// false when the index must be rebuilt instead (the log was pruned past
// it, or a change does not fit). The caller holds the update lock.
func (s *Service) catchUp(ctx context.Context, ix *datasetIndex) (ok bool, err error) {
	for {
		changes, first, last, err := s.store.datasetChanges(ctx, ix.seq, changeBatch)
		if err != nil || len(changes) == 0 {
			return err == nil, err
		}
		if first != ix.seq+1 {
			return false, nil
		}
		ids := make([]string, 0, len(changes))
		for _, c := range changes {
			ids = append(ids, c.ID)
		}
		rows, err := s.store.indexRowsByID(ctx, ids)
		if err != nil {
			return false, err
		}
		u, ok := ix.prepare(last, changes, rows)
		if !ok {
			return false, nil
		}
		s.index.mu.Lock()
		ix.apply(u)
		s.index.mu.Unlock()
		if len(changes) < changeBatch {
			return true, nil
		}
	}
}

// rebuild builds the index anew and installs it; the caller holds the
// update lock.
func (s *Service) rebuild(ctx context.Context) (*datasetIndex, error) {
	ix, err := s.buildIndex(ctx)
	if errors.Is(err, errOddID) {
		s.index.disabled.Store(true)
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if s.index.background.Load() {
		// The build read every row: give back what they took at once
		// rather than over the next minutes, so that an idle server's
		// memory is what it keeps.
		debug.FreeOSMemory()
	}
	s.index.mu.Lock()
	s.index.ix = ix
	s.index.mu.Unlock()
	return ix, nil
}

// rebuildInBackground starts a build unless one runs; the caller holds the
// update lock, which the build takes once the caller lets it go.
func (s *Service) rebuildInBackground() {
	h := &s.index
	ctx := h.ctx
	if ctx.Err() != nil || !h.building.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer h.building.Store(false)
		h.update.Lock()
		defer h.update.Unlock()
		start := time.Now()
		ix, err := s.rebuild(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			h.log.Error("dataset search index", "err", err)
		case ix != nil:
			h.log.Info("dataset search index ready", "datasets", ix.built.len()+len(ix.added), "words", len(ix.words),
				"bytes", ix.SizeInBytes(), "took", time.Since(start).Round(time.Millisecond))
		}
	}()
}

// buildIndex reads every dataset twice: their places in the order first
// (small: sorted in memory), then their words and visibility, streamed in
// no order, so that neither the database nor this process sorts a million
// texts. Changes committed meanwhile come from the log afterwards: the
// sequence is read first, and applying a change twice is harmless.
func (s *Service) buildIndex(ctx context.Context) (*datasetIndex, error) {
	v, err := s.store.DatasetsVersion(ctx)
	if err != nil {
		return nil, err
	}
	var keys []slotKey
	odd := false
	err = s.store.indexKeys(ctx, func(id string, at time.Time) {
		k, ok := keyOf(id, at)
		odd = odd || !ok
		keys = append(keys, k)
	})
	if err != nil {
		return nil, err
	}
	if odd {
		return nil, errOddID
	}
	ix := newDatasetIndex(v, keys)
	words := map[string]*slotSet{}
	err = s.store.eachIndexRow(ctx, func(r indexRow) {
		if k, ok := keyOf(r.ID, r.CreatedAt); ok {
			if slot, found := ix.slotOf(k); found {
				ix.put(slot, r, words)
			}
		}
	})
	if err != nil {
		return nil, err
	}
	ix.seal(words)
	return ix, nil
}

// IndexStats tells whether the search index is ready, and if so how many
// datasets and distinct words it holds and about how many bytes its sets
// take.
func (s *Service) IndexStats() (ready bool, datasets, words int, bytes uint64) {
	s.index.mu.RLock()
	defer s.index.mu.RUnlock()
	ix := s.index.ix
	if ix == nil {
		return false, 0, 0, 0
	}
	return true, ix.built.len() + len(ix.added), len(ix.words), ix.SizeInBytes()
}
