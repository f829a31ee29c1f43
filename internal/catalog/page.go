package catalog

import "context"

// resourcesReader reads the resources of a whole page of datasets at once;
// internal/store's catalog store has it.
type resourcesReader interface {
	ResourcesOf(ctx context.Context, datasetIDs []string) (map[string][]Resource, error)
}

// ResourcesOf lists the resources of each dataset of ids: one query for a
// page of datasets instead of one per dataset.
func (s *Service) ResourcesOf(ctx context.Context, ids []string) (map[string][]Resource, error) {
	if st, ok := s.store.(resourcesReader); ok {
		return st.ResourcesOf(ctx, ids)
	}
	out := make(map[string][]Resource, len(ids))
	for _, id := range ids {
		list, err := s.store.Resources(ctx, id)
		if err != nil {
			return nil, err
		}
		out[id] = list
	}
	return out, nil
}
