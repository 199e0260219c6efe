package adhoc_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"dsflow/models"
	"dsflow/workflows/adhoc"
	"dsflow/workflows/task"
)

var start = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

func newEnv(t *testing.T) (*testsuite.TestWorkflowEnvironment, *[]models.TaskChange) {
	t.Helper()
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.SetStartTime(start)
	var mu sync.Mutex
	var changes []models.TaskChange
	env.RegisterWorkflowWithOptions(adhoc.AdHocTasks, workflow.RegisterOptions{Name: models.WorkflowAdHoc})
	env.RegisterActivityWithOptions(func(_ context.Context, c models.TaskChange) error {
		mu.Lock()
		defer mu.Unlock()
		changes = append(changes, c)
		return nil
	}, activity.RegisterOptions{Name: models.ActivityApplyTaskChange})
	env.RegisterActivityWithOptions(func(context.Context, models.NotifyRequest) error { return nil },
		activity.RegisterOptions{Name: models.ActivityNotify})
	return env, &changes
}

func TestCompletesWhenApproved(t *testing.T) {
	env, changes := newEnv(t)
	assignee := uint(10)
	officer := models.Actor{UserID: 10, UnitID: 77, UnitPath: "/1/5/77/", Roles: []string{models.RoleOfficer}}
	leader := models.Actor{UserID: 31, UnitID: 77, UnitPath: "/1/5/77/", Roles: []string{models.RoleLeader}}
	in := models.AdHocInput{Tasks: []models.TaskSpec{{
		ID: "a1", UnitID: 77, UnitPath: "/1/5/77/", AssigneeID: &assignee,
		Title: models.Text{Vi: "Rà soát danh sách"}, DueAt: start.Add(72 * time.Hour),
		SignOff: []models.SignOffLevel{{UnitID: 77, UnitPath: "/1/5/77/", Role: models.RoleLeader}},
	}}}
	var errs []error
	send := func(d time.Duration, name string, c models.TaskCommand) {
		env.RegisterDelayedCallback(func() {
			env.UpdateWorkflow(name, "", &testsuite.TestUpdateCallback{
				OnAccept:   func() {},
				OnReject:   func(err error) { errs = append(errs, err) },
				OnComplete: func(_ interface{}, err error) { errs = append(errs, err) },
			}, c)
		}, d)
	}
	send(time.Hour, models.UpdateSubmit, models.TaskCommand{TaskID: "a1", Actor: officer})
	send(2*time.Hour, models.UpdateApprove, models.TaskCommand{TaskID: "a1", Actor: leader})

	env.ExecuteWorkflow(models.WorkflowAdHoc, in)

	if !env.IsWorkflowCompleted() || env.GetWorkflowError() != nil {
		t.Fatalf("completed %v, error %v", env.IsWorkflowCompleted(), env.GetWorkflowError())
	}
	for _, err := range errs {
		if err != nil {
			t.Errorf("update failed: %v", err)
		}
	}
	last := (*changes)[len(*changes)-1]
	if last.Task.Status != models.StatusApproved || last.Task.ProcessKind != models.ProcessAdHoc ||
		last.Task.ProcessID != "default-test-workflow-id" || !env.Now().Equal(start.Add(2*time.Hour)) {
		t.Errorf("last change %s kind %s process %s; ended at %v", last.Task.Status, last.Task.ProcessKind, last.Task.ProcessID, env.Now())
	}
}

func TestRejectsInvalidInput(t *testing.T) {
	env, _ := newEnv(t)
	role := "officer"
	env.ExecuteWorkflow(models.WorkflowAdHoc, models.AdHocInput{Tasks: []models.TaskSpec{
		{ID: "x", UnitPath: "/1/", Title: models.Text{Vi: "a"}, DueAt: start},
		{ID: "x", CandidateRole: role, AssigneeID: new(uint)},
	}})
	e := task.FromApplicationError(env.GetWorkflowError())
	if e.Code != models.EINVALID {
		t.Fatalf("error %v, want invalid", env.GetWorkflowError())
	}
	want := []string{"tasks[0].assignee_id", "tasks[1].id", "tasks[1].unit_path", "tasks[1].title.vi", "tasks[1].due_at", "tasks[1].assignee_id"}
	if len(e.Fields) != len(want) {
		t.Fatalf("fields %+v, want %v", e.Fields, want)
	}
	for i, f := range e.Fields {
		if f.Field != want[i] {
			t.Errorf("field %d: %s, want %s", i, f.Field, want[i])
		}
	}
	if adhoc.Validate(models.AdHocInput{}) == nil {
		t.Error("an input without tasks passed")
	}
}
