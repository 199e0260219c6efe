package store

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"dsflow/models"
)

// OverdueRow is one counter under a unit: overdue open tasks through one
// child unit (or at the unit itself), by process and age bucket.
type OverdueRow struct {
	ChildID     uint   `json:"unit_id"`
	ProcessKind string `json:"process"`
	Bucket      int    `json:"bucket"`
	N           int64  `json:"count"`
	// The child unit's name and code, joined in so a roll-up is one query.
	ChildCode  *string `json:"unit_code,omitempty"`
	ChildName  string  `json:"unit_name"`
	ChildLevel string  `json:"unit_level"`
}

// OverdueRollup reads the counters of one unit in scope: a few hundred
// rows at most, whatever the number of tasks below it; nothing for a unit
// outside the scope.
func (s *Store) OverdueRollup(ctx context.Context, scope Scope, unitID uint) ([]OverdueRow, error) {
	cond, args := subtree("a.path", scope.Path)
	// Scanned by hand: a province's roll-up is ~1,500 rows, and reflection
	// per row was a measurable share of the request.
	rows, err := s.db.WithContext(ctx).Raw(`SELECT oc.child_id, oc.process_kind, oc.bucket, oc.n, u.code, u.name, u.level
		FROM overdue_counters oc JOIN units u ON u.id = oc.child_id JOIN units a ON a.id = oc.ancestor_id
		WHERE oc.ancestor_id = ? AND `+cond+` AND oc.n > 0 ORDER BY oc.child_id, oc.process_kind, oc.bucket`, append([]any{unitID}, args...)...).Rows()
	if err != nil {
		return nil, fmt.Errorf("read overdue counters of unit %d: %w", unitID, err)
	}
	defer rows.Close()
	var out []OverdueRow
	for rows.Next() {
		var r OverdueRow
		if err := rows.Scan(&r.ChildID, &r.ProcessKind, &r.Bucket, &r.N, &r.ChildCode, &r.ChildName, &r.ChildLevel); err != nil {
			return nil, fmt.Errorf("scan overdue counter: %w", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read overdue counters of unit %d: %w", unitID, err)
	}
	return out, nil
}

// OverdueTasks returns one page of overdue open tasks in the subtree at
// path, oldest due first, with the cursor of the next page.
func (s *Store) OverdueTasks(ctx context.Context, scope Scope, f TaskFilter) ([]models.Task, string, error) {
	yes := true
	f.Overdue = &yes
	f.Status = []string{models.StatusOpen, models.StatusClaimed, models.StatusReturned}
	f.Sort = "due_at"
	return s.ListTasks(ctx, scope, f)
}

// RebuildOverdueCounters rebuilds every counter from the task rows in one
// transaction, holding the counter lock exclusively: task changes wait
// for it. It is for loading data in bulk and for repair by an operator,
// not for the daily run (RebucketOverdue). Buckets are those the rows
// hold; re-bucket first.
func (s *Store) RebuildOverdueCounters(ctx context.Context) error {
	return s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.counterLock(tx, true); err != nil {
			return err
		}
		if err := tx.Exec("DELETE FROM overdue_counters").Error; err != nil {
			return fmt.Errorf("clear overdue counters: %w", err)
		}
		err := tx.Exec(`INSERT INTO overdue_counters (ancestor_id, child_id, process_kind, bucket, n)
			SELECT c.ancestor_id, c.child_id, t.process_kind, t.overdue_bucket, count(*)
			FROM tasks t JOIN unit_closures c ON c.unit_id = t.unit_id
			WHERE t.overdue = ? AND t.status IN ? AND t.overdue_bucket > 0
			GROUP BY c.ancestor_id, c.child_id, t.process_kind, t.overdue_bucket`, true, openStatuses).Error
		if err != nil {
			return fmt.Errorf("rebuild overdue counters: %w", err)
		}
		return nil
	})
}

// openStatuses are the statuses in which a task can be overdue.
var openStatuses = []string{models.StatusOpen, models.StatusClaimed, models.StatusReturned}
