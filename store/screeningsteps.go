package store

import (
	"context"
	"fmt"

	"dsflow/models"
)

// CurrentCaseSteps returns, for each of the cases named, its step under
// way: the newest of its step tasks that is not yet finished (approved,
// done or cancelled). A case between two steps, or closed, has none. One
// query for a whole page of cases, unscoped: the caller listed the cases
// in its scope, and a case moved to another commune keeps its steps.
func (s *Store) CurrentCaseSteps(ctx context.Context, caseIDs []string) (map[string]models.Task, error) {
	out := make(map[string]models.Task, len(caseIDs))
	if len(caseIDs) == 0 {
		return out, nil
	}
	var rows []models.Task
	err := s.db.WithContext(ctx).Model(&models.Task{}).
		Select("id, process_id, unit_id, title_vi, title_en, status, due_at, overdue, created_at").
		Where("process_kind = ? AND process_id IN ?", models.ProcessScreening, caseIDs).
		Where("status NOT IN ?", []string{models.StatusApproved, models.StatusDone, models.StatusCancelled}).
		Order("process_id, created_at, id").Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("current steps of %d cases: %w", len(caseIDs), err)
	}
	// Ordered by creation within each case: the last one wins.
	for _, t := range rows {
		out[t.ProcessID] = t
	}
	return out, nil
}
