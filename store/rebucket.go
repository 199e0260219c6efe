package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"dsflow/models"
)

// rebucketBatch bounds the tasks one re-bucketing transaction locks, so a
// command on one of them waits a few milliseconds at most.
const rebucketBatch = 500

// bucketBounds lists the age buckets from the oldest, each with how long
// a task has been overdue at least to be in it.
var bucketBounds = []struct {
	bucket int
	from   time.Duration
}{
	{models.BucketOver30, 31 * 24 * time.Hour},
	{models.Bucket8to30, 8 * 24 * time.Hour},
	{models.Bucket4to7, 4 * 24 * time.Hour},
	{models.Bucket1to3, 0},
}

// RebucketOverdue moves the overdue tasks whose age crossed into another
// bucket by now, and moves their counts between the counters of every
// ancestor, in transactions of at most rebucketBatch tasks. Task changes go
// on meanwhile: each batch locks its task rows (in ID order) before the
// counters (in key order), as a change does, so neither waits long nor
// deadlocks. It runs once a day; a task's own change keeps the counters
// right between runs. It returns how many tasks moved.
func (s *Store) RebucketOverdue(ctx context.Context, now time.Time) (int, error) {
	moved := 0
	// Buckets from the oldest: each holds the tasks due in (lower, now-from].
	var lower time.Time
	for _, b := range bucketBounds {
		upper := now.UTC().Add(-b.from)
		after := cursor{At: lower}
		for {
			var page []cursor
			q := s.db.WithContext(ctx).Model(&models.Task{}).Select("due_at AS at, id").
				Where("overdue = ? AND status IN ? AND overdue_bucket <> ?", true, openStatuses, b.bucket).
				Where("due_at <= ?", upper)
			if !after.At.IsZero() {
				q = q.Where("(due_at > ? OR (due_at = ? AND id > ?))", after.At, after.At, after.ID)
			}
			if err := q.Order("due_at, id").Limit(rebucketBatch).Scan(&page).Error; err != nil {
				return moved, fmt.Errorf("find tasks to re-bucket: %w", err)
			}
			if len(page) == 0 {
				break
			}
			n, err := s.rebucketTasks(ctx, page, now)
			moved += n
			if err != nil {
				return moved, err
			}
			after = page[len(page)-1]
		}
		lower = upper
	}
	return moved, nil
}

// rebucketTasks re-buckets the listed tasks in one transaction, checking
// each again under its row lock (a change may have come first).
func (s *Store) rebucketTasks(ctx context.Context, page []cursor, now time.Time) (int, error) {
	n, err := s.moveOverdue(ctx, page, func(r models.Task) (int, bool) {
		want := models.OverdueBucket(r.DueAt, now)
		return want, r.Overdue && models.AwaitsAssignee(r.Status) && r.OverdueBucket != want
	})
	if err != nil {
		return 0, fmt.Errorf("re-bucket %d tasks: %w", len(page), err)
	}
	return n, nil
}

