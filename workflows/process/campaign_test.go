package process_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"dsflow/models"
	"dsflow/workflows/process"
)

const day = 24 * time.Hour

// start is the test clock's start: Monday 20 April 2026, 08:00 ICT; the
// campaign's window is 1 May – 30 June.
var (
	start       = time.Date(2026, 4, 20, 1, 0, 0, 0, time.UTC)
	windowStart = time.Date(2026, 4, 30, 17, 0, 0, 0, time.UTC) // 1 May 00:00 ICT
	windowEnd   = time.Date(2026, 6, 29, 17, 0, 0, 0, time.UTC) // 30 June 00:00 ICT
)

// The tree: province 1 (the root) > district 5 > communes 77 and 78.
var (
	officer77 = models.Actor{UserID: 10, UnitID: 77, UnitPath: "/1/5/77/", Roles: []string{models.RoleOfficer}}
	officer78 = models.Actor{UserID: 11, UnitID: 78, UnitPath: "/1/5/78/", Roles: []string{models.RoleOfficer}}
	district  = models.Actor{UserID: 20, UnitID: 5, UnitPath: "/1/5/", Roles: []string{models.RoleSecretary, models.RoleLeader}}
	leader    = models.Actor{UserID: 30, UnitID: 1, UnitPath: "/1/", Roles: []string{models.RoleLeader}}
	unitPaths = map[uint]string{1: "/1/", 5: "/1/5/", 77: "/1/5/77/", 78: "/1/5/78/"}
)

// fake stands in for the activities and records what they were given.
type fake struct {
	mu       sync.Mutex
	env      *testsuite.TestWorkflowEnvironment
	statuses []string
	changes  []models.TaskChange
	cancels  int
}

func (f *fake) plan(_ context.Context, id string) (models.ProcessPlan, error) {
	return models.ProcessPlan{WindowStart: windowStart, Status: models.ProcessScheduled, RootHostID: models.UnitHostID(id, 1),
		Branches: []models.BranchRef{{UnitID: 1, OnlySelf: true}, {UnitID: 5}}}, nil
}

func (f *fake) prepare(_ context.Context, in models.BranchInput) ([]models.UnitInput, error) {
	if in.OnlySelf {
		return []models.UnitInput{{ProcessID: in.ProcessID, UnitID: 1, Root: true}}, nil
	}
	var out []models.UnitInput
	for _, u := range []uint{5, 77, 78} {
		out = append(out, models.UnitInput{ProcessID: in.ProcessID, UnitID: u})
	}
	return out, nil
}

// load returns a unit's tasks as its branch wrote them.
func (f *fake) load(_ context.Context, host string) (models.HostTasks, error) {
	i := strings.LastIndex(host, "/u")
	var unit uint
	for _, c := range host[i+2:] {
		unit = unit*10 + uint(c-'0')
	}
	form := models.FormSpec{Fields: []models.FormField{{Name: "users", Type: models.FieldCount, Required: true}}}
	mk := func(step string, due time.Time, role string, signOff []models.SignOffLevel) models.TaskState {
		return models.TaskState{TaskSpec: models.TaskSpec{ID: host + "/" + step, HostID: host, ProcessKind: models.ProcessCampaign,
			ProcessID: "camp1", Kind: step, UnitID: unit, UnitPath: unitPaths[unit], CandidateRole: role, Title: models.Text{Vi: step},
			DueAt: due, SignOff: signOff, Escalation: models.Escalation{EscalateAfterDays: 3}}, Status: models.StatusOpen, Revision: 1}
	}
	var tasks []models.TaskState
	switch unit {
	case 77, 78:
		tasks = append(tasks, mk("plan", windowStart.Add(-3*day), models.RoleOfficer, nil), mk("final", windowEnd.Add(7*day), models.RoleOfficer, nil))
	case 5:
		tasks = append(tasks, mk("consolidate", windowEnd.Add(14*day), models.RoleSecretary, nil))
	case 1:
		t := mk("signoff", windowEnd.Add(21*day), models.RoleLeader, nil)
		t.Freezes = true
		tasks = append(tasks, t)
	}
	out := models.HostTasks{Tasks: tasks}
	for _, t := range tasks {
		if t.Kind == "final" {
			out.Forms = []models.FormSpec{form}
			out.FormOf = append(out.FormOf, 0)
		} else {
			out.FormOf = append(out.FormOf, -1)
		}
	}
	return out, nil
}

