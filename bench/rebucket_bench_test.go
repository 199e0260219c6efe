package bench

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dsflow/models"
	"dsflow/store"
	"dsflow/store/storetest"
)

// BenchmarkRebucketUnderLoad measures task changes (the read-model write
// of a command) over 1 M tasks while the daily re-bucketing runs, against
// the same changes with nothing else running, and against the full rebuild
// of the counters under the exclusive lock (what the daily job did before):
//
//	go test -run '^$' -bench BenchmarkRebucketUnderLoad -benchtime 1x -timeout 60m ./bench/
func BenchmarkRebucketUnderLoad(b *testing.B) {
	const writers = 4
	s := storetest.Open(b, store.DialectPostgres, store.Config{})
	loadNation(b, s)
	ctx := context.Background()
	rows, _, err := s.ListTasks(ctx, store.Scope{Path: "/"}, store.TaskFilter{Status: []string{models.StatusOpen}, Limit: 200})
	if err != nil || len(rows) == 0 {
		b.Fatalf("open tasks: %d %v", len(rows), err)
	}
	var fence atomic.Int64
	fence.Store(time.Now().UnixNano())
	revs := make([]atomic.Int64, len(rows))
	for i := range rows {
		revs[i].Store(int64(rows[i].Revision))
	}
	// change writes one more revision of task i: a comment.
	change := func(i int) (time.Duration, error) {
		st := store.TaskStateOf(rows[i])
		st.Revision = int(revs[i].Add(1))
		st.Form, st.Data = models.FormSpec{}, nil
		ch := models.TaskChange{Task: st, Event: models.EventCommented, ActorID: 1, At: time.Now(), Note: "ghi chú"}
		t0 := time.Now()
		_, err := s.ApplyTaskChange(ctx, ch, fence.Add(1))
		return time.Since(t0), err
	}
	// during runs the writers until job returns and reports their latencies.
	during := func(name string, job func() error) {
		var mu sync.Mutex
		var lat []time.Duration
		var failed atomic.Int64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Each writer keeps to its own tasks, as commands on one task
				// are serialised by its workflow.
				for k := w; ; k = (k + writers) % (len(rows) - len(rows)%writers) {
					select {
					case <-stop:
						return
					default:
					}
					d, err := change(k)
					if err != nil {
						failed.Add(1)
						continue
					}
					mu.Lock()
					lat = append(lat, d)
					mu.Unlock()
				}
			}()
		}
		t0 := time.Now()
		err := job()
		el := time.Since(t0)
		close(stop)
		wg.Wait()
		if err != nil {
			b.Fatalf("%s: %v", name, err)
		}
		report(b, name, lat)
		b.ReportMetric(float64(failed.Load()), name+"_failed")
		b.ReportMetric(float64(el.Milliseconds()), name+"_job_ms")
		sorted := append([]time.Duration(nil), lat...)
		b.Logf("%s: job took %v; %d changes, %d failed, max %v", name, el.Round(time.Millisecond), len(lat), failed.Load(), percentile(sorted, 1))
	}
	b.ResetTimer()
	during("changes_alone", func() error { time.Sleep(10 * time.Second); return nil })
	var moved int
	during("changes_during_rebucket", func() error {
		var err error
		// Ten days on: a good share of the overdue tasks change bucket.
		moved, err = s.RebucketOverdue(ctx, time.Now().Add(10*24*time.Hour))
		return err
	})
	b.ReportMetric(float64(moved), "rebucketed_tasks")
	during("changes_during_full_rebuild", func() error { return s.RebuildOverdueCounters(ctx) })
}
