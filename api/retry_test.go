package api_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"dsflow/models"
	"dsflow/store"
	"dsflow/testenv"
	"dsflow/workflows/task"
)

// faults decides, per written change, how the ApplyTaskChange activity
// misbehaves after its write has committed.
type faults struct {
	slow     atomic.Int64 // nanoseconds to hold a comment's answer
	loseOnce atomic.Bool  // lose the next answer once (the activity retries)
	loseFor  atomic.Uint64
}

func (f *faults) afterApply(ctx context.Context, ch models.TaskChange) error {
	if d := time.Duration(f.slow.Load()); d > 0 && ch.Event == models.EventCommented {
		select {
		case <-time.After(d):
		case <-ctx.Done():
		}
	}
	if f.loseOnce.CompareAndSwap(true, false) {
		return errors.New("answer lost after commit")
	}
	if u := f.loseFor.Load(); u != 0 && uint64(ch.ActorID) == u {
		return errors.New("answer lost after commit, every time")
	}
	return nil
}

// TestCommandRunsOnce: a client that drops its connection mid-command, a
// request that times out in the API, and a write whose answer is lost
// after it committed each leave exactly one effect, and the retry with the
// same Idempotency-Key gets the first answer.
func TestCommandRunsOnce(t *testing.T) {
	f := &faults{}
	env := testenv.Start(t, testenv.Options{AfterApply: f.afterApply, CommandWait: 4 * time.Second,
		Host: task.Options{CommandWriteFor: 3 * time.Second}})
	ngocLam := env.UnitID(t, unitNgocLam)
	ward, officer := env.Login(t, leaderNgocLam), env.Login(t, officerNgocLam)
	newTask := func(title string) string {
		return createTask(t, env, ward, taskTo(title, ngocLam, "officer", 0))["id"].(string)
	}
	comments := func(id string) int {
		events, err := env.Store.TaskEvents(context.Background(), store.Scope{Path: "/"}, id)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, e := range events {
			if e.Event == models.EventCommented {
				n++
			}
		}
		return n
	}
	comment := map[string]any{"text": "Đã liên hệ tổ 5"}

	t.Run("the connection drops mid-command", func(t *testing.T) {
		id := newTask("Mất sóng")
		f.slow.Store(int64(1500 * time.Millisecond))
		defer f.slow.Store(0)
		ctx, cancel := context.WithTimeout(context.Background(), 400*time.Millisecond)
		defer cancel()
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, env.URL+"/api/v1/tasks/"+id+"/comment", strings.NewReader(`{"text":"Đã liên hệ tổ 5"}`))
		req.Header.Set("Authorization", "Bearer "+officer)
		req.Header.Set("Idempotency-Key", "drop-1")
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
			t.Fatalf("the request finished (%d) before the drop", resp.StatusCode)
		}
		// The phone retries at once, while the first is still running.
		again := command(t, env, officer, id, "comment", comment, "Idempotency-Key", "drop-1")
		wantStatus(t, again, http.StatusOK)
		later := command(t, env, officer, id, "comment", comment, "Idempotency-Key", "drop-1")
		wantStatus(t, later, http.StatusOK)
		if later.Header.Get("Idempotent-Replayed") != "true" || num(later.JSON, "revision") != num(again.JSON, "revision") {
			t.Fatalf("a later retry: replayed %q revision %d, first answer revision %d", later.Header.Get("Idempotent-Replayed"),
				num(later.JSON, "revision"), num(again.JSON, "revision"))
		}
		if n := comments(id); n != 1 {
			t.Fatalf("%d comments recorded, want 1", n)
		}
	})

	t.Run("the API times out waiting, the retry gets the outcome", func(t *testing.T) {
		id := newTask("Chờ lâu")
		env.StopWorker()
		first := command(t, env, officer, id, "comment", comment, "Idempotency-Key", "slow-1")
		checkProblem(t, first, http.StatusServiceUnavailable, "unavailable")
		env.StartWorker(t)
		// The phone retries until it gets an answer; every retry waits on
		// the same command.
		deadline := time.Now().Add(45 * time.Second)
		for {
			again := command(t, env, officer, id, "comment", comment, "Idempotency-Key", "slow-1")
			if again.Status == http.StatusOK {
				break
			}
			checkProblem(t, again, http.StatusServiceUnavailable, "unavailable")
			if time.Now().After(deadline) {
				t.Fatal("no answer 45 s after the worker came back")
			}
		}
		if n := comments(id); n != 1 {
			t.Fatalf("%d comments recorded, want 1", n)
		}
	})

	t.Run("a write's answer is lost after it committed: the retry converges", func(t *testing.T) {
		id := newTask("Mất trả lời")
		f.loseOnce.Store(true)
		r := command(t, env, officer, id, "claim", nil, "Idempotency-Key", "lost-1")
		wantStatus(t, r, http.StatusOK)
		events, _ := env.Store.TaskEvents(context.Background(), store.Scope{Path: "/"}, id)
		if len(events) != 2 || events[1].Event != models.EventClaimed {
			t.Fatalf("events %+v", events)
		}
		// And the next command goes on from there (no orphan revision).
		wantStatus(t, command(t, env, officer, id, "comment", comment), http.StatusOK)
	})

	t.Run("a command whose write never answered is replaced by the next", func(t *testing.T) {
		id := newTask("Không trả lời")
		a, b := env.UserID(t, officerNgocLam), secondOfficer(t, env)
		f.loseFor.Store(uint64(a))
		first := command(t, env, officer, id, "claim", nil, "Idempotency-Key", "orphan-1")
		f.loseFor.Store(0)
		checkProblem(t, first, http.StatusServiceUnavailable, "unavailable")
		won := command(t, env, env.Login(t, b), id, "claim", nil, "Idempotency-Key", "orphan-2")
		wantStatus(t, won, http.StatusOK)
		ctx := context.Background()
		row, _ := env.Store.GetTask(ctx, store.Scope{Path: "/"}, id)
		if row.ClaimedBy == nil || *row.ClaimedBy != env.UserID(t, b) || row.Revision != 2 {
			t.Fatalf("row: claimed by %v rev %d", row.ClaimedBy, row.Revision)
		}
		entries, err := env.Store.ListAudit(ctx, store.Scope{Path: "/"}, store.AuditFilter{EntityType: store.EntityTask, EntityID: id})
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range entries {
			actions = append(actions, e.Action)
		}
		if want := []string{"task.created", "task.claimed", store.ActionRevisionVoid, "task.claimed"}; !slices.Equal(actions, want) {
			t.Fatalf("audit %v, want %v", actions, want)
		}
		if v, err := env.Store.VerifyAudit(ctx); err != nil || !v.OK {
			t.Fatalf("audit chain: %+v %v", v, err)
		}
		// The first officer's retry is a new command now, and loses.
		checkProblem(t, command(t, env, officer, id, "claim", nil, "Idempotency-Key", "orphan-1"), http.StatusConflict, "conflict")
		if events, _ := env.Store.TaskEvents(ctx, store.Scope{Path: "/"}, id); len(events) != 2 {
			t.Fatalf("events after the retry: %d", len(events))
		}
	})
}

