package task_test

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"go.temporal.io/sdk/workflow"

	"dsflow/forms"
	"dsflow/models"
	"dsflow/workflows/task"
)

func TestSignOffChainWithReturn(t *testing.T) {
	h := newHarness(t)
	spec := roleTask("t1")
	spec.SignOff = twoLevels
	first := map[string]any{"births": 12.0, "note": "  đủ  "}
	second := map[string]any{"births": 13.0}
	firstHash := forms.ContentHash(forms.Normalize(form, first), []string{"a1"})
	secondHash := forms.ContentHash(forms.Normalize(form, second), nil)

	cmd := func(a models.Actor) models.TaskCommand { return models.TaskCommand{TaskID: "t1", Actor: a} }
	claim := h.at(1*time.Hour, models.UpdateClaim, cmd(officer))
	bad := cmd(officer)
	bad.Data = map[string]any{"births": -1.0, "extra": "x"}
	badSubmit := h.at(2*time.Hour, models.UpdateSubmit, bad)
	good := cmd(officer)
	good.Data, good.AttachmentIDs = first, []string{"a1"}
	submit1 := h.at(3*time.Hour, models.UpdateSubmit, good)
	ret := cmd(communeLeader)
	ret.Reason = "thiếu số liệu"
	noReason := h.at(4*time.Hour, models.UpdateReturn, cmd(communeLeader))
	returned := h.at(5*time.Hour, models.UpdateReturn, ret)
	again := cmd(officer)
	again.Data = second
	submit2 := h.at(6*time.Hour, models.UpdateSubmit, again)
	ap1 := cmd(communeLeader)
	ap1.ExpectedHash = secondHash
	approve1 := h.at(7*time.Hour, models.UpdateApprove, ap1)
	wrongLevel := h.at(8*time.Hour, models.UpdateApprove, cmd(communeLeader))
	stale := cmd(districtLeader)
	stale.ExpectedHash = firstHash
	staleApprove := h.at(9*time.Hour, models.UpdateApprove, stale)
	approve2 := h.at(10*time.Hour, models.UpdateApprove, cmd(districtLeader))

	h.run(0, spec)

	h.ok(claim, submit1, returned, submit2, approve1, approve2)
	e := h.fails(badSubmit, true, models.EINVALID)
	wantFields := []models.FieldError{{Field: "births", Rule: "min", Param: "0"}, {Field: "extra", Rule: "unknown"}}
	if len(e.Fields) != 2 || e.Fields[0].Field != "births" || e.Fields[1] != wantFields[1] {
		t.Errorf("bad submit fields = %+v, want births and extra", e.Fields)
	}
	if e := h.fails(noReason, true, models.EINVALID); len(e.Fields) != 1 || e.Fields[0] != (models.FieldError{Field: "reason", Rule: "required"}) {
		t.Errorf("return without reason fields = %+v", e.Fields)
	}
	h.fails(wrongLevel, true, models.EFORBIDDEN)
	// The conflict names the rule; the API shows the task as the read model
	// has it (the workflow's answers stay lean).
	if e := h.fails(staleApprove, true, models.ECONFLICT); e.Key != "error.task.content_changed" {
		t.Errorf("stale approve: key %q", e.Key)
	}

	if got := submit1.state; got.Status != models.StatusSubmitted || got.ContentHash != firstHash || got.Data["note"] != "đủ" {
		t.Errorf("after submit: status %s hash %s data %v", got.Status, got.ContentHash, got.Data)
	}
	if got := returned.state; got.Status != models.StatusReturned || got.ReturnReason != ret.Reason || got.SignOffStep != 0 {
		t.Errorf("after return: %s %q step %d", got.Status, got.ReturnReason, got.SignOffStep)
	}
	if got := approve1.state; got.Status != models.StatusSubmitted || got.SignOffStep != 1 {
		t.Errorf("after level 1: %s step %d", got.Status, got.SignOffStep)
	}
	final := approve2.state
	if final.Status != models.StatusApproved || final.CompletedAt == nil || !final.CompletedAt.Equal(start.Add(10*time.Hour)) {
		t.Errorf("final: %s completed %v", final.Status, final.CompletedAt)
	}
	if final.ContentHash != secondHash {
		t.Errorf("final hash %s, want %s", final.ContentHash, secondHash)
	}
	var decided []string
	for _, d := range final.Decisions {
		decided = append(decided, d.Decision)
		if d.Decision == "approve" && d.ContentHash != secondHash {
			t.Errorf("approval at level %d recorded hash %s", d.Level, d.ContentHash)
		}
	}
	if want := []string{"return", "approve", "approve"}; !slices.Equal(decided, want) {
		t.Errorf("decisions %v, want %v", decided, want)
	}

	// Rejected commands recorded nothing: the revisions are contiguous.
	wantEvents := []string{"created@1", "claimed@2", "submitted@3", "returned@4", "submitted@5", "approved@6", "approved@7"}
	if got := h.rec.events(); !slices.Equal(got, wantEvents) {
		t.Errorf("events %v, want %v", got, wantEvents)
	}
	last := h.rec.changes[len(h.rec.changes)-1]
	if last.ActorID != districtLeader.UserID || last.Task.Status != models.StatusApproved || !last.At.Equal(start.Add(10*time.Hour)) {
		t.Errorf("last change: actor %d status %s at %v", last.ActorID, last.Task.Status, last.At)
	}
	// Writes stay lean: the form once, with the created revision; the data
	// with the submissions that carry it.
	for _, c := range h.rec.changes {
		if hasForm := len(c.Task.Form.Fields) > 0; hasForm != (c.Event == models.EventCreated) {
			t.Errorf("%s@%d carries a form: %v", c.Event, c.Task.Revision, hasForm)
		}
		if hasData := len(c.Task.Data) > 0; hasData != (c.Event == models.EventSubmitted) {
			t.Errorf("%s@%d carries data: %v", c.Event, c.Task.Revision, hasData)
		}
	}
	if c := h.rec.changes[2]; !slices.Equal(c.AttachmentIDs, []string{"a1"}) {
		t.Errorf("submit change attachments %v", c.AttachmentIDs)
	}
	wantNotes := []string{
		"task.assigned→officer@77", "task.signoff_pending→leader@77", "task.returned→u10",
		"task.signoff_pending→leader@77", "task.signoff_pending→leader@5", "task.completed→u10",
	}
	if got := h.rec.kinds(); !slices.Equal(got, wantNotes) {
		t.Errorf("notifications %v, want %v", got, wantNotes)
	}
	keys := map[string]bool{}
	for _, n := range h.rec.notes {
		if keys[n.Key] {
			t.Errorf("duplicate notification key %s", n.Key)
		}
		keys[n.Key] = true
		if n.TaskID != "t1" || n.Title.Vi != spec.Title.Vi {
			t.Errorf("notification %s: task %s title %v", n.Key, n.TaskID, n.Title)
		}
	}
}

