package screening_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"dsflow/models"
	"dsflow/protocols"
	"dsflow/workflows/screening"
	"dsflow/workflows/task"
)

const day = 24 * time.Hour

// start is the test clock's start: Monday 2 March 2026, 08:00 ICT.
var start = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

// Commune 77 (district 5) screens; the person may move to commune 78.
var (
	nurse      = models.Actor{UserID: 10, UnitID: 77, UnitPath: "/1/5/77/", Roles: []string{models.RoleHealth}}
	nurse78    = models.Actor{UserID: 11, UnitID: 78, UnitPath: "/1/5/78/", Roles: []string{models.RoleHealth}}
	officer    = models.Actor{UserID: 12, UnitID: 77, UnitPath: "/1/5/77/", Roles: []string{models.RoleOfficer}}
	protocol   = protocols.Builtins()[protocols.KeyPrenatal]
	reachedYes = map[string]any{"reached": true, "outcome": "next"}
	reachedNo  = map[string]any{"reached": false}
)

// fake stands in for the activities: it keeps the case's position and
// builds the next step as AdvanceCase does, with calendar days.
type fake struct {
	mu       sync.Mutex
	env      *testsuite.TestWorkflowEnvironment
	changes  []string // "task:event@hours"
	notes    []string // "task:kind→role@unit@hours"
	advances []models.CaseAdvance
	unit     models.Unit
	adopted  []string // when the host read its tasks: "@hours"
	loads    int
}

func (f *fake) hours() string { return fmt.Sprintf("%.0fh", f.env.Now().Sub(start).Hours()) }

func (f *fake) apply(_ context.Context, c models.TaskChange) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.changes = append(f.changes, c.Task.ID+":"+c.Event+"@"+f.hours())
	return nil
}

func (f *fake) notify(_ context.Context, n models.NotifyRequest) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	to := fmt.Sprint(n.UserIDs)
	if n.Role != "" {
		to = fmt.Sprintf("%s@%d", n.Role, n.UnitID)
	}
	f.notes = append(f.notes, n.TaskID+":"+n.Kind+"→"+to+"@"+f.hours())
	return nil
}

func (f *fake) load(_ context.Context, id string) (models.CaseState, error) {
	f.mu.Lock()
	f.loads++
	f.mu.Unlock()
	return caseState(id), nil
}

// caseState is where a new case stands.
func caseState(id string) models.CaseState {
	return models.CaseState{CaseID: id, Protocol: protocol, UnitID: 77, UnitPath: "/1/5/77/", Status: models.CaseOpen,
		StepTask: protocols.StepTaskID(id, 0, 0, 0)}
}

func (f *fake) hostTasks(_ context.Context, host string) (models.HostTasks, error) {
	f.mu.Lock()
	f.adopted = append(f.adopted, "@"+f.hours())
	f.mu.Unlock()
	st := caseState("c1")
	spec := protocols.Step(protocol, st, 0, 0, 0, start.Add(7*day), 10)
	return models.HostTasks{Announced: true, Tasks: []models.TaskState{{TaskSpec: spec, Status: models.StatusOpen, Revision: 1, UpdatedAt: start}}}, nil
}

func (f *fake) advance(_ context.Context, d models.CaseAdvance) (*models.TaskSpec, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.advances = append(f.advances, d)
	if d.Outcome != "" {
		return nil, nil
	}
	days := protocol.Steps[d.Step].DueDays
	if d.Retry {
		days = protocol.RetryDays
	}
	st := models.CaseState{CaseID: d.CaseID, UnitID: f.unit.ID, UnitPath: f.unit.Path}
	spec := protocols.Step(protocol, st, d.Step, d.Attempt, 0, f.env.Now().Add(time.Duration(days)*day), d.ActorID)
	return &spec, nil
}

func (f *fake) transfer(_ context.Context, _ uint, _ string, unitID uint) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.unit = models.Unit{ID: unitID, Path: fmt.Sprintf("/1/5/%d/", unitID)}
	return nil
}

type harness struct {
	t   *testing.T
	env *testsuite.TestWorkflowEnvironment
	f   *fake
	// adoptAt is the case's deferred adoption (zero: at once).
	adoptAt time.Time
	// state is the case's state in its input (nil: loaded).
	state *models.CaseState
}

func newHarness(t *testing.T) *harness {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.SetStartTime(start)
	f := &fake{env: env, unit: models.Unit{ID: 77, Path: "/1/5/77/"}}
	env.RegisterWorkflowWithOptions(screening.Case, workflow.RegisterOptions{Name: models.WorkflowScreeningCase})
	for name, fn := range map[string]any{
		models.ActivityApplyTaskChange: f.apply, models.ActivityNotify: f.notify, models.ActivityLoadHostTasks: f.hostTasks,
		models.ActivityLoadCase: f.load, models.ActivityAdvanceCase: f.advance, models.ActivityTransferCase: f.transfer,
	} {
		env.RegisterActivityWithOptions(fn, activity.RegisterOptions{Name: name})
	}
	return &harness{t: t, env: env, f: f}
}

