package task_test

import (
	"errors"
	"slices"
	"strconv"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"dsflow/models"
	"dsflow/workflows/task"
)

// canInput is the input of canHost: the tasks of its first run, or the
// carried state of a continued one.
type canInput struct {
	Specs      []models.TaskSpec
	Carry      *models.HostCarry
	MaxUpdates int
}

// canHost is a host that continues as new after MaxUpdates commands.
func canHost(ctx workflow.Context, in canInput) error {
	st := task.Start{Carry: in.Carry}
	if in.Carry == nil {
		st.Tasks = in.Specs
	}
	e, err := task.New(ctx, task.Options{MaxUpdates: in.MaxUpdates}, st)
	if err != nil {
		return err
	}
	return e.Serve(ctx, func(c models.HostCarry) error {
		return workflow.NewContinueAsNewError(ctx, "CanHost", canInput{Carry: &c, MaxUpdates: in.MaxUpdates})
	})
}

// runAt runs one run of canHost starting at at, on a fresh test
// environment sharing rec, with the Updates send schedules.
func runAt(t *testing.T, rec *recorder, at time.Time, in canInput, send func(h *harness)) (*harness, *canInput) {
	t.Helper()
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.SetStartTime(at)
	rec.mu.Lock() // a notification of the previous run may still be delivering
	rec.env = env
	rec.mu.Unlock()
	env.RegisterWorkflowWithOptions(canHost, workflow.RegisterOptions{Name: "CanHost"})
	env.RegisterActivityWithOptions(rec.apply, activity.RegisterOptions{Name: models.ActivityApplyTaskChange})
	env.RegisterActivityWithOptions(rec.notify, activity.RegisterOptions{Name: models.ActivityNotify})
	h := &harness{t: t, env: env, rec: rec}
	send(h)
	env.ExecuteWorkflow("CanHost", in)
	if !env.IsWorkflowCompleted() {
		t.Fatal("run did not complete")
	}
	err := env.GetWorkflowError()
	var can *workflow.ContinueAsNewError
	if !errors.As(err, &can) {
		if err != nil {
			t.Fatalf("run failed: %v", err)
		}
		return h, nil
	}
	var next canInput
	if err := converter.GetDefaultDataConverter().FromPayloads(can.Input, &next); err != nil {
		t.Fatalf("decode the carried input: %v", err)
	}
	return h, &next
}

// TestContinueAsNewCarriesOpenTasks runs a host through a continue-as-new
// in the middle of open tasks: revisions go on where they stopped, a task's
// deadline and escalation fire in the next run, a command retried across
// the boundary under its Update ID gets its first answer without running
// twice, and nothing is lost or doubled.
func TestContinueAsNewCarriesOpenTasks(t *testing.T) {
	rec := &recorder{}
	signed := roleTask("x1")
	signed.SignOff = twoLevels[:1]
	timed := roleTask("x2")
	timed.DueAt = start.Add(2 * day)
	timed.Escalation = models.Escalation{RemindDaysBefore: []int{1}, EscalateAfterDays: 1}

	var first, dupFirst *outcome
	_, next := runAt(t, rec, start, canInput{Specs: []models.TaskSpec{signed, timed}, MaxUpdates: 3}, func(h *harness) {
		first = h.at(time.Hour, models.UpdateClaim, models.TaskCommand{TaskID: "x1", Actor: officer})
		dupFirst = h.atID(2*time.Hour, "comment-1", models.UpdateComment, models.TaskCommand{TaskID: "x2", Actor: officer, Reason: "đang làm"})
		h.at(3*time.Hour, models.UpdateSubmit, models.TaskCommand{TaskID: "x1", Actor: officer, Data: map[string]any{"births": 7.0}})
	})
	if next == nil {
		t.Fatal("the host did not continue as new after 3 commands")
	}
	if first.failure() != nil || dupFirst.failure() != nil {
		t.Fatalf("first run: %v %v", first.failure(), dupFirst.failure())
	}
	if len(next.Carry.Tasks) != 2 || len(next.Carry.Forms) != 1 || next.Carry.Tasks[0].FormOf != 0 {
		t.Fatalf("carried %+v", next.Carry)
	}
	for _, ct := range next.Carry.Tasks {
		if len(ct.State.Form.Fields) > 0 || ct.State.Data != nil {
			t.Errorf("%s carried with its form or data", ct.State.ID)
		}
	}
	writesBefore := len(rec.changes)

	var dup, approve, cancel *outcome
	_, last := runAt(t, rec, start.Add(3*time.Hour), *next, func(h *harness) {
		dup = h.atID(time.Minute, "comment-1", models.UpdateComment, models.TaskCommand{TaskID: "x2", Actor: officer, Reason: "đang làm"})
		approve = h.at(time.Hour, models.UpdateApprove, models.TaskCommand{TaskID: "x1", Actor: communeLeader})
		cancel = h.at(5*day, models.UpdateCancel, models.TaskCommand{TaskID: "x2", Actor: secretary, Reason: "thôi"})
	})
	if last != nil {
		t.Fatal("the second run continued as new again")
	}
	h := &harness{t: t, rec: rec}
	h.ok(dup, approve, cancel)
	if dup.result != dupFirst.result {
		t.Errorf("retried comment: %+v, first answer %+v", dup.result, dupFirst.result)
	}
	if approve.state.Status != models.StatusApproved || approve.state.Revision != 4 {
		t.Errorf("approve after the boundary: %s rev %d", approve.state.Status, approve.state.Revision)
	}
	var x2 []string
	for _, c := range rec.changes {
		if c.Task.ID == "x2" {
			x2 = append(x2, c.Event+"@"+strconv.Itoa(c.Task.Revision))
		}
	}
	want := []string{"created@1", "commented@2", "overdue@3", "escalated@4", "cancelled@5"}
	if !slices.Equal(x2, want) {
		t.Errorf("x2 revisions %v, want %v", x2, want)
	}
	if len(rec.changes) != writesBefore+4 { // approve, overdue, escalated, cancelled: the retried comment wrote nothing
		t.Errorf("%d writes in the second run, want 4", len(rec.changes)-writesBefore)
	}
	var reminders int
	for _, n := range rec.notes {
		if n.Kind == models.NotifyReminder {
			reminders++
		}
	}
	if reminders != 1 {
		t.Errorf("%d reminders for x2, want 1", reminders)
	}
}