func (f *fake) apply(_ context.Context, ch models.TaskChange) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.changes = append(f.changes, ch)
	return nil
}

func (f *fake) status(_ context.Context, id, status, note string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.statuses = append(f.statuses, status)
	return status, nil
}

func (f *fake) cancelUnits(context.Context, string, string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cancels++
	return nil
}

func newEnv(t *testing.T) (*testsuite.TestWorkflowEnvironment, *fake) {
	t.Helper()
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.SetStartTime(start)
	env.SetStartWorkflowOptions(client.StartWorkflowOptions{ID: "camp1"})
	env.SetTestTimeout(time.Minute)
	f := &fake{env: env}
	env.RegisterWorkflowWithOptions(process.Campaign, workflow.RegisterOptions{Name: models.WorkflowCampaign})
	env.RegisterWorkflowWithOptions(process.Branch, workflow.RegisterOptions{Name: models.WorkflowBranch})
	env.RegisterWorkflowWithOptions(process.ProcessUnit, workflow.RegisterOptions{Name: models.WorkflowProcessUnit})
	for name, fn := range map[string]any{
		models.ActivityPlanProcess: f.plan, models.ActivityPrepareUnits: f.prepare, models.ActivityLoadHostTasks: f.load,
		models.ActivityApplyTaskChange: f.apply, models.ActivitySetProcessStatus: f.status, models.ActivityCancelProcessUnit: f.cancelUnits,
		models.ActivityNotify: func(context.Context, models.NotifyRequest) error { return nil },
	} {
		env.RegisterActivityWithOptions(fn, activity.RegisterOptions{Name: name})
	}
	return env, f
}

// command sends a task command to a unit's host d after the start and
// records its error.
func command(env *testsuite.TestWorkflowEnvironment, errs *[]error, d time.Duration, unit uint, step, name string, c models.TaskCommand) {
	host := models.UnitHostID("camp1", unit)
	c.TaskID = host + "/" + step
	id := fmt.Sprintf("%s/%s/%v", c.TaskID, name, d) // the test environment keys Updates by ID
	env.RegisterDelayedCallback(func() {
		err := env.UpdateWorkflowByID(host, name, id, &testsuite.TestUpdateCallback{
			OnAccept:   func() {},
			OnReject:   func(err error) { *errs = append(*errs, err) },
			OnComplete: func(_ interface{}, err error) { *errs = append(*errs, err) },
		}, c)
		if err != nil {
			*errs = append(*errs, err)
		}
	}, d)
}

