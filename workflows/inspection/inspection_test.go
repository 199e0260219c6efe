package inspection_test

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
	"dsflow/plan"
	"dsflow/workflows/inspection"
	"dsflow/workflows/task"
)

const (
	day  = 24 * time.Hour
	lead = 100
	peer = 101
)

// start is the test clock's start: Monday 2 March 2026, 08:00 ICT.
var start = time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)

// The province's team (unit 1) inspects commune 77.
var (
	commune   = models.Unit{ID: 77, Path: "/1/5/77/", Name: "Xã Hòa An"}
	insp      = models.Inspection{ID: "i1", Name: "Kiểm tra 2026", UnitID: 1, UnitPath: "/1/", LeadID: lead, WindowEnd: start.Add(3 * day), CreatedAt: start, CreatedBy: 9}
	team      = []models.TeamMember{{InspectionID: "i1", UserID: lead, Role: models.TeamLeadRole}, {InspectionID: "i1", UserID: peer, Role: models.TeamMemberRole}}
	leadActor = models.Actor{UserID: lead, UnitID: 1, UnitPath: "/1/", Roles: []string{models.RoleInspector}}
	peerActor = models.Actor{UserID: peer, UnitID: 1, UnitPath: "/1/", Roles: []string{models.RoleInspector}}
	officer   = models.Actor{UserID: 10, UnitID: 77, UnitPath: "/1/5/77/", Roles: []string{models.RoleOfficer}}
)

