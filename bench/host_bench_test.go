package bench

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"

	"dsflow/models"
	"dsflow/store"
	"dsflow/testenv"
)

// BenchmarkHostOf1000Tasks measures one host workflow carrying 1,000 tasks
// through their lives, on the production set-up (embedded Temporal and
// dsflow both on PostgreSQL): the tasks are written in bulk and adopted,
// then 200 comments are sent one at a time, and each task is claimed and
// submitted (2,000 commands, 8 senders), so the host continues as new on
// the way. It reports the adoption time, the
// history of the first run, the runs and events in all, the command
// latency and the heap the host's state takes in the worker:
//
//	go test -run '^$' -bench BenchmarkHostOf1000Tasks -benchtime 1x -timeout 30m ./bench/
func BenchmarkHostOf1000Tasks(b *testing.B) {
	n, senders := hostBenchSize(), 8
	env := testenv.Start(b, testenv.Options{TemporalPostgres: true})
	ctx := context.Background()
	unit, err := env.Store.UnitByCodeOrID(ctx, "DEMO-NGOCLAM")
	if err != nil {
		b.Fatal(err)
	}
	officer := env.UserID(b, "canbo.ngoclam")
	actor := models.Actor{UserID: officer, UnitID: unit.ID, UnitPath: unit.Path, Roles: []string{models.RoleOfficer}}
	form := models.FormSpec{Fields: []models.FormField{{Name: "screened", Type: models.FieldCount, Label: models.Text{Vi: "Số được sàng lọc"}, Required: true}}}
	now := time.Now()
	host := models.TaskHost{ID: "bench-host", WorkflowType: models.WorkflowAdHoc, InputJSON: "{}", ProcessKind: models.ProcessCampaign, ProcessID: "bench"}
	tasks := make([]models.TaskState, n)
	for i := range tasks {
		tasks[i] = models.TaskState{TaskSpec: models.TaskSpec{ID: fmt.Sprintf("bench-%04d", i), HostID: host.ID, ProcessKind: models.ProcessCampaign,
			ProcessID: "bench", Kind: "report", UnitID: unit.ID, UnitPath: unit.Path, CandidateRole: models.RoleOfficer,
			Title: models.Text{Vi: fmt.Sprintf("Báo cáo tiến độ %d", i)}, Form: form, Priority: models.PriorityNormal,
			DueAt: now.Add(30 * 24 * time.Hour), Escalation: models.Escalation{RemindDaysBefore: []int{3, 1}, EscalateAfterDays: 2}},
			Status: models.StatusOpen, Revision: 1, UpdatedAt: now}
	}
	heap0 := heapInUse()
	t0 := time.Now()
	if _, err := env.Store.CreateTasks(ctx, store.TaskBatch{Hosts: []models.TaskHost{host}, Tasks: tasks, At: now}); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(time.Since(t0).Milliseconds()), "bulk_write_ms")
	t0 = time.Now()
	run, err := env.Client.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: host.ID, TaskQueue: models.TaskQueue}, models.WorkflowAdHoc, models.AdHocInput{})
	if err != nil {
		b.Fatal(err)
	}
	// Adopted: the last task takes a command.
	if err := update(ctx, env.Client, host.ID, models.UpdateComment, models.TaskCommand{TaskID: tasks[n-1].ID, Actor: actor, Reason: "sẵn sàng"}); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(time.Since(t0).Milliseconds()), "adopt_ms")
	b.ReportMetric(float64(historyLength(b, env.Client, host.ID, run.GetRunID())), "events_after_adoption")
	b.ReportMetric(float64(heapInUse()-heap0)/(1<<20), "heap_after_adoption_MiB")

	// One sender: the latency of a command on a large host, against the
	// floors of ../shared/bench/temporal-limit.
	var seq []time.Duration
	for i := range 200 {
		c0 := time.Now()
		if err := update(ctx, env.Client, host.ID, models.UpdateComment, models.TaskCommand{TaskID: tasks[i].ID, Actor: actor, Reason: "ghi chú"}); err != nil {
			b.Fatal(err)
		}
		seq = append(seq, time.Since(c0))
	}
	report(b, "comment_seq", seq)

	b.ResetTimer()
	var mu sync.Mutex
	var lat []time.Duration
	var wg sync.WaitGroup
	t0 = time.Now()
	for s := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := s; i < n; i += senders {
				for _, c := range []struct {
					name string
					cmd  models.TaskCommand
				}{
					{models.UpdateClaim, models.TaskCommand{TaskID: tasks[i].ID, Actor: actor}},
					{models.UpdateSubmit, models.TaskCommand{TaskID: tasks[i].ID, Actor: actor, Data: map[string]any{"screened": i}}},
				} {
					c0 := time.Now()
					if err := update(ctx, env.Client, host.ID, c.name, c.cmd); err != nil {
						b.Error(err)
						return
					}
					mu.Lock()
					lat = append(lat, time.Since(c0))
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	el := time.Since(t0)
	b.StopTimer()
	report(b, "command", lat)
	b.ReportMetric(float64(len(lat))/el.Seconds(), "commands/s")
	if err := env.Client.GetWorkflow(ctx, host.ID, "").Get(ctx, nil); err != nil {
		b.Fatal(err)
	}
	runs, events, longest := chain(b, env.Client, host.ID, run.GetRunID())
	b.ReportMetric(float64(runs), "runs")
	b.ReportMetric(float64(events), "events_total")
	b.ReportMetric(float64(longest), "events_longest_run")
	b.ReportMetric(float64(heapInUse()-heap0)/(1<<20), "heap_after_done_MiB")
	b.Logf("1,000 tasks: %d commands in %v over %d runs (longest %d events, %d in all)", len(lat), el.Round(time.Millisecond), runs, longest, events)
}

// update sends one Update and waits for its outcome, retrying while the
// host drains for a continue-as-new, as the API does.
func update(ctx context.Context, c client.Client, host, name string, cmd models.TaskCommand) error {
	for {
		h, err := c.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: host, UpdateName: name, Args: []any{cmd},
			WaitForStage: client.WorkflowUpdateStageCompleted})
		if err == nil {
			err = h.Get(ctx, nil)
		}
		if err != nil && isDraining(err) {
			time.Sleep(20 * time.Millisecond)
			continue
		}
		return err
	}
}

// chain follows a host's runs from the first and returns how many there
// were, their events in all and the longest run's.
func chain(b *testing.B, c client.Client, id, runID string) (runs, events, longest int) {
	for runID != "" {
		iter := c.GetWorkflowHistory(context.Background(), id, runID, false, enums.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
		n, next := 0, ""
		for iter.HasNext() {
			ev, err := iter.Next()
			if err != nil {
				b.Fatal(err)
			}
			n++
			if a := ev.GetWorkflowExecutionContinuedAsNewEventAttributes(); a != nil {
				next = a.GetNewExecutionRunId()
			}
		}
		runs, events, longest, runID = runs+1, events+n, max(longest, n), next
	}
	return runs, events, longest
}

func historyLength(b *testing.B, c client.Client, id, runID string) int64 {
	d, err := c.DescribeWorkflowExecution(context.Background(), id, runID)
	if err != nil {
		b.Fatal(err)
	}
	return d.WorkflowExecutionInfo.HistoryLength
}

func heapInUse() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapInuse)
}

// hostBenchSize is the host's task count: 1,000, or DSFLOW_HOST_TASKS.
func hostBenchSize() int {
	if v, err := strconv.Atoi(os.Getenv("DSFLOW_HOST_TASKS")); err == nil && v >= 200 {
		return v
	}
	return 1000
}
