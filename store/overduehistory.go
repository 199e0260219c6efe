package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"dsflow/models"
)

// maxHistoryPoints bounds one history query: each point is a column.
const maxHistoryPoints = 366

// OverdueHistory counts, for each instant of at (oldest first), the tasks
// of the subtree at path (within scope) that were overdue then: created
// by then, due before then, and not yet left behind — submitted,
// completed or cancelled later, or still waiting now. It reads the task
// rows in one query, one column per instant.
//
// A task that was submitted and then returned is counted from its due
// time to now as if it had never been submitted: the rows keep the last
// submission only, not the time it was returned.
func (s *Store) OverdueHistory(ctx context.Context, scope Scope, path string, at []time.Time) ([]int64, error) {
	if len(at) == 0 {
		return nil, nil
	}
	if len(at) > maxHistoryPoints {
		return nil, fmt.Errorf("overdue history: %d points, at most %d", len(at), maxHistoryPoints)
	}
	first, last := at[0].UTC(), at[0].UTC()
	for _, t := range at {
		first, last = minTime(first, t.UTC()), maxTime(last, t.UTC())
	}
	// left_at: when the task stopped waiting for its assignee; NULL while
	// it still waits.
	leftAt := `CASE WHEN t.status IN ? THEN NULL WHEN t.status = ? THEN t.updated_at
		ELSE COALESCE(t.submitted_at, t.completed_at, t.updated_at) END`
	cols := make([]string, 0, len(at))
	var args []any
	for _, t := range at {
		cols = append(cols, "COALESCE(SUM(CASE WHEN x.created_at <= ? AND x.due_at < ? AND (x.left_at IS NULL OR x.left_at > ?) THEN 1 ELSE 0 END), 0)")
		args = append(args, t.UTC(), t.UTC(), t.UTC())
	}
	inScope, scopeArgs := subtree("t.unit_path", scope.Path)
	inPath, pathArgs := subtree("t.unit_path", path)
	q := `SELECT ` + strings.Join(cols, ", ") + ` FROM (SELECT t.created_at, t.due_at, ` + leftAt + ` AS left_at
		FROM tasks t WHERE ` + inScope + ` AND ` + inPath + ` AND t.due_at < ?) x
		WHERE x.left_at IS NULL OR x.left_at > ?`
	args = append(args, openStatuses, models.StatusCancelled)
	args = append(args, scopeArgs...)
	args = append(args, pathArgs...)
	args = append(args, last, first)
	out := make([]int64, len(at))
	dest := make([]any, len(at))
	for i := range out {
		dest[i] = &out[i]
	}
	if err := s.db.WithContext(ctx).Raw(q, args...).Row().Scan(dest...); err != nil {
		return nil, fmt.Errorf("overdue history of %s: %w", path, err)
	}
	return out, nil
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
