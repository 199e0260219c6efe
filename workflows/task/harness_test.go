package task_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"dsflow/models"
	"dsflow/workflows/task"
)

const day = 24 * time.Hour

// start is the test clock's start: Monday 2 March 2026, 08:00 ICT.
var start = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

// Units: province 1 > district 5 > communes 77 and 78.
const commune = "/1/5/77/"

var (
	officer        = models.Actor{UserID: 10, UnitID: 77, UnitPath: commune, Roles: []string{models.RoleOfficer}}
	officer2       = models.Actor{UserID: 11, UnitID: 77, UnitPath: commune, Roles: []string{models.RoleOfficer}}
	otherOfficer   = models.Actor{UserID: 20, UnitID: 78, UnitPath: "/1/5/78/", Roles: []string{models.RoleOfficer}}
	communeLeader  = models.Actor{UserID: 31, UnitID: 77, UnitPath: commune, Roles: []string{models.RoleLeader}}
	secretary      = models.Actor{UserID: 32, UnitID: 77, UnitPath: commune, Roles: []string{models.RoleSecretary}}
	districtLeader = models.Actor{UserID: 30, UnitID: 5, UnitPath: "/1/5/", Roles: []string{models.RoleLeader}}
	provinceLeader = models.Actor{UserID: 40, UnitID: 1, UnitPath: "/1/", Roles: []string{models.RoleLeader}}
)

var form = models.FormSpec{Fields: []models.FormField{
	{Name: "births", Type: models.FieldCount, Required: true},
	{Name: "note", Type: models.FieldText},
}}

// roleTask is a task for any officer of commune 77, due in 10 days.
func roleTask(id string) models.TaskSpec {
	return models.TaskSpec{
		ID: id, ProcessKind: models.ProcessAdHoc, ProcessID: "p1", Kind: "report",
		UnitID: 77, UnitPath: commune, CandidateRole: models.RoleOfficer,
		Title: models.Text{Vi: "Báo cáo sinh", En: "Births report"}, Form: form,
		Priority: models.PriorityNormal, DueAt: start.Add(10 * day), CreatedBy: 31,
	}
}

// twoLevels is a sign-off by the commune's leader, then the district's.
var twoLevels = []models.SignOffLevel{
	{UnitID: 77, UnitPath: commune, Role: models.RoleLeader},
	{UnitID: 5, UnitPath: "/1/5/", Role: models.RoleLeader},
}

// recorder stands in for the activities: it records what they were given,
// with the test clock's time, and can fail the next writes.
type recorder struct {
	mu         sync.Mutex
	env        *testsuite.TestWorkflowEnvironment
	changes    []models.TaskChange
	notes      []note
	failWrites int
	writes     int
	// refuse refuses (non-retryably) the creation of these tasks;
	// slowUntil fails their writes, retryably, until the workflow clock
	// reaches the time.
	refuse    map[string]bool
	slowUntil map[string]time.Time
	// at records when each change was written, by "task@revision".
	at map[string]time.Time
}

type note struct {
	models.NotifyRequest
	at time.Time
}

func (r *recorder) apply(_ context.Context, c models.TaskChange) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.writes++
	if r.failWrites > 0 {
		r.failWrites--
		return errors.New("database unavailable")
	}
	if r.refuse[c.Task.ID] {
		return temporal.NewNonRetryableApplicationError("refused", models.EINVALID, nil)
	}
	if until, ok := r.slowUntil[c.Task.ID]; ok && r.env.Now().Before(until) {
		return errors.New("database busy")
	}
	r.changes = append(r.changes, c)
	if r.at == nil {
		r.at = map[string]time.Time{}
	}
	r.at[c.Task.ID+"@"+strconv.Itoa(c.Task.Revision)] = r.env.Now()
	return nil
}

// doneAt is when the change of a task's revision was written (zero: never).
func (r *recorder) doneAt(taskID string, revision int) time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.at[taskID+"@"+strconv.Itoa(revision)]
}

func (r *recorder) notify(_ context.Context, n models.NotifyRequest) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.notes = append(r.notes, note{n, r.env.Now()})
	return nil
}

func (r *recorder) failNext(n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.failWrites = n
}

// stateAt returns the task as the recorded change of its revision has it.
func (r *recorder) stateAt(taskID string, revision int) models.TaskState {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := len(r.changes) - 1; i >= 0; i-- {
		if c := r.changes[i]; c.Task.ID == taskID && c.Task.Revision == revision {
			return c.Task
		}
	}
	return models.TaskState{}
}

// events lists the recorded changes as "event@revision".
func (r *recorder) events() []string {
	var out []string
	for _, c := range r.changes {
		out = append(out, c.Event+"@"+strconv.Itoa(c.Task.Revision))
	}
	return out
}