type outcome struct {
	name     string
	rejected error
	err      error
	done     bool
}

func (h *harness) at(d time.Duration, name string, arg any) *outcome {
	o := &outcome{name: name}
	h.env.RegisterDelayedCallback(func() {
		h.env.UpdateWorkflow(name, "", &testsuite.TestUpdateCallback{
			OnAccept:   func() {},
			OnReject:   func(err error) { o.rejected, o.done = err, true },
			OnComplete: func(_ interface{}, err error) { o.err, o.done = err, true },
		}, arg)
	}, d)
	return o
}

// step sends claim and submit of a step's task at d.
func (h *harness) step(d time.Duration, taskID string, who models.Actor, data map[string]any) []*outcome {
	return []*outcome{
		h.at(d, models.UpdateClaim, models.TaskCommand{TaskID: taskID, Actor: who}),
		h.at(d+time.Minute, models.UpdateSubmit, models.TaskCommand{TaskID: taskID, Actor: who, Data: data}),
	}
}

func (h *harness) ok(os ...[]*outcome) {
	h.t.Helper()
	for _, group := range os {
		for _, o := range group {
			if !o.done || o.rejected != nil || o.err != nil {
				h.t.Errorf("%s: done=%v rejected=%v err=%v", o.name, o.done, o.rejected, o.err)
			}
		}
	}
}

func (h *harness) run() {
	h.t.Helper()
	h.env.ExecuteWorkflow(models.WorkflowScreeningCase, models.CaseInput{CaseID: "c1", AdoptAt: h.adoptAt, State: h.state})
	if !h.env.IsWorkflowCompleted() {
		h.t.Fatal("case did not complete")
	}
	if err := h.env.GetWorkflowError(); err != nil {
		h.t.Fatalf("case failed: %v", err)
	}
}

func (h *harness) outcomes() []string {
	var out []string
	for _, a := range h.f.advances {
		out = append(out, fmt.Sprintf("s%da%d:%s", a.Step+1, a.Attempt+1, a.Outcome))
	}
	return out
}

// A case through every step of the protocol ends treated.
func TestCaseThroughProtocol(t *testing.T) {
	h := newHarness(t)
	steps := [][]*outcome{
		h.step(time.Hour, "c1.s1a1", nurse, reachedYes),
		h.step(2*day, "c1.s2a1", nurse, reachedYes),
		h.step(4*day, "c1.s3a1", nurse, reachedYes),
		h.step(10*day, "c1.s4a1", nurse, reachedYes),
	}
	h.run()
	h.ok(steps...)
	if got, want := h.outcomes(), []string{"s2a1:", "s3a1:", "s4a1:", "s4a1:treated"}; !slices.Equal(got, want) {
		t.Errorf("advances %v, want %v", got, want)
	}
}

// A person not reached is tried again, and after the protocol's three
// attempts the case is lost to follow-up.
func TestCaseLostToFollowUp(t *testing.T) {
	h := newHarness(t)
	steps := [][]*outcome{
		h.step(time.Hour, "c1.s1a1", nurse, reachedNo),
		h.step(day, "c1.s1a2", nurse, reachedNo),
		h.step(2*day, "c1.s1a3", nurse, reachedNo),
	}
	h.run()
	h.ok(steps...)
	if got, want := h.outcomes(), []string{"s1a2:", "s1a3:", "s1a3:lost"}; !slices.Equal(got, want) {
		t.Errorf("advances %v, want %v", got, want)
	}
}

// A missed step escalates: the commune's leaders a day after its deadline,
// the district's two days later; then the station refers the case.
func TestMissedStepEscalates(t *testing.T) {
	h := newHarness(t)
	late := h.step(12*day, "c1.s1a1", nurse, map[string]any{"reached": true, "outcome": "referred"})
	h.run()
	h.ok(late)
	var got []string
	for _, n := range h.f.notes {
		if strings.Contains(n, "escalated") || strings.Contains(n, "overdue") {
			got = append(got, n)
		}
	}
	want := []string{"c1.s1a1:task.overdue→health@77@168h", "c1.s1a1:task.escalated→leader@77@192h", "c1.s1a1:task.escalated→leader@5@240h"}
	if !slices.Equal(got, want) {
		t.Errorf("deadline notifications %v, want %v", got, want)
	}
	if got, want := h.outcomes(), []string{"s1a1:referred"}; !slices.Equal(got, want) {
		t.Errorf("advances %v, want %v", got, want)
	}
}

