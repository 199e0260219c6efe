package store_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dsflow/models"
	"dsflow/store"
	"dsflow/store/storetest"
)

// clockStores runs fn on a store of each dialect whose clock the test sets.
func clockStores(t *testing.T, dialects []string, fn func(t *testing.T, s *store.Store, clock *atomic.Pointer[time.Time])) {
	for _, d := range dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			var clock atomic.Pointer[time.Time]
			now := time.Now().UTC().Truncate(time.Second)
			clock.Store(&now)
			fn(t, storetest.Open(t, d, store.Config{Now: func() time.Time { return *clock.Load() }}), &clock)
		})
	}
}

func overdueOf(t *testing.T, s *store.Store, id string) (bool, int) {
	t.Helper()
	db, err := s.SQL()
	if err != nil {
		t.Fatal(err)
	}
	var overdue bool
	var bucket int
	if err := db.QueryRow("SELECT overdue, overdue_bucket FROM tasks WHERE id = $1", id).Scan(&overdue, &bucket); err != nil {
		t.Fatal(err)
	}
	return overdue, bucket
}

// sameAsRebuild fails unless the counters kept as tasks change equal a
// rebuild from the task rows.
func sameAsRebuild(t *testing.T, s *store.Store) []string {
	t.Helper()
	got := counters(t, s)
	if err := s.RebuildOverdueCounters(context.Background()); err != nil {
		t.Fatal(err)
	}
	if want := counters(t, s); !slices.Equal(got, want) {
		t.Fatalf("counters differ from a rebuild:\n got %v\nwant %v", got, want)
	}
	return got
}

// TestMarkOverdue: the sweep marks exactly the open tasks whose due time
// has passed, counts them, does nothing the second time, and a revision
// the workflow writes before its own timer fires keeps the mark, while
// one that moves the due date or ends the task drops it.
func TestMarkOverdue(t *testing.T) {
	clockStores(t, storetest.Dialects, func(t *testing.T, s *store.Store, clock *atomic.Pointer[time.Time]) {
		ctx := context.Background()
		_, lb, nl, bd := tree(t, s)
		t0 := *clock.Load()
		write := func(ch models.TaskChange) {
			t.Helper()
			ch.At = *clock.Load()
			if _, err := apply(ctx, s, ch); err != nil {
				t.Fatal(err)
			}
		}
		hour := t0.Add(time.Hour)
		write(change("due-open", nl, 1, models.StatusOpen, hour, false, models.EventCreated))
		write(change("due-claimed", bd, 1, models.StatusClaimed, hour, false, models.EventCreated))
		write(change("later", nl, 1, models.StatusOpen, t0.Add(3*time.Hour), false, models.EventCreated))
		write(change("submitted", nl, 1, models.StatusSubmitted, hour, false, models.EventSubmitted))
		write(change("done", bd, 1, models.StatusDone, hour, false, models.EventCreated))
		write(change("district", lb, 1, models.StatusReturned, hour, false, models.EventCreated))

		if n, err := s.MarkOverdue(ctx); err != nil || n != 0 {
			t.Fatalf("before any due time: marked %d (%v), want 0", n, err)
		}
		at := t0.Add(90 * time.Minute)
		clock.Store(&at)
		if n, err := s.MarkOverdue(ctx); err != nil || n != 3 {
			t.Fatalf("90 minutes on: marked %d (%v), want 3 (open, claimed, returned)", n, err)
		}
		for id, want := range map[string]bool{"due-open": true, "due-claimed": true, "district": true, "later": false, "submitted": false, "done": false} {
			if got, bucket := overdueOf(t, s, id); got != want || (want && bucket != models.Bucket1to3) {
				t.Errorf("%s: overdue %v bucket %d, want %v", id, got, bucket, want)
			}
		}
		if got := sameAsRebuild(t, s); len(got) == 0 {
			t.Fatal("no counters after the sweep")
		}
		if n, err := s.MarkOverdue(ctx); err != nil || n != 0 {
			t.Fatalf("a second sweep marked %d (%v), want 0", n, err)
		}

		// The workflow, its timer not yet fired, records a claim: the
		// mark stays. Then its own overdue revision: nothing moves.
		write(change("due-open", nl, 2, models.StatusClaimed, hour, false, models.EventClaimed))
		if got, _ := overdueOf(t, s, "due-open"); !got {
			t.Fatal("a revision before the timer dropped the sweep's mark")
		}
		sameAsRebuild(t, s)
		write(change("due-open", nl, 3, models.StatusClaimed, hour, true, models.EventOverdue))
		if got, _ := overdueOf(t, s, "due-open"); !got {
			t.Fatal("the timer's own overdue revision dropped the mark")
		}
		// A new due date tomorrow drops it; so does a submission.
		write(change("due-claimed", bd, 2, models.StatusClaimed, t0.Add(24*time.Hour), false, models.EventExtended))
		write(change("district", lb, 2, models.StatusSubmitted, hour, false, models.EventSubmitted))
		for _, id := range []string{"due-claimed", "district"} {
			if got, _ := overdueOf(t, s, id); got {
				t.Errorf("%s is still overdue after a new due date or a submission", id)
			}
		}
		sameAsRebuild(t, s)
	})
}

// TestMarkOverdueUnderChanges: a sweep of many tasks while their
// workflows submit a third of them leaves the counters a rebuild gives
// (PostgreSQL: SQLite has one writer at a time).
func TestMarkOverdueUnderChanges(t *testing.T) {
	clockStores(t, []string{store.DialectPostgres}, func(t *testing.T, s *store.Store, clock *atomic.Pointer[time.Time]) {
		ctx := context.Background()
		_, _, nl, bd := tree(t, s)
		t0 := *clock.Load()
		const n = 1200 // more than two sweep batches
		for i := range n {
			u := nl
			if i%3 == 0 {
				u = bd
			}
			ch := change(fmt.Sprintf("m%04d", i), u, 1, models.StatusOpen, t0.Add(time.Duration(i)*time.Second), false, models.EventCreated)
			ch.At = t0
			if _, err := apply(ctx, s, ch); err != nil {
				t.Fatal(err)
			}
		}
		at := t0.Add(2 * time.Hour)
		clock.Store(&at)
		var wg sync.WaitGroup
		errs := make(chan error, n)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < n; i += 3 {
				ch := change(fmt.Sprintf("m%04d", i), bd, 2, models.StatusSubmitted, t0.Add(time.Duration(i)*time.Second), false, models.EventSubmitted)
				if _, err := apply(ctx, s, ch); err != nil {
					errs <- err
				}
			}
		}()
		marked, err := s.MarkOverdue(ctx)
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatalf("a change during the sweep: %v", err)
		}
		if err != nil || marked == 0 {
			t.Fatalf("sweep: marked %d, %v", marked, err)
		}
		if _, err := s.MarkOverdue(ctx); err != nil {
			t.Fatal(err)
		}
		sameAsRebuild(t, s)
		db, _ := s.SQL()
		var open, overdue int
		if err := db.QueryRow("SELECT count(*), sum(CASE WHEN overdue THEN 1 ELSE 0 END) FROM tasks WHERE status = 'open'").Scan(&open, &overdue); err != nil {
			t.Fatal(err)
		}
		if open != n-n/3 || overdue != open {
			t.Fatalf("%d open tasks, %d of them overdue; want %d, all", open, overdue, n-n/3)
		}
	})
}