// kinds lists the notifications as "kind→recipient".
func (r *recorder) kinds() []string {
	var out []string
	for _, n := range r.notes {
		out = append(out, n.Kind+"→"+n.Key[strings.LastIndex(n.Key, "/")+1:])
	}
	return out
}

// host is a minimal host workflow: add the tasks (the first when the
// engine is created, the others after), wait for them; with
// cancelAfter > 0 it cancels every task itself after that long.
func host(ctx workflow.Context, specs []models.TaskSpec, cancelAfter time.Duration) error {
	e, err := task.New(ctx, task.Options{}, task.Start{Tasks: specs[:1]})
	if err != nil {
		return err
	}
	for _, s := range specs {
		if err := e.Add(ctx, s); err != nil { // specs[0] again: a no-op
			return err
		}
	}
	if cancelAfter > 0 {
		if err := workflow.Sleep(ctx, cancelAfter); err != nil {
			return err
		}
		for _, s := range specs {
			if err := e.Cancel(ctx, s.ID, "process ended"); err != nil {
				return err
			}
		}
	}
	return e.Wait(ctx)
}

type harness struct {
	t   *testing.T
	env *testsuite.TestWorkflowEnvironment
	rec *recorder
}

func newHarness(t *testing.T) *harness { return newHarnessAt(t, start) }

// newHarnessAt starts the test clock at at.
func newHarnessAt(t *testing.T, at time.Time) *harness {
	t.Helper()
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.SetStartTime(at)
	rec := &recorder{env: env}
	env.RegisterWorkflowWithOptions(host, workflow.RegisterOptions{Name: "TestHost"})
	env.RegisterActivityWithOptions(rec.apply, activity.RegisterOptions{Name: models.ActivityApplyTaskChange})
	env.RegisterActivityWithOptions(rec.notify, activity.RegisterOptions{Name: models.ActivityNotify})
	return &harness{t: t, env: env, rec: rec}
}

// outcome is what became of one Update.
type outcome struct {
	name      string
	accepted  bool
	rejectErr error
	done      bool
	err       error
	result    models.CommandResult
	// state is the task as the command's write left it (the recorded
	// change of its revision): what the read model shows after it.
	state models.TaskState
}

// failure is the Update's error, whether the validator rejected it or the
// handler failed.
func (o *outcome) failure() error {
	if o.rejectErr != nil {
		return o.rejectErr
	}
	return o.err
}

// at sends Update name with cmd d after the start.
func (h *harness) at(d time.Duration, name string, cmd models.TaskCommand) *outcome {
	return h.atID(d, "", name, cmd)
}

// atID is at with an Update ID, as the API derives one from an
// Idempotency-Key.
func (h *harness) atID(d time.Duration, id, name string, cmd models.TaskCommand) *outcome {
	o := &outcome{name: name}
	h.env.RegisterDelayedCallback(func() {
		h.env.UpdateWorkflow(name, id, &testsuite.TestUpdateCallback{
			OnAccept: func() { o.accepted = true },
			OnReject: func(err error) { o.rejectErr, o.done = err, true },
			OnComplete: func(v interface{}, err error) {
				o.done, o.err = true, err
				if res, ok := v.(models.CommandResult); ok {
					o.result = res
					o.state = h.rec.stateAt(res.TaskID, res.Revision)
				}
			},
		}, cmd)
	}, d)
	return o
}

// run executes the host over specs and fails the test if it does not
// complete cleanly.
func (h *harness) run(cancelAfter time.Duration, specs ...models.TaskSpec) {
	h.t.Helper()
	h.env.ExecuteWorkflow("TestHost", specs, cancelAfter)
	if !h.env.IsWorkflowCompleted() {
		h.t.Fatal("workflow did not complete")
	}
	if err := h.env.GetWorkflowError(); err != nil {
		h.t.Fatalf("workflow failed: %v", err)
	}
}

// ok fails the test unless every outcome completed without error.
func (h *harness) ok(os ...*outcome) {
	h.t.Helper()
	for _, o := range os {
		if !o.done || o.failure() != nil {
			h.t.Errorf("%s: done=%v err=%v", o.name, o.done, o.failure())
		}
	}
}

// fails checks that o was rejected by the validator (rejected true) or
// failed in the handler, with the given code.
func (h *harness) fails(o *outcome, rejected bool, code string) *models.Error {
	h.t.Helper()
	if !o.done || o.failure() == nil {
		h.t.Fatalf("%s: want %s, got done=%v state=%+v", o.name, code, o.done, o.state.Status)
	}
	if got := o.rejectErr != nil; got != rejected {
		h.t.Errorf("%s: rejected by validator = %v, want %v (%v)", o.name, got, rejected, o.failure())
	}
	e := task.FromApplicationError(o.failure())
	if e.Code != code {
		h.t.Errorf("%s: code %q, want %q (%v)", o.name, e.Code, code, o.failure())
	}
	return e
}
