package catalog

import "context"

// ResourcesOf lists the resources of each dataset of ids: one query for a
// page of datasets instead of one per dataset.
func (s *Service) ResourcesOf(ctx context.Context, ids []string) (map[string][]Resource, error) {
	return s.store.ResourcesOf(ctx, ids)
}
