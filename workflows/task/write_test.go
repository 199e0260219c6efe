package task_test

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"dsflow/models"
)

func TestWriteRetriedUntilReadModelCatchesUp(t *testing.T) {
	h := newHarnessAt(t, time.Now().Add(time.Hour).Truncate(time.Second))
	h.env.RegisterDelayedCallback(func() { h.rec.failNext(2) }, time.Hour-time.Minute)
	claim := h.at(time.Hour, models.UpdateClaim, models.TaskCommand{TaskID: "w1", Actor: officer})
	cancel := h.at(2*time.Hour, models.UpdateCancel, models.TaskCommand{TaskID: "w1", Actor: secretary})

	spec := roleTask("w1")
	spec.DueAt = h.env.Now().Add(10 * day)
	h.run(0, spec)

	h.ok(claim, cancel)
	if claim.state.Status != models.StatusClaimed || claim.state.Revision != 2 {
		t.Errorf("claim: %s rev %d", claim.state.Status, claim.state.Revision)
	}
	if h.rec.writes != 5 { // created, claim ×3, cancel
		t.Errorf("%d write attempts, want 5", h.rec.writes)
	}
	want := []string{"created@1", "claimed@2", "cancelled@3"}
	if got := h.rec.events(); !slices.Equal(got, want) {
		t.Errorf("events %v, want %v", got, want)
	}
}

func TestWriteFailsCommandChangesNothing(t *testing.T) {
	h := newHarnessAt(t, time.Now().Add(time.Hour).Truncate(time.Second))
	h.env.RegisterDelayedCallback(func() { h.rec.failNext(1 << 20) }, time.Hour-time.Minute)
	claim := h.at(time.Hour, models.UpdateClaim, models.TaskCommand{TaskID: "w2", Actor: officer})
	var during []models.TaskState
	h.env.RegisterDelayedCallback(func() {
		h.rec.failNext(0)
		v, err := h.env.QueryWorkflow(models.QueryTasks)
		if err != nil {
			t.Errorf("query: %v", err)
			return
		}
		if err := v.Get(&during); err != nil {
			t.Errorf("query result: %v", err)
		}
	}, 3*time.Hour)
	again := h.at(4*time.Hour, models.UpdateClaim, models.TaskCommand{TaskID: "w2", Actor: officer})
	cancel := h.at(5*time.Hour, models.UpdateCancel, models.TaskCommand{TaskID: "w2", Actor: secretary})

	spec := roleTask("w2")
	spec.DueAt = h.env.Now().Add(10 * day)
	h.run(0, spec)

	h.fails(claim, false, models.EUNAVAILABLE)
	h.ok(again, cancel)
	if len(during) != 1 || during[0].Status != models.StatusOpen || during[0].Revision != 1 {
		t.Errorf("state after the failed write: %+v", during)
	}
	if again.state.Revision != 2 {
		t.Errorf("claim after recovery: revision %d, want 2", again.state.Revision)
	}
}

func TestCommandsWaitForCreation(t *testing.T) {
	h := newHarnessAt(t, time.Now().Add(time.Hour).Truncate(time.Second))
	h.rec.failNext(3)
	a, b := roleTask("c1"), roleTask("c2")
	a.DueAt, b.DueAt = h.env.Now().Add(10*day), h.env.Now().Add(10*day)
	// Both arrive with the start: c1 is known when the handlers register,
	// c2 is added only after.
	claim := h.at(0, models.UpdateClaim, models.TaskCommand{TaskID: "c1", Actor: officer})
	early := h.at(0, models.UpdateClaim, models.TaskCommand{TaskID: "c2", Actor: officer})
	cancelA := h.at(time.Hour, models.UpdateCancel, models.TaskCommand{TaskID: "c1", Actor: secretary})
	cancelB := h.at(time.Hour, models.UpdateCancel, models.TaskCommand{TaskID: "c2", Actor: secretary})

	h.run(0, a, b)

	h.ok(claim, cancelA, cancelB)
	h.fails(early, true, models.ENOTFOUND)
	var c1 []string
	for _, c := range h.rec.changes {
		if c.Task.ID == "c1" {
			c1 = append(c1, c.Event+"@"+strconv.Itoa(c.Task.Revision))
		}
	}
	if want := []string{"created@1", "claimed@2", "cancelled@3"}; !slices.Equal(c1, want) {
		t.Errorf("c1 events %v, want %v", c1, want)
	}
	if h.rec.writes != len(h.rec.changes)+3 {
		t.Errorf("%d writes for %d changes: the three failures were not retried", h.rec.writes, len(h.rec.changes))
	}
	if !claim.done || claim.state.Revision != 2 {
		t.Errorf("claim: revision %d", claim.state.Revision)
	}
}

// TestOneStuckTaskDoesNotFreezeItsHost: one task whose creation the read
// model keeps failing, and one whose creation it refuses outright, leave
// the host's other task working; the refused one answers its commands with
// why, and the host completes once every task that can finish has.
func TestOneStuckTaskDoesNotFreezeItsHost(t *testing.T) {
	h := newHarness(t)
	slow, broken, fine := roleTask("s1"), roleTask("s2"), roleTask("s3")
	h.rec.mu.Lock()
	h.rec.refuse = map[string]bool{"s2": true}
	// The SDK's test environment gives up a retried activity after ten
	// attempts (the server never does): the slow creation lands within them.
	h.rec.slowUntil = map[string]time.Time{"s1": start.Add(3 * time.Minute)}
	h.rec.mu.Unlock()
	fineClaim := h.at(30*time.Second, models.UpdateClaim, models.TaskCommand{TaskID: "s3", Actor: officer})
	fineSubmit := h.at(time.Minute, models.UpdateSubmit, models.TaskCommand{TaskID: "s3", Actor: officer, Data: map[string]any{"births": 1.0}})
	slowClaim := h.at(90*time.Second, models.UpdateClaim, models.TaskCommand{TaskID: "s1", Actor: officer})
	brokenClaim := h.at(5*time.Minute, models.UpdateClaim, models.TaskCommand{TaskID: "s2", Actor: officer})
	slowCancel := h.at(10*time.Minute, models.UpdateCancel, models.TaskCommand{TaskID: "s1", Actor: secretary})

	h.run(0, slow, broken, fine)

	h.ok(fineClaim, fineSubmit, slowClaim, slowCancel)
	if at := h.rec.doneAt("s3", 3); !at.Equal(start.Add(time.Minute)) {
		t.Errorf("the fine task's submission was written at %v, not when sent: it waited for another task", at)
	}
	if at := h.rec.doneAt("s1", 2); at.Before(start.Add(3 * time.Minute)) {
		t.Errorf("the slow task's claim was written at %v, before its creation could be", at)
	}
	e := h.fails(brokenClaim, true, models.EINVALID)
	if e.Key != "error.task.broken" {
		t.Errorf("broken task: key %q", e.Key)
	}
}