// TestTwoMonthCampaign runs a whole campaign in seconds: the window opens
// ten days after the launch, the communes send their plans (one late:
// overdue, then escalated) and final reports, the district consolidates,
// the province's leader signs off, and the campaign completes.
func TestTwoMonthCampaign(t *testing.T) {
	env, f := newEnv(t)
	var errs []error
	at := func(tm time.Time) time.Duration { return tm.Sub(start) }
	for _, c := range []struct {
		when         time.Time
		unit         uint
		step, update string
		cmd          models.TaskCommand
	}{
		{windowStart.Add(-5 * day), 77, "plan", models.UpdateClaim, models.TaskCommand{Actor: officer77}},
		{windowStart.Add(-5*day + time.Hour), 77, "plan", models.UpdateSubmit, models.TaskCommand{Actor: officer77}},
		{windowStart.Add(2 * day), 78, "plan", models.UpdateClaim, models.TaskCommand{Actor: officer78}},
		{windowStart.Add(2*day + time.Hour), 78, "plan", models.UpdateSubmit, models.TaskCommand{Actor: officer78}},
		{windowEnd.Add(2 * day), 77, "final", models.UpdateClaim, models.TaskCommand{Actor: officer77}},
		{windowEnd.Add(2*day + time.Hour), 77, "final", models.UpdateSubmit, models.TaskCommand{Actor: officer77, Data: map[string]any{"users": 40}}},
		{windowEnd.Add(3 * day), 78, "final", models.UpdateClaim, models.TaskCommand{Actor: officer78}},
		{windowEnd.Add(3*day + time.Hour), 78, "final", models.UpdateSubmit, models.TaskCommand{Actor: officer78, Data: map[string]any{"users": 25}}},
		{windowEnd.Add(10 * day), 5, "consolidate", models.UpdateClaim, models.TaskCommand{Actor: district}},
		{windowEnd.Add(10*day + time.Hour), 5, "consolidate", models.UpdateSubmit, models.TaskCommand{Actor: district}},
		{windowEnd.Add(15 * day), 1, "signoff", models.UpdateClaim, models.TaskCommand{Actor: leader}},
		{windowEnd.Add(15*day + time.Hour), 1, "signoff", models.UpdateSubmit, models.TaskCommand{Actor: leader}},
	} {
		command(env, &errs, at(c.when), c.unit, c.step, c.update, c.cmd)
	}

	env.ExecuteWorkflow(models.WorkflowCampaign, models.ProcessInput{ProcessID: "camp1"})

	if !env.IsWorkflowCompleted() || env.GetWorkflowError() != nil {
		t.Fatalf("completed %v, error %v", env.IsWorkflowCompleted(), env.GetWorkflowError())
	}
	for _, err := range errs {
		if err != nil {
			t.Errorf("a command failed: %v", err)
		}
	}
	if want := []string{models.ProcessRunning, models.ProcessCompleted}; !slices.Equal(f.statuses, want) {
		t.Errorf("statuses %v, want %v", f.statuses, want)
	}
	var late []string
	for _, c := range f.changes {
		if c.Task.UnitID == 78 && (c.Event == models.EventOverdue || c.Event == models.EventEscalated) {
			late = append(late, c.Event)
		}
		if c.Task.UnitID == 77 && c.Task.Kind == "plan" && c.Event == models.EventOverdue {
			t.Error("the plan sent on time went overdue")
		}
	}
	if !slices.Equal(late, []string{models.EventOverdue, models.EventEscalated}) {
		t.Errorf("the late plan: %v, want overdue then escalated", late)
	}
	if now := env.Now(); now.Before(windowEnd.Add(15 * day)) {
		t.Errorf("the campaign ended at %v, before the sign-off", now)
	}
}

// TestCancelledBeforeTheWindow: a campaign cancelled while it waits for
// its window never runs: it is cancelled, and its units are told.
func TestCancelledBeforeTheWindow(t *testing.T) {
	env, f := newEnv(t)
	var cancelErr error = errors.New("no outcome")
	env.RegisterDelayedCallback(func() {
		env.UpdateWorkflow(models.UpdateCancelProcess, "", &testsuite.TestUpdateCallback{
			OnAccept: func() {}, OnReject: func(err error) { cancelErr = err }, OnComplete: func(_ interface{}, err error) { cancelErr = err },
		}, "đổi kế hoạch")
	}, 2*day)
	signalUnits(env, 2*day+time.Hour)

	env.ExecuteWorkflow(models.WorkflowCampaign, models.ProcessInput{ProcessID: "camp1"})

	if !env.IsWorkflowCompleted() || env.GetWorkflowError() != nil || cancelErr != nil {
		t.Fatalf("completed %v, error %v, cancel %v", env.IsWorkflowCompleted(), env.GetWorkflowError(), cancelErr)
	}
	if want := []string{models.ProcessCancelled}; !slices.Equal(f.statuses, want) || f.cancels != 1 {
		t.Errorf("statuses %v, %d unit cancellations", f.statuses, f.cancels)
	}
}

