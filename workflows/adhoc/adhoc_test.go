package adhoc_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"dsflow/models"
	"dsflow/workflows/adhoc"
)

var start = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

var (
	officer = models.Actor{UserID: 10, UnitID: 77, UnitPath: "/1/5/77/", Roles: []string{models.RoleOfficer}}
	leader  = models.Actor{UserID: 31, UnitID: 77, UnitPath: "/1/5/77/", Roles: []string{models.RoleLeader}}
)

// written is the task the API wrote to the read model before starting the
// workflow, as LoadHostTasks returns it.
func written() models.HostTasks {
	assignee := uint(10)
	return models.HostTasks{
		Tasks: []models.TaskState{{TaskSpec: models.TaskSpec{
			ID: "a1", HostID: "default-test-workflow-id", ProcessKind: models.ProcessAdHoc, ProcessID: "default-test-workflow-id",
			UnitID: 77, UnitPath: "/1/5/77/", AssigneeID: &assignee, Title: models.Text{Vi: "Rà soát danh sách"}, DueAt: start.Add(72 * time.Hour),
			SignOff:   []models.SignOffLevel{{UnitID: 77, UnitPath: "/1/5/77/", Role: models.RoleLeader}},
			CreatedBy: 31,
		}, Status: models.StatusOpen, Revision: 1, UpdatedAt: start}},
		Forms:  []models.FormSpec{{Fields: []models.FormField{{Name: "n", Type: models.FieldCount, Required: true}}}},
		FormOf: []int{0},
	}
}

type env struct {
	*testsuite.TestWorkflowEnvironment
	mu      sync.Mutex
	changes []models.TaskChange
	notes   []string
	loads   int
}

func newEnv(t *testing.T) *env {
	t.Helper()
	var s testsuite.WorkflowTestSuite
	e := &env{TestWorkflowEnvironment: s.NewTestWorkflowEnvironment()}
	e.SetStartTime(start)
	e.RegisterWorkflowWithOptions(adhoc.AdHocTasks, workflow.RegisterOptions{Name: models.WorkflowAdHoc})
	e.RegisterActivityWithOptions(func(_ context.Context, c models.TaskChange) error {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.changes = append(e.changes, c)
		return nil
	}, activity.RegisterOptions{Name: models.ActivityApplyTaskChange})
	e.RegisterActivityWithOptions(func(_ context.Context, n models.NotifyRequest) error {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.notes = append(e.notes, n.Kind)
		return nil
	}, activity.RegisterOptions{Name: models.ActivityNotify})
	e.RegisterActivityWithOptions(func(_ context.Context, host string) (models.HostTasks, error) {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.loads++
		if e.loads == 1 {
			return models.HostTasks{}, errors.New("database restarting") // retried
		}
		return written(), nil
	}, activity.RegisterOptions{Name: models.ActivityLoadHostTasks})
	return e
}

// send sends an Update d after the start and records its outcome.
func (e *env) send(d time.Duration, name string, c models.TaskCommand) *error {
	out := new(error)
	*out = errors.New("no outcome")
	e.RegisterDelayedCallback(func() {
		e.UpdateWorkflow(name, "", &testsuite.TestUpdateCallback{
			OnAccept:   func() {},
			OnReject:   func(err error) { *out = err },
			OnComplete: func(_ interface{}, err error) { *out = err },
		}, c)
	}, d)
	return out
}

// TestAdoptsWrittenTasks: the workflow takes over the task the API wrote
// (without writing its created revision again), a command arriving while
// it loads waits instead of failing, and the workflow completes when the
// task is approved.
func TestAdoptsWrittenTasks(t *testing.T) {
	e := newEnv(t)
	early := e.send(0, models.UpdateComment, models.TaskCommand{TaskID: "a1", Actor: officer, Reason: "đã nhận"})
	bad := e.send(time.Hour, models.UpdateSubmit, models.TaskCommand{TaskID: "a1", Actor: officer, Data: map[string]any{"n": -1}})
	submit := e.send(2*time.Hour, models.UpdateSubmit, models.TaskCommand{TaskID: "a1", Actor: officer, Data: map[string]any{"n": 4}})
	approve := e.send(3*time.Hour, models.UpdateApprove, models.TaskCommand{TaskID: "a1", Actor: leader})

	e.ExecuteWorkflow(models.WorkflowAdHoc, models.AdHocInput{})

	if !e.IsWorkflowCompleted() || e.GetWorkflowError() != nil {
		t.Fatalf("completed %v, error %v", e.IsWorkflowCompleted(), e.GetWorkflowError())
	}
	for name, err := range map[string]error{"early comment": *early, "submit": *submit, "approve": *approve} {
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if *bad == nil {
		t.Error("a submission against the adopted form's rules passed")
	}
	var events []string
	for _, c := range e.changes {
		events = append(events, c.Event)
	}
	if want := []string{models.EventCommented, models.EventSubmitted, models.EventApproved}; len(events) != 3 || events[0] != want[0] || events[2] != want[2] {
		t.Errorf("writes %v, want %v (no created revision: the API wrote it)", events, want)
	}
	if len(e.notes) == 0 || e.notes[0] != models.NotifyAssigned {
		t.Errorf("notifications %v: the assignee was not told", e.notes)
	}
	if last := e.changes[len(e.changes)-1]; last.Task.Revision != 4 || last.Task.ProcessKind != models.ProcessAdHoc {
		t.Errorf("last change: rev %d kind %s", last.Task.Revision, last.Task.ProcessKind)
	}
}
