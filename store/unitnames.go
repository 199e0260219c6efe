package store

import (
	"context"
	"fmt"

	"dsflow/models"
)

// UnitNames returns the names of the units with the given IDs, unscoped:
// for labels the caller has decided may be shown (a commune's district,
// say), in one query.
func (s *Store) UnitNames(ctx context.Context, ids []uint) (map[uint]string, error) {
	out := make(map[uint]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []models.Unit
	if err := s.db.WithContext(ctx).Select("id, name").Where("id IN ?", ids).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("names of %d units: %w", len(ids), err)
	}
	for _, u := range rows {
		out[u.ID] = u.Name
	}
	return out, nil
}