// A person who moves: the open step is cancelled at the old station and
// given, with its deadline, to the new one, whose nurse goes on. An
// officer, or a nurse of another commune, cannot move the case.
func TestCaseTransfer(t *testing.T) {
	h := newHarness(t)
	byOfficer := h.at(time.Hour, models.UpdateTransferCase, models.TransferCommand{Actor: officer, UnitID: 78, UnitPath: "/1/5/78/"})
	byOther := h.at(time.Hour, models.UpdateTransferCase, models.TransferCommand{Actor: nurse78, UnitID: 78, UnitPath: "/1/5/78/"})
	move := h.at(2*time.Hour, models.UpdateTransferCase, models.TransferCommand{Actor: nurse, UnitID: 78, UnitPath: "/1/5/78/", Reason: "chuyển nơi ở"})
	oldStep := h.at(3*time.Hour, models.UpdateClaim, models.TaskCommand{TaskID: "c1.s1a1", Actor: nurse})
	steps := [][]*outcome{
		h.step(4*time.Hour, "c1.s1a1m1", nurse78, reachedYes),
		h.step(2*day, "c1.s2a1", nurse78, map[string]any{"reached": true, "outcome": "normal"}),
	}
	h.run()
	h.ok([]*outcome{move}, steps[0], steps[1])
	for _, o := range []*outcome{byOfficer, byOther} {
		if e := task.FromApplicationError(o.rejected); o.rejected == nil || e.Code != models.EFORBIDDEN {
			t.Errorf("%s: want forbidden, got %v", o.name, o.rejected)
		}
	}
	if oldStep.rejected == nil && oldStep.err == nil {
		t.Error("the old station's task still takes commands")
	}
	want := []string{"c1.s1a1:cancelled@2h", "c1.s1a1m1:created@2h", "c1.s1a1m1:claimed@4h"}
	if got := h.f.changes[:3]; !slices.Equal(got, want) {
		t.Errorf("changes %v, want %v", got, want)
	}
	if got, want := h.outcomes(), []string{"s2a1:", "s2a1:normal"}; !slices.Equal(got, want) {
		t.Errorf("advances %v, want %v", got, want)
	}
	if h.f.unit.ID != 78 {
		t.Errorf("case at unit %d, want 78", h.f.unit.ID)
	}
}

// A case recorded with its first step announced reads its task only a day
// before its reminder could fire (as protocols.Host sets it); the reminder and
// the escalation still come on time, and a command before then adopts it
// at once.
func TestDeferredAdoption(t *testing.T) {
	h := newHarness(t)
	h.adoptAt = start.Add(5 * day)
	late := h.step(12*day, "c1.s1a1", nurse, map[string]any{"reached": true, "outcome": "referred"})
	h.run()
	h.ok(late)
	if got, want := h.f.adopted, []string{"@120h"}; !slices.Equal(got, want) {
		t.Errorf("tasks read %v, want %v", got, want)
	}
	got := h.f.notes
	want := []string{"c1.s1a1:task.reminder→health@77@144h", "c1.s1a1:task.overdue→health@77@168h",
		"c1.s1a1:task.escalated→leader@77@192h", "c1.s1a1:task.escalated→leader@5@240h"}
	if !slices.Equal(got[:min(len(got), 4)], want) {
		t.Errorf("notifications %v, want %v first", got, want)
	}

	h = newHarness(t)
	h.adoptAt = start.Add(5 * day)
	move := h.at(2*time.Hour, models.UpdateTransferCase, models.TransferCommand{Actor: nurse, UnitID: 78, UnitPath: "/1/5/78/"})
	done := h.step(3*time.Hour, "c1.s1a1m1", nurse78, map[string]any{"reached": true, "outcome": "normal"})
	h.run()
	h.ok([]*outcome{move}, done)
	if got, want := h.f.adopted, []string{"@2h"}; !slices.Equal(got, want) {
		t.Errorf("a transfer before the adoption: tasks read %v, want %v", got, want)
	}
}

// A case recorded by the API carries its state in its input: the workflow
// loads nothing before it registers its handlers, so a transfer sent the
// moment the case is recorded is taken.
func TestStateInTheInput(t *testing.T) {
	h := newHarness(t)
	st := caseState("c1")
	h.state, h.adoptAt = &st, start.Add(5*day)
	move := h.at(0, models.UpdateTransferCase, models.TransferCommand{Actor: nurse, UnitID: 78, UnitPath: "/1/5/78/"})
	done := h.step(time.Hour, "c1.s1a1m1", nurse78, map[string]any{"reached": true, "outcome": "normal"})
	h.run()
	h.ok([]*outcome{move}, done)
	if h.f.loads != 0 {
		t.Errorf("the case was loaded %d times", h.f.loads)
	}
}
