package catalog

import "context"

// ResourcesOf lists the resources of each dataset of ids: one query for a
// page of datasets instead of one per dataset.
func (s *Service) ResourcesOf(ctx context.Context, ids []string) (map[string][]Resource, error) {
	return s.store.ResourcesOf(ctx, ids)
}

// OwnedPublicCounts counts the public datasets each user of userIDs owns
// in their own name: one query for a page of users.
func (s *Service) OwnedPublicCounts(ctx context.Context, userIDs []string) (map[string]int, error) {
	return s.store.OwnedPublicCounts(ctx, userIDs)
}