// TestUpdateWithStart: tasks written in bulk whose host workflow has not
// started yet take commands at once (the command starts the host); a
// command on a task whose host has finished is a conflict.
func TestUpdateWithStart(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	ctx := context.Background()
	unit, err := env.Store.UnitByCodeOrID(ctx, unitNgocLam)
	if err != nil {
		t.Fatal(err)
	}
	officer := env.Login(t, officerNgocLam)
	now := time.Now()
	spec := models.TaskSpec{ID: "t-uws-1", HostID: "uws-host-1", ProcessKind: models.ProcessCampaign, ProcessID: "camp-uws", Kind: "plan",
		UnitID: unit.ID, UnitPath: unit.Path, CandidateRole: models.RoleOfficer, Title: models.Text{Vi: "Kế hoạch chiến dịch"},
		Priority: models.PriorityNormal, DueAt: now.Add(72 * time.Hour), CreatedBy: env.UserID(t, secretaryLB)}
	_, err = env.Store.CreateTasks(ctx, store.TaskBatch{
		Hosts: []models.TaskHost{{ID: "uws-host-1", WorkflowType: models.WorkflowAdHoc, InputJSON: "{}", ProcessKind: models.ProcessCampaign, ProcessID: "camp-uws"}},
		Tasks: []models.TaskState{{TaskSpec: spec, Status: models.StatusOpen, Revision: 1, UpdatedAt: now}},
		At:    now,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.Client.DescribeWorkflowExecution(ctx, "uws-host-1", ""); err == nil {
		t.Fatal("the host runs before any command")
	}
	r := command(t, env, officer, "t-uws-1", "claim", nil, "Idempotency-Key", "uws-1")
	wantStatus(t, r, http.StatusOK)
	if r.JSON["status"] != "claimed" || num(r.JSON, "revision") != 2 {
		t.Fatalf("claim: %s", r.Body)
	}
	wantStatus(t, command(t, env, officer, "t-uws-1", "submit", map[string]any{}), http.StatusOK)
	testenv.Eventually(t, 20*time.Second, "the host finishes once its task is done", func() bool {
		d, err := env.Client.DescribeWorkflowExecution(ctx, "uws-host-1", "")
		return err == nil && d.WorkflowExecutionInfo.CloseTime != nil
	})
	checkProblem(t, command(t, env, officer, "t-uws-1", "comment", map[string]any{"text": "muộn"}), http.StatusConflict, "conflict")
}

// TestContinueAsNewUnderLoad: a host that continues as new every three
// commands takes twelve concurrent commands across its boundaries; each
// is applied once, revisions stay contiguous, and each retry gets its
// first answer.
func TestContinueAsNewUnderLoad(t *testing.T) {
	env := testenv.Start(t, testenv.Options{})
	ctx := context.Background()
	unit, err := env.Store.UnitByCodeOrID(ctx, unitNgocLam)
	if err != nil {
		t.Fatal(err)
	}
	officer := env.Login(t, officerNgocLam)
	now := time.Now()
	host := models.TaskHost{ID: "can-host-1", WorkflowType: models.WorkflowAdHoc, InputJSON: `{"max_updates":3}`, ProcessKind: models.ProcessAdHoc, ProcessID: "can-host-1"}
	var tasks []models.TaskState
	for i := range 3 {
		spec := models.TaskSpec{ID: fmt.Sprintf("t-can-%d", i), HostID: host.ID, ProcessKind: models.ProcessAdHoc, ProcessID: host.ID, Kind: "report",
			UnitID: unit.ID, UnitPath: unit.Path, CandidateRole: models.RoleOfficer, Title: models.Text{Vi: fmt.Sprintf("Báo cáo %d", i)},
			Priority: models.PriorityNormal, DueAt: now.Add(72 * time.Hour)}
		tasks = append(tasks, models.TaskState{TaskSpec: spec, Status: models.StatusOpen, Revision: 1, UpdatedAt: now})
	}
	if _, err := env.Store.CreateTasks(ctx, store.TaskBatch{Hosts: []models.TaskHost{host}, Tasks: tasks, At: now}); err != nil {
		t.Fatal(err)
	}
	first := command(t, env, officer, "t-can-0", "claim", nil)
	wantStatus(t, first, http.StatusOK)
	d, err := env.Client.DescribeWorkflowExecution(ctx, host.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	firstRun := d.WorkflowExecutionInfo.Execution.RunId

	const n = 12
	answers := make(chan *testenv.Response, n)
	for i := range n {
		go func() {
			r, err := env.Send(http.MethodPost, fmt.Sprintf("/api/v1/tasks/t-can-%d/comment", i%3), officer,
				map[string]any{"text": fmt.Sprintf("ghi chú %d", i)}, "Idempotency-Key", fmt.Sprintf("can-%d", i))
			if err != nil {
				r = &testenv.Response{Status: -1, Body: []byte(err.Error())}
			}
			answers <- r
		}()
	}
	for range n {
		wantStatus(t, <-answers, http.StatusOK)
	}
	for i := range n {
		r := command(t, env, officer, fmt.Sprintf("t-can-%d", i%3), "comment", map[string]any{"text": fmt.Sprintf("ghi chú %d", i)},
			"Idempotency-Key", fmt.Sprintf("can-%d", i))
		wantStatus(t, r, http.StatusOK)
	}
	total := 0
	for i := range 3 {
		events, err := env.Store.TaskEvents(ctx, store.Scope{Path: "/"}, fmt.Sprintf("t-can-%d", i))
		if err != nil {
			t.Fatal(err)
		}
		for j, e := range events {
			if e.Revision != j+1 {
				t.Fatalf("task %d: revisions not contiguous: %+v", i, events)
			}
			if e.Event == models.EventCommented {
				total++
			}
		}
	}
	if total != n {
		t.Fatalf("%d comments recorded, want %d", total, n)
	}
	d, err = env.Client.DescribeWorkflowExecution(ctx, host.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if d.WorkflowExecutionInfo.Execution.RunId == firstRun {
		t.Fatal("the host never continued as new")
	}
}
