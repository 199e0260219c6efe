package store_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"dsflow/models"
	"dsflow/store"
)

// counters reads every counter row, as "ancestor/child/process/bucket=n".
func counters(t *testing.T, s *store.Store) []string {
	t.Helper()
	db, err := s.SQL()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := db.Query(`SELECT ancestor_id, child_id, process_kind, bucket, n FROM overdue_counters WHERE n <> 0`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a, c, b, n int
		var p string
		if err := rows.Scan(&a, &c, &p, &b, &n); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%d/%d/%s/%d=%d", a, c, p, b, n))
	}
	slices.Sort(out)
	return out
}

// TestRebucketMovesCountsLikeARebuild: the daily re-bucketing, run in small
// batches while tasks change concurrently, leaves exactly the counters a
// full rebuild from the task rows gives.
func TestRebucketMovesCountsLikeARebuild(t *testing.T) {
	each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		_, _, nl, bd := tree(t, s)
		now := time.Now().UTC()
		const n = 120
		for i := range n {
			u := nl
			if i%3 == 0 {
				u = bd
			}
			// Due from 40 days ago to now: every bucket, overdue since.
			due := now.Add(-time.Duration(i) * 8 * time.Hour)
			for _, ch := range []models.TaskChange{
				change(fmt.Sprintf("r%03d", i), u, 1, models.StatusOpen, due, false, models.EventCreated),
				change(fmt.Sprintf("r%03d", i), u, 2, models.StatusOpen, due, true, models.EventOverdue),
			} {
				ch.At = due
				if _, err := apply(ctx, s, ch); err != nil {
					t.Fatal(err)
				}
			}
		}
		// Ten days on, while a third of the tasks are submitted.
		later := now.Add(10 * 24 * time.Hour)
		var wg sync.WaitGroup
		errs := make(chan error, n)
		if s.Dialect() == store.DialectPostgres {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for _, i := range rand.Perm(n)[:n/3] {
					u := nl
					if i%3 == 0 {
						u = bd
					}
					ch := change(fmt.Sprintf("r%03d", i), u, 3, models.StatusDone, now.Add(-time.Duration(i)*8*time.Hour), false, models.EventSubmitted)
					if _, err := apply(ctx, s, ch); err != nil {
						errs <- err
					}
				}
			}()
		}
		moved, err := s.RebucketOverdue(ctx, later)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("a change during the re-bucketing: %v", err)
		}
		if err != nil || moved == 0 {
			t.Fatalf("rebucket: moved %d, %v", moved, err)
		}
		got := counters(t, s)
		if err := s.RebuildOverdueCounters(ctx); err != nil {
			t.Fatal(err)
		}
		if want := counters(t, s); !slices.Equal(got, want) {
			t.Fatalf("incremental counters differ from a rebuild:\n got %v\nwant %v", got, want)
		}
		if again, err := s.RebucketOverdue(ctx, later); err != nil || again != 0 {
			t.Fatalf("a second run moved %d (%v), want 0", again, err)
		}
	})
}
