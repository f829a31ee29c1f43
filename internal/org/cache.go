package org

import (
	"context"
	"slices"

	"github.com/socle-portal/socle/internal/sqldb"
	"github.com/socle-portal/socle/internal/vcache"
)

// CachedOrgs is how many organizations a service keeps in memory, and
// cachedOrgBytes about how much memory they may take (half a kilobyte
// each, more with a long description): the directory's 36,359 local
// authorities do not all get read at once, and a miss costs one query.
const (
	CachedOrgs     = 16384
	cachedOrgBytes = 4 << 20
)

// orgSize is about what an organization takes in memory.
func orgSize(o Organization) int {
	return 256 + len(o.ID) + len(o.Slug) + len(o.Name) + len(o.Acronym) + len(o.Description) + len(o.URL) +
		len(o.BusinessNumber) + 16*len(o.Badges) + len(o.Logo)
}

// cached returns the organization id at version from the service's cache,
// or reads it (and keeps it) when the cache holds another version or none.
// Its version was read before: a row read after it is at least as new, so
// the row is never older than the version it is kept under.
func (s *Service) cached(ctx context.Context, id string, version int64) (Organization, error) {
	if o, ok := s.rows.Get(id, version); ok {
		return clone(o), nil
	}
	o, err := s.store.OrgByID(ctx, id)
	if err != nil {
		return o, err
	}
	s.rows.Put(o.ID, o.Version, clone(o))
	return o, nil
}

// cachedByIDs reads the organizations of ids, in the order of ids, missing
// ones left out: one query for their versions, and one for those the cache
// does not hold at that version.
func (s *Service) cachedByIDs(ctx context.Context, ids []string) ([]Organization, error) {
	versions, err := s.store.OrgVersions(ctx, ids)
	if err != nil {
		return nil, err
	}
	return s.cachedAt(ctx, ids, versions)
}

// cachedAt reads the organizations of ids that are in versions, in the
// order of ids, from the cache when it holds them at those versions.
func (s *Service) cachedAt(ctx context.Context, ids []string, versions map[string]int64) ([]Organization, error) {
	found := make(map[string]Organization, len(ids))
	var missing []string
	for _, id := range ids {
		v, ok := versions[id]
		if !ok {
			continue
		}
		if o, ok := s.rows.Get(id, v); ok {
			found[id] = clone(o)
		} else {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		list, err := s.store.OrgsByIDs(ctx, missing)
		if err != nil {
			return nil, err
		}
		for _, o := range list {
			s.rows.Put(o.ID, o.Version, clone(o))
			found[o.ID] = o
		}
	}
	return sqldb.InOrder(ids, found), nil
}

// clone copies what callers could change in place and the cache shares.
func clone(o Organization) Organization {
	o.Badges = slices.Clone(o.Badges)
	return o
}

func newRowCache() *vcache.Cache[Organization] {
	return vcache.Sized(CachedOrgs, cachedOrgBytes, orgSize)
}
