package catalog

import (
	"context"
	"slices"
)

// zoneIndex is what a dataset covering zones is found under: each zone and
// the zones that contain it, so that a search for a department also finds
// the datasets of its communes.
func (s *Service) zoneIndex(zones []string) []string {
	out := slices.Clone(zones)
	if s.zones != nil {
		for _, z := range zones {
			out = append(out, s.zones.Within(z)...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// IndexZones rewrites the zone index of every dataset that covers a zone,
// once per version of the index: the migration that made the index copied
// each dataset's own zones, and this adds the zones that contain them. It
// runs at start and is cheap when already done.
func (s *Service) IndexZones(ctx context.Context) error {
	const version = "catalog.zone_index.v1"
	if done, err := s.store.db.HasSetting(ctx, version); err != nil || done {
		return err
	}
	err := s.store.EachDatasetWithZones(ctx, func(id string, zones []string) error {
		return s.store.InTx(ctx, func(tx Tx) error { return tx.SetDatasetZones(ctx, id, s.zoneIndex(zones)) })
	})
	if err != nil {
		return err
	}
	_, err = s.store.db.Setting(ctx, version, "done")
	return err
}