func TestDoneWithoutSignOff(t *testing.T) {
	h := newHarness(t)
	spec := roleTask("t2")
	spec.CandidateRole, spec.AssigneeID = "", ptr(uint(10))
	sub := models.TaskCommand{TaskID: "t2", Actor: officer, Data: map[string]any{"births": 3.0}}
	claim := h.at(time.Hour, models.UpdateClaim, models.TaskCommand{TaskID: "t2", Actor: officer})
	done := h.at(2*time.Hour, models.UpdateSubmit, sub)

	h.run(0, spec)

	h.fails(claim, true, models.ECONFLICT) // assigned to a person: nothing to claim
	h.ok(done)
	if st := done.state; st.Status != models.StatusDone || st.CompletedAt == nil || st.SubmittedAt == nil {
		t.Errorf("state %s completed %v submitted %v", st.Status, st.CompletedAt, st.SubmittedAt)
	}
	if got, want := h.rec.kinds(), []string{"task.assigned→u10", "task.completed→u31"}; !slices.Equal(got, want) {
		t.Errorf("notifications %v, want %v", got, want)
	}
	if got := h.rec.changes[0].Task.HostID; got == "" {
		t.Error("HostID not defaulted to the workflow ID")
	}
}

func ptr[T any](v T) *T { return &v }

func TestOnChangeSeesEveryRevision(t *testing.T) {
	h := newHarness(t)
	var seen []string
	h.env.RegisterWorkflowWithOptions(func(ctx workflow.Context, s models.TaskSpec) error {
		e, err := task.New(ctx, task.Options{OnChange: func(st models.TaskState) {
			seen = append(seen, st.Status+"@"+strconv.Itoa(st.Revision))
		}}, task.Start{Tasks: []models.TaskSpec{s}})
		if err != nil {
			return err
		}
		return e.Wait(ctx)
	}, workflow.RegisterOptions{Name: "OnChangeHost"})
	claim := h.at(time.Hour, models.UpdateClaim, models.TaskCommand{TaskID: "o1", Actor: officer})
	cancel := h.at(2*time.Hour, models.UpdateCancel, models.TaskCommand{TaskID: "o1", Actor: secretary})

	h.env.ExecuteWorkflow("OnChangeHost", roleTask("o1"))

	if err := h.env.GetWorkflowError(); err != nil {
		t.Fatal(err)
	}
	h.ok(claim, cancel)
	if want := []string{"open@1", "claimed@2", "cancelled@3"}; !slices.Equal(seen, want) {
		t.Errorf("OnChange saw %v, want %v", seen, want)
	}
}