// fake stands in for the activities and records what they were given.
type fake struct {
	mu      sync.Mutex
	env     *testsuite.TestWorkflowEnvironment
	changes []string // "task:event@hours"
	notes   []string // "kind→unit/role or users@hours"
	signed  int
	closed  int
	// dueIn is each finding's deadline after the signing.
	dueIn []time.Duration
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

func (f *fake) load(context.Context, string) (models.HostTasks, error) {
	tasks, _, _, err := plan.Checklists(insp, []models.Unit{commune}, team)
	return models.HostTasks{Tasks: tasks}, err
}

func (f *fake) sign(_ context.Context, id string, leadID uint) (models.SignResult, error) {
	f.mu.Lock()
	at := f.env.Now()
	defer f.mu.Unlock()
	f.signed++
	var findings []models.Finding
	for i, d := range f.dueIn {
		due := at.Add(d)
		findings = append(findings, models.Finding{ID: uint(i + 1), InspectionID: id, UnitID: commune.ID, UnitPath: commune.Path,
			Severity: models.SeverityHigh, Description: "Sổ theo dõi chưa cập nhật", DueAt: &due, TaskID: fmt.Sprintf("%s.f%d", id, i+1)})
	}
	signed := insp
	signed.LeadID = leadID
	specs, err := plan.Remediations(signed, findings)
	return models.SignResult{Number: "1/BB-KT", Tasks: specs}, err
}

func (f *fake) close(context.Context, string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed++
	return nil
}

type harness struct {
	t   *testing.T
	env *testsuite.TestWorkflowEnvironment
	f   *fake
}

func newHarness(t *testing.T, dueIn ...time.Duration) *harness {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	env.SetStartTime(start)
	f := &fake{env: env, dueIn: dueIn}
	env.RegisterWorkflowWithOptions(inspection.Inspection, workflow.RegisterOptions{Name: models.WorkflowInspection})
	for name, fn := range map[string]any{
		models.ActivityApplyTaskChange: f.apply, models.ActivityNotify: f.notify, models.ActivityLoadHostTasks: f.load,
		models.ActivitySignMinutes: f.sign, models.ActivityCloseInspection: f.close,
	} {
		env.RegisterActivityWithOptions(fn, activity.RegisterOptions{Name: name})
	}
	return &harness{t: t, env: env, f: f}
}

// outcome is what became of one Update.
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

func (h *harness) taskCmd(d time.Duration, update, taskID string, actor models.Actor, data map[string]any, reason string) *outcome {
	return h.at(d, update, models.TaskCommand{TaskID: taskID, Actor: actor, Data: data, Reason: reason})
}

func (h *harness) ok(os ...*outcome) {
	h.t.Helper()
	for _, o := range os {
		if !o.done || o.rejected != nil || o.err != nil {
			h.t.Errorf("%s: done=%v rejected=%v err=%v", o.name, o.done, o.rejected, o.err)
		}
	}
}

func (h *harness) refused(o *outcome, code, key string) {
	h.t.Helper()
	if !o.done || o.rejected == nil {
		h.t.Errorf("%s: want rejected with %s, got done=%v err=%v", o.name, key, o.done, o.err)
		return
	}
	if e := task.FromApplicationError(o.rejected); e.Code != code || e.Key != key {
		h.t.Errorf("%s: got %s %s, want %s %s", o.name, e.Code, e.Key, code, key)
	}
}

func (h *harness) run() {
	h.t.Helper()
	h.env.ExecuteWorkflow(models.WorkflowInspection, models.InspectionInput{InspectionID: "i1", LeadID: lead})
	if !h.env.IsWorkflowCompleted() {
		h.t.Fatal("inspection did not complete")
	}
	if err := h.env.GetWorkflowError(); err != nil {
		h.t.Fatalf("inspection failed: %v", err)
	}
}

var (
	leadSheet = plan.ChecklistTaskID("i1", 77, lead)
	peerSheet = plan.ChecklistTaskID("i1", 77, peer)
	sheetData = map[string]any{"version": 3.0, "score": 8.0, "max_score": 10.0}
	fixed     = map[string]any{"report": "Đã cập nhật sổ", "evidence": "a1"}
)

// A visit from plan to closed: only the lead signs, only when every
// checklist is in, once; a remediation returned goes back to the unit and
// is verified the second time; one left open past its deadline escalates
// to the leaders of the commune and of the inspecting province, then of
// the district.
func TestInspectionPlanToClosed(t *testing.T) {
	h := newHarness(t, 10*day, 2*day)
	notLead := h.at(time.Hour, models.UpdateSignMinutes, models.SignCommand{Actor: peerActor})
	early := h.at(2*time.Hour, models.UpdateSignMinutes, models.SignCommand{Actor: leadActor})
	s1 := h.taskCmd(3*time.Hour, models.UpdateSubmit, leadSheet, leadActor, sheetData, "")
	s2 := h.taskCmd(4*time.Hour, models.UpdateSubmit, peerSheet, peerActor, sheetData, "")
	sign := h.at(5*time.Hour, models.UpdateSignMinutes, models.SignCommand{Actor: leadActor})
	again := h.at(6*time.Hour, models.UpdateSignMinutes, models.SignCommand{Actor: leadActor})

	f1, f2 := "i1.f1", "i1.f2"
	claim1 := h.taskCmd(1*day, models.UpdateClaim, f1, officer, nil, "")
	sub1 := h.taskCmd(2*day, models.UpdateSubmit, f1, officer, fixed, "")
	ret1 := h.taskCmd(2*day+time.Hour, models.UpdateReturn, f1, peerActor, nil, "Thiếu ảnh chụp sổ")
	resub1 := h.taskCmd(2*day+2*time.Hour, models.UpdateSubmit, f1, officer, fixed, "")
	ok1 := h.taskCmd(2*day+3*time.Hour, models.UpdateApprove, f1, leadActor, nil, "")
	claim2 := h.taskCmd(6*day, models.UpdateClaim, f2, officer, nil, "")
	sub2 := h.taskCmd(6*day+time.Hour, models.UpdateSubmit, f2, officer, fixed, "")
	ok2 := h.taskCmd(6*day+2*time.Hour, models.UpdateApprove, f2, peerActor, nil, "")

	h.run()

	h.refused(notLead, models.EFORBIDDEN, "error.inspection.lead_only")
	h.refused(early, models.ECONFLICT, "error.inspection.checklists_open")
	h.refused(again, models.ECONFLICT, "error.inspection.signed")
	h.ok(s1, s2, sign, claim1, sub1, ret1, resub1, ok1, claim2, sub2, ok2)
	if h.f.signed != 1 || h.f.closed != 1 {
		t.Errorf("signed %d times, closed %d times; want 1 and 1", h.f.signed, h.f.closed)
	}
	// f2 is due 2 days after the signing (5h): overdue at 53h, level 1 a day
	// later, level 2 two days after that.
	want := []string{
		f2 + ":task.overdue→officer@77@53h",
		f2 + ":task.escalated→leader@77@77h", f2 + ":task.escalated→leader@1@77h",
		f2 + ":task.escalated→leader@5@125h",
	}
	var got []string
	for _, n := range h.f.notes {
		if strings.HasPrefix(n, f2+":") && (strings.Contains(n, "overdue") || strings.Contains(n, "escalated")) {
			got = append(got, n)
		}
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("f2 deadline notifications %v, want %v", got, want)
	}
	wantF1 := []string{f1 + ":created@5h", f1 + ":claimed@24h", f1 + ":submitted@48h", f1 + ":returned@49h",
		f1 + ":submitted@50h", f1 + ":approved@51h"}
	var gotF1 []string
	for _, c := range h.f.changes {
		if strings.HasPrefix(c, f1+":") {
			gotF1 = append(gotF1, c)
		}
	}
	if !slices.Equal(gotF1, wantF1) {
		t.Errorf("f1 changes %v, want %v", gotF1, wantF1)
	}
}

// An inspection signed with no findings closes at once.
func TestInspectionWithoutFindingsClosesWhenSigned(t *testing.T) {
	h := newHarness(t)
	s1 := h.taskCmd(time.Hour, models.UpdateSubmit, leadSheet, leadActor, sheetData, "")
	s2 := h.taskCmd(time.Hour, models.UpdateSubmit, peerSheet, peerActor, sheetData, "")
	sign := h.at(2*time.Hour, models.UpdateSignMinutes, models.SignCommand{Actor: leadActor})
	h.run()
	h.ok(s1, s2, sign)
	if h.f.closed != 1 || h.env.Now().Sub(start) != 2*time.Hour {
		t.Errorf("closed %d times at %v", h.f.closed, h.env.Now().Sub(start))
	}
}

// Every checklist done does not end the inspection before the lead signs:
// the workflow waits (here, past the window) for the signature.
func TestInspectionWaitsForSignature(t *testing.T) {
	h := newHarness(t)
	s1 := h.taskCmd(time.Hour, models.UpdateSubmit, leadSheet, leadActor, sheetData, "")
	s2 := h.taskCmd(time.Hour, models.UpdateSubmit, peerSheet, peerActor, sheetData, "")
	sign := h.at(20*day, models.UpdateSignMinutes, models.SignCommand{Actor: leadActor})
	h.run()
	h.ok(s1, s2, sign)
	if h.env.Now().Sub(start) != 20*day || h.f.closed != 1 {
		t.Errorf("closed %d times at %v, want once at 20 days", h.f.closed, h.env.Now().Sub(start))
	}
}
