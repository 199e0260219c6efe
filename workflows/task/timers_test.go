package task_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"dsflow/models"
)

// timeline lists changes as "event@offset" and notifications as
// "kind→recipient@offset", offsets from the start in hours.
func (r *recorder) timeline() (changes, notes []string) {
	for _, c := range r.changes {
		changes = append(changes, fmt.Sprintf("%s@%.0fh", c.Event, c.At.Sub(start).Hours()))
	}
	for i, n := range r.notes {
		notes = append(notes, fmt.Sprintf("%s@%.0fh", r.kinds()[i], n.at.Sub(start).Hours()))
	}
	return changes, notes
}

func TestExtendMovesTimers(t *testing.T) {
	h := newHarness(t)
	spec := roleTask("t6")
	spec.Escalation = models.Escalation{RemindDaysBefore: []int{3, 1}, EscalateAfterDays: 2, EscalateUpAfterDays: 3}
	ext := models.TaskCommand{TaskID: "t6", Actor: communeLeader, Reason: "lũ", DueAt: start.Add(20 * day)}
	extend := h.at(5*day, models.UpdateExtend, ext)
	cancel := h.at(30*day, models.UpdateCancel, models.TaskCommand{TaskID: "t6", Actor: communeLeader})

	h.run(0, spec)

	h.ok(extend, cancel)
	changes, notes := h.rec.timeline()
	wantChanges := []string{"created@0h", "extended@120h", "overdue@480h", "escalated@528h", "escalated@600h", "cancelled@720h"}
	if !slices.Equal(changes, wantChanges) {
		t.Errorf("changes %v, want %v", changes, wantChanges)
	}
	wantNotes := []string{
		"task.assigned→officer@77@0h", "task.extended→officer@77@120h",
		"task.reminder→officer@77@408h", "task.reminder→officer@77@456h",
		"task.overdue→officer@77@480h", "task.escalated→leader@77@528h", "task.escalated→leader@5@600h",
		"task.cancelled→officer@77@720h",
	}
	if !slices.Equal(notes, wantNotes) {
		t.Errorf("notifications %v, want %v", notes, wantNotes)
	}
	if c := h.rec.changes[1]; !h.rec.changes[0].Task.DueAt.Equal(spec.DueAt) || !c.Task.DueAt.Equal(ext.DueAt) || c.Note != "lũ" {
		t.Errorf("extend change: before %v due %v note %q", h.rec.changes[0].Task.DueAt, c.Task.DueAt, c.Note)
	}
	if c := h.rec.changes[3]; c.ActorID != 0 || c.Task.EscalationLevel != 1 || !c.Task.Overdue || !h.rec.changes[2].Task.Overdue {
		t.Errorf("escalation change: %+v", c)
	}
}

func TestEscalationOfOverdueExtendResets(t *testing.T) {
	h := newHarness(t)
	spec := roleTask("t7")
	spec.DueAt = start.Add(2 * day)
	spec.Escalation = models.Escalation{EscalateAfterDays: 1, EscalateUpAfterDays: 2}
	ext := models.TaskCommand{TaskID: "t7", Actor: districtLeader, Reason: "gia hạn", DueAt: start.Add(10 * day)}
	extend := h.at(6*day, models.UpdateExtend, ext)
	claim := h.at(7*day, models.UpdateClaim, models.TaskCommand{TaskID: "t7", Actor: officer})
	late := models.TaskCommand{TaskID: "t7", Actor: officer, Data: map[string]any{"births": 5.0}}
	submit := h.at(10*day+12*time.Hour, models.UpdateSubmit, late)

	h.run(0, spec)

	h.ok(extend, claim, submit)
	changes, notes := h.rec.timeline()
	want := []string{"created@0h", "overdue@48h", "escalated@72h", "escalated@120h", "extended@144h",
		"claimed@168h", "overdue@240h", "submitted@252h"}
	if !slices.Equal(changes, want) {
		t.Errorf("changes %v, want %v", changes, want)
	}
	wantNotes := []string{
		"task.assigned→officer@77@0h", "task.overdue→officer@77@48h", "task.escalated→leader@77@72h",
		"task.escalated→leader@5@120h", "task.extended→officer@77@144h", "task.overdue→u10@240h",
		"task.completed→u31@252h",
	}
	if !slices.Equal(notes, wantNotes) {
		t.Errorf("notifications %v, want %v", notes, wantNotes)
	}
	if st := extend.state; st.Overdue || st.EscalationLevel != 0 {
		t.Errorf("after extend: overdue %v level %d", st.Overdue, st.EscalationLevel)
	}
	if st := submit.state; st.Status != models.StatusDone || st.Overdue {
		t.Errorf("late submit: %s overdue %v", st.Status, st.Overdue)
	}
	if c := h.rec.changes[3]; c.Task.EscalationLevel != 2 || c.Note != "level 2" {
		t.Errorf("level 2 change: level %d note %q", c.Task.EscalationLevel, c.Note)
	}
}

