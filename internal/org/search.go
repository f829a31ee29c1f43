package org

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/socle-portal/socle/internal/account"
)

// indexHolder is a service's search index, rebuilt when the database's
// search version moves past the one it was built from.
type indexHolder struct {
	mu sync.Mutex // one rebuild at a time
	ix atomic.Pointer[searchIndex]
}

// indexable reports whether the index answers q: free text, ranked by
// relevance, paged by number. Filters, sorts and cursors go to the
// database.
func indexable(q Query) bool {
	return len(searchWords(q.Q)) > 0 && q.Sort == "" && q.After == nil && q.Badge == "" && q.Name == "" &&
		q.BusinessNumber == ""
}

// searchIndexed answers q from the index when it can (ok true). It
// searches the index it holds, then reads in one statement the database's
// search version and the versions of the page's organizations: when the
// index is that version, the page is the database's at that moment, and
// the rows come from the service's cache. Otherwise (a change since), it
// rebuilds the index first.
func (s *Service) searchIndexed(ctx context.Context, q Query) (list []Organization, total int, ok bool, err error) {
	if !indexable(q) {
		return nil, 0, false, nil
	}
	if ix := s.index.ix.Load(); ix != nil {
		ids, total := ix.search(q.Q, q.Page, q.PageSize)
		v, versions, err := s.store.SearchState(ctx, ids)
		if err != nil {
			return nil, 0, true, err
		}
		if v <= ix.version {
			list, err = s.cachedAt(ctx, ids, versions)
			return list, total, true, err
		}
	}
	ix, err := s.currentIndex(ctx)
	if err != nil {
		return nil, 0, true, err
	}
	ids, total := ix.search(q.Q, q.Page, q.PageSize)
	list, err = s.cachedByIDs(ctx, ids)
	return list, total, true, err
}

// currentIndex returns an index holding every change committed before this
// call: the version is read first, so a change committing meanwhile raises
// it past the index's, and the next search rebuilds.
func (s *Service) currentIndex(ctx context.Context) (*searchIndex, error) {
	v, err := s.store.SearchVersion(ctx)
	if err != nil {
		return nil, err
	}
	if ix := s.index.ix.Load(); ix != nil && ix.version >= v {
		return ix, nil
	}
	s.index.mu.Lock()
	defer s.index.mu.Unlock()
	if ix := s.index.ix.Load(); ix != nil && ix.version >= v {
		return ix, nil
	}
	rows, err := s.store.IndexRows(ctx)
	if err != nil {
		return nil, err
	}
	ix := newSearchIndex(v, rows)
	s.index.ix.Store(ix)
	return ix, nil
}

// MembersOf lists the members of each organization of orgIDs, admins
// first: one query for a whole page of organizations.
func (s *Service) MembersOf(ctx context.Context, orgIDs []string) (map[string][]Member, error) {
	return s.store.MembersOf(ctx, orgIDs)
}

// AccessAmong is what u may do in an organization whose members are ms:
// the same answer as Access, without a query when the members are read.
func AccessAmong(u account.User, ms []Member) Access {
	a := Access{User: u}
	for _, m := range ms {
		if u.ID != "" && m.User.ID == u.ID {
			a.Member, a.Role = true, m.Role
		}
	}
	return a
}

// ByIDs reads the organizations of ids, by id, in one query; missing ones
// are left out.
func (s *Service) ByIDs(ctx context.Context, ids []string) (map[string]Organization, error) {
	list, err := s.cachedByIDs(ctx, ids)
	out := make(map[string]Organization, len(list))
	for _, o := range list {
		out[o.ID] = o
	}
	return out, err
}

// MembershipsOf lists the organizations of each user of userIDs: one query
// for a whole page of users.
func (s *Service) MembershipsOf(ctx context.Context, userIDs []string) (map[string][]Membership, error) {
	return s.store.MembershipsOf(ctx, userIDs)
}

// WarmIndex builds the search index ahead of the first search, which would
// otherwise pay for it while the searches behind it wait (a quarter of a
// second for the directory's 36,359 authorities).
func (s *Service) WarmIndex(ctx context.Context) error {
	_, err := s.currentIndex(ctx)
	return err
}