// moveOverdue puts the listed tasks that move says to move, checked under
// their row locks, overdue in the bucket it gives, and moves their counts
// (from their old bucket, if they were overdue) between the counters of
// every ancestor, in one transaction. It locks the task rows in ID order
// before the counters in key order, the order a task change follows, so
// neither waits long nor deadlocks. It leaves updated_at alone: no
// revision is written. It returns how many tasks moved.
func (s *Store) moveOverdue(ctx context.Context, page []cursor, move func(models.Task) (bucket int, ok bool)) (int, error) {
	ids := make([]string, len(page))
	for i, c := range page {
		ids[i] = c.ID
	}
	slices.Sort(ids)
	moved := 0
	err := s.tx(ctx, func(tx *gorm.DB) error {
		if err := s.counterLock(tx, false); err != nil {
			return err
		}
		var rows []models.Task
		if err := tx.Clauses(clause.Locking{Strength: "UPDATE"}).Select("id, unit_id, process_kind, status, overdue, overdue_bucket, due_at").
			Where("id IN ?", ids).Order("id").Find(&rows).Error; err != nil {
			return fmt.Errorf("lock tasks: %w", err)
		}
		deltas := map[counterKey]int64{}
		byBucket := map[int][]string{}
		var units []uint
		for _, r := range rows {
			to, ok := move(r)
			if !ok {
				continue
			}
			byBucket[to] = append(byBucket[to], r.ID)
			if r.Overdue {
				deltas[counterKey{unit: r.UnitID, process: r.ProcessKind, bucket: r.OverdueBucket}]--
			}
			deltas[counterKey{unit: r.UnitID, process: r.ProcessKind, bucket: to}]++
			units = append(units, r.UnitID)
			moved++
		}
		for _, b := range bucketBounds {
			if len(byBucket[b.bucket]) == 0 {
				continue
			}
			err := tx.Model(&models.Task{}).Where("id IN ?", byBucket[b.bucket]).
				UpdateColumns(map[string]any{"overdue": true, "overdue_bucket": b.bucket}).Error
			if err != nil {
				return fmt.Errorf("move tasks to overdue bucket %d: %w", b.bucket, err)
			}
		}
		return applyCounterDeltas(tx, units, deltas, s.rowsPerInsert())
	})
	if err != nil {
		return 0, err
	}
	return moved, nil
}

// counterKey is a per-unit count change before it is spread over the
// unit's ancestors.
type counterKey struct {
	unit    uint
	process string
	bucket  int
}

// applyCounterDeltas spreads per-unit deltas over every ancestor's counter
// and applies them in key order (ancestor, child, process, bucket), the
// order a single task change also follows, so concurrent writers of the
// same counters queue rather than deadlock.
func applyCounterDeltas(tx *gorm.DB, units []uint, deltas map[counterKey]int64, perInsert int) error {
	if len(deltas) == 0 {
		return nil
	}
	var closures []models.UnitClosure
	if err := tx.Where("unit_id IN ?", units).Find(&closures).Error; err != nil {
		return fmt.Errorf("load unit ancestors: %w", err)
	}
	byUnit := map[uint][]models.UnitClosure{}
	for _, c := range closures {
		byUnit[c.UnitID] = append(byUnit[c.UnitID], c)
	}
	sum := map[models.OverdueCounter]int64{} // N unset: the key
	for k, d := range deltas {
		if d == 0 || k.bucket == 0 {
			continue
		}
		for _, c := range byUnit[k.unit] {
			sum[models.OverdueCounter{AncestorID: c.AncestorID, ChildID: c.ChildID, ProcessKind: k.process, Bucket: k.bucket}] += d
		}
	}
	keys := make([]models.OverdueCounter, 0, len(sum))
	for k, d := range sum {
		if d != 0 {
			k.N = d
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, compareCounters)
	// One statement per few hundred counters, rows in key order: the
	// database locks them in that order.
	for len(keys) > 0 {
		n := min(len(keys), perInsert)
		err := tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "ancestor_id"}, {Name: "child_id"}, {Name: "process_kind"}, {Name: "bucket"}},
			DoUpdates: clause.Assignments(map[string]any{"n": gorm.Expr("overdue_counters.n + excluded.n")}),
		}).Create(keys[:n]).Error
		if err != nil {
			return fmt.Errorf("move overdue counters: %w", err)
		}
		keys = keys[n:]
	}
	return nil
}

func compareCounters(a, b models.OverdueCounter) int {
	switch {
	case a.AncestorID != b.AncestorID:
		return cmpUint(a.AncestorID, b.AncestorID)
	case a.ChildID != b.ChildID:
		return cmpUint(a.ChildID, b.ChildID)
	case a.ProcessKind != b.ProcessKind:
		if a.ProcessKind < b.ProcessKind {
			return -1
		}
		return 1
	}
	return a.Bucket - b.Bucket
}

func cmpUint(a, b uint) int {
	if a < b {
		return -1
	}
	return 1
}