func TestProcessCancels(t *testing.T) {
	h := newHarness(t)
	h.run(3*day, roleTask("t8"), roleTask("t9"))
	want := []string{"created@1", "created@1", "cancelled@2", "cancelled@2"}
	if got := h.rec.events(); !slices.Equal(got, want) {
		t.Errorf("events %v, want %v", got, want)
	}
	for _, c := range h.rec.changes[2:] {
		if c.ActorID != 0 || c.Note != "process ended" || c.Task.Status != models.StatusCancelled {
			t.Errorf("cancel change %+v", c)
		}
	}
}

// TestReturnAfterDueResetsEscalation: a task the approvers return after its
// due time is overdue again at once, but its escalation counts from the
// return, not from a due time that passed while the approvers held it.
func TestReturnAfterDueResetsEscalation(t *testing.T) {
	h := newHarness(t)
	spec := roleTask("t8")
	spec.DueAt = start.Add(2 * day)
	spec.SignOff = twoLevels[:1]
	spec.Escalation = models.Escalation{EscalateAfterDays: 1, EscalateUpAfterDays: 1}
	claim := h.at(time.Hour, models.UpdateClaim, models.TaskCommand{TaskID: "t8", Actor: officer})
	submit := h.at(day, models.UpdateSubmit, models.TaskCommand{TaskID: "t8", Actor: officer, Data: map[string]any{"births": 5.0}})
	ret := h.at(4*day, models.UpdateReturn, models.TaskCommand{TaskID: "t8", Actor: communeLeader, Reason: "sai số liệu"})
	cancel := h.at(7*day, models.UpdateCancel, models.TaskCommand{TaskID: "t8", Actor: communeLeader})

	h.run(0, spec)

	h.ok(claim, submit, ret, cancel)
	changes, _ := h.rec.timeline()
	want := []string{"created@0h", "claimed@1h", "submitted@24h", "returned@96h", "overdue@96h", "escalated@120h", "escalated@144h", "cancelled@168h"}
	if !slices.Equal(changes, want) {
		t.Errorf("changes %v, want %v", changes, want)
	}
	if st := ret.state; st.EscalationLevel != 0 || st.Status != models.StatusReturned {
		t.Errorf("after the return: level %d status %s", st.EscalationLevel, st.Status)
	}
}

// An escalation that names further units (a remediation names its
// inspecting unit) tells their leaders at level 1 as well; level 2 goes up
// the task's own line only.
func TestEscalationNotifiesListedUnits(t *testing.T) {
	h := newHarness(t)
	spec := roleTask("t12")
	spec.DueAt = start.Add(2 * day)
	spec.Escalation = models.Escalation{EscalateAfterDays: 1, EscalateUpAfterDays: 1, NotifyUnits: []uint{1}}
	cancel := h.at(6*day, models.UpdateCancel, models.TaskCommand{TaskID: "t12", Actor: communeLeader})

	h.run(0, spec)

	h.ok(cancel)
	_, notes := h.rec.timeline()
	slices.Sort(notes) // the two level-1 notices are sent concurrently
	want := []string{
		"task.assigned→officer@77@0h", "task.overdue→officer@77@48h",
		"task.escalated→leader@1@72h", "task.escalated→leader@77@72h",
		"task.escalated→leader@5@96h", "task.cancelled→officer@77@144h",
	}
	slices.Sort(want)
	if !slices.Equal(notes, want) {
		t.Errorf("notifications %v, want %v", notes, want)
	}
}