// TestCancelledWhileRunning: a cancelled campaign tells its units once;
// a second cancellation is refused.
func TestCancelledWhileRunning(t *testing.T) {
	env, f := newEnv(t)
	outcomes := make([]error, 2)
	for i, d := range []time.Duration{20 * day, 21 * day} {
		outcomes[i] = errors.New("no outcome")
		env.RegisterDelayedCallback(func() {
			env.UpdateWorkflow(models.UpdateCancelProcess, "", &testsuite.TestUpdateCallback{
				OnAccept: func() {}, OnReject: func(err error) { outcomes[i] = err }, OnComplete: func(_ interface{}, err error) { outcomes[i] = err },
			}, "đổi kế hoạch")
		}, d)
	}
	signalUnits(env, 20*day+time.Hour)

	env.ExecuteWorkflow(models.WorkflowCampaign, models.ProcessInput{ProcessID: "camp1"})

	if !env.IsWorkflowCompleted() || env.GetWorkflowError() != nil || outcomes[0] != nil {
		t.Fatalf("completed %v, error %v, cancel %v", env.IsWorkflowCompleted(), env.GetWorkflowError(), outcomes[0])
	}
	if outcomes[1] == nil {
		t.Error("a second cancellation was accepted")
	}
	if want := []string{models.ProcessRunning, models.ProcessCancelled}; !slices.Equal(f.statuses, want) || f.cancels != 1 {
		t.Errorf("statuses %v, %d unit cancellations", f.statuses, f.cancels)
	}
	cancelled := 0
	for _, c := range f.changes {
		if c.Event == models.EventCancelled {
			cancelled++
			if c.Note != "đổi kế hoạch" {
				t.Errorf("a task cancelled with note %q, not the process's reason", c.Note)
			}
		}
	}
	if cancelled != 6 { // two per commune, one for the district and the province
		t.Errorf("%d tasks cancelled, want 6", cancelled)
	}
}

// signalUnits tells every unit host to cancel, d after the start, as the
// activity CancelProcessUnits does on a real server.
func signalUnits(env *testsuite.TestWorkflowEnvironment, d time.Duration) {
	for _, u := range []uint{1, 5, 77, 78} {
		env.RegisterDelayedCallback(func() {
			_ = env.SignalWorkflowByID(models.UnitHostID("camp1", u), models.SignalCancelUnit, "đổi kế hoạch")
		}, d)
	}
}

// TestDeferredAdoption: a unit's host that starts weeks before its first
// task can have a timer event reads its tasks then, not at its start; a
// command brings the reading forward, and so does a cancellation.
func TestDeferredAdoption(t *testing.T) {
	for _, c := range []struct {
		name     string
		poke     func(env *testsuite.TestWorkflowEnvironment, errs *[]error)
		loadedAt time.Duration
	}{
		{"nothing to do until the first event", nil, 10 * day},
		{"a command first", func(env *testsuite.TestWorkflowEnvironment, errs *[]error) {
			command(env, errs, 3*day, 77, "plan", models.UpdateComment, models.TaskCommand{Actor: officer77, Reason: "sớm"})
		}, 3 * day},
		{"a cancellation first", func(env *testsuite.TestWorkflowEnvironment, _ *[]error) {
			env.RegisterDelayedCallback(func() { _ = env.SignalWorkflowByID(models.UnitHostID("camp1", 77), models.SignalCancelUnit, "thôi") }, 2*day)
		}, 2 * day},
	} {
		t.Run(c.name, func(t *testing.T) {
			env, f := newEnv(t)
			env.SetStartWorkflowOptions(client.StartWorkflowOptions{ID: models.UnitHostID("camp1", 77)})
			var loads []time.Time
			env.RegisterActivityWithOptions(func(ctx context.Context, host string) (models.HostTasks, error) {
				loads = append(loads, env.Now())
				return f.load(ctx, host)
			}, activity.RegisterOptions{Name: models.ActivityLoadHostTasks})
			var errs []error
			if c.poke != nil {
				c.poke(env, &errs)
			}
			// The unit hosts its two tasks and is done with them on day 20.
			command(env, &errs, 20*day, 77, "plan", models.UpdateCancel, models.TaskCommand{Actor: district, Reason: "xong"})
			command(env, &errs, 20*day+time.Hour, 77, "final", models.UpdateCancel, models.TaskCommand{Actor: district, Reason: "xong"})
			env.ExecuteWorkflow(models.WorkflowProcessUnit, models.UnitInput{ProcessID: "camp1", UnitID: 77, AdoptAt: start.Add(10 * day)})
			if !env.IsWorkflowCompleted() || env.GetWorkflowError() != nil {
				t.Fatalf("completed %v, error %v", env.IsWorkflowCompleted(), env.GetWorkflowError())
			}
			if len(loads) != 1 || !loads[0].Equal(start.Add(c.loadedAt)) {
				t.Fatalf("tasks read at %v, want once at start + %v", loads, c.loadedAt)
			}
			for _, err := range errs {
				if err != nil && c.name != "a cancellation first" { // its tasks were cancelled already on day 20
					t.Errorf("a command failed: %v", err)
				}
			}
		})
	}
}
