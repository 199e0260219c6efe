package store

import (
	"context"
	"fmt"
	"time"

	"dsflow/models"
)

// sweepBatch bounds the tasks one sweep transaction locks, as
// rebucketBatch does for the nightly re-bucketing.
const sweepBatch = 500

// MarkOverdue marks overdue, in the read model, every open task whose due
// time has passed by now and that its workflow has not yet written overdue,
// and adds them to the overdue counters of every ancestor, in transactions
// of at most sweepBatch tasks. It returns how many it marked.
//
// Why the read model does not wait for the workflows: each task's own timer
// also fires at its due time and writes an "overdue" revision (with the
// notification), but when thousands of deadlines fall in one minute those
// revisions queue behind Temporal's throughput (tens a second here), and a
// leader would see a half-updated picture for minutes. One statement marks
// them all. It agrees with what the workflows will write: a task is overdue
// exactly when it awaits its assignee and its due time has passed
// (workflows/task pending), and writeRevision keeps the mark on a revision
// the workflow writes before its own timer fires (a comment, a claim).
func (s *Store) MarkOverdue(ctx context.Context) (int, error) {
	now := s.now().UTC()
	notOverdue := "NOT overdue"
	if s.dialect == DialectSQLite {
		notOverdue = "overdue = 0" // the literal the partial index names
	}
	marked := 0
	var after cursor
	for {
		var page []cursor
		// Literal conditions, as in migration 0012's partial index, so the
		// planner of either database uses it.
		q := s.db.WithContext(ctx).Model(&models.Task{}).Select("due_at AS at, id").
			Where(notOverdue+" AND status IN ('open', 'claimed', 'returned')").
			Where("due_at <= ? AND due_at > ?", now, time.Time{})
		if !after.At.IsZero() {
			q = q.Where("(due_at > ? OR (due_at = ? AND id > ?))", after.At, after.At, after.ID)
		}
		if err := q.Order("due_at, id").Limit(sweepBatch).Scan(&page).Error; err != nil {
			return marked, fmt.Errorf("find tasks come due: %w", err)
		}
		if len(page) == 0 {
			return marked, nil
		}
		n, err := s.markOverdue(ctx, page, now)
		marked += n
		if err != nil {
			return marked, err
		}
		after = page[len(page)-1]
	}
}

// markOverdue marks the listed tasks in one transaction, checking each
// again under its row lock: a command (a submission, a new due date) may
// have come first.
func (s *Store) markOverdue(ctx context.Context, page []cursor, now time.Time) (int, error) {
	n, err := s.moveOverdue(ctx, page, func(r models.Task) (int, bool) {
		return models.OverdueBucket(r.DueAt, now), !r.Overdue && dueBy(r.Status, r.DueAt, now)
	})
	if err != nil {
		return 0, fmt.Errorf("mark %d tasks overdue: %w", len(page), err)
	}
	return n, nil
}

// dueBy reports whether a task in status with due time due is overdue at
// now: it awaits its assignee and the due time has passed. It is the read
// model's copy of the workflows' rule (workflows/task pending).
func dueBy(status string, due, now time.Time) bool {
	return models.AwaitsAssignee(status) && !due.IsZero() && !due.After(now)
}
