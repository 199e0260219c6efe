package task_test

import (
	"slices"
	"testing"
	"time"

	"dsflow/models"
)

func TestPermissionsAndState(t *testing.T) {
	h := newHarness(t)
	spec := roleTask("t3")
	spec.SignOff = twoLevels[:1]
	c := func(a models.Actor) models.TaskCommand { return models.TaskCommand{TaskID: "t3", Actor: a} }
	withReason := c(officer)
	withReason.Reason = "tôi nhận"
	hour := func(n int) time.Duration { return time.Duration(n) * time.Hour }

	foreign := h.at(hour(1), models.UpdateClaim, c(otherOfficer))
	noRole := h.at(hour(1), models.UpdateClaim, c(communeLeader))
	extra := h.at(hour(1), models.UpdateClaim, withReason)
	unknown := h.at(hour(1), models.UpdateClaim, models.TaskCommand{TaskID: "nope", Actor: officer})
	claim := h.at(hour(2), models.UpdateClaim, c(officer))
	second := h.at(hour(3), models.UpdateClaim, c(officer2))
	notOwner := c(officer2)
	notOwner.Data = map[string]any{"births": 1.0}
	stranger := h.at(hour(3), models.UpdateSubmit, notOwner)
	ext := c(secretary)
	ext.Reason, ext.DueAt = "bão", start.Add(20*day)
	secExtend := h.at(hour(4), models.UpdateExtend, ext)
	early := c(communeLeader)
	early.Reason, early.DueAt = "bão", start.Add(5*day)
	earlyExtend := h.at(hour(4), models.UpdateExtend, early)
	sub := c(officer)
	sub.Data = map[string]any{"births": 4.0}
	submit := h.at(hour(5), models.UpdateSubmit, sub)
	wrongRole := h.at(hour(6), models.UpdateApprove, c(officer))
	otherUnit := h.at(hour(6), models.UpdateApprove, models.TaskCommand{TaskID: "t3", Actor: models.Actor{
		UserID: 50, UnitID: 78, UnitPath: "/1/5/78/", Roles: []string{models.RoleLeader}}})
	re := c(communeLeader)
	re.AssigneeID = ptr(uint(11))
	reassignSubmitted := h.at(hour(7), models.UpdateReassign, re)
	comment := c(otherOfficer)
	comment.Reason = "ghi chú"
	commented := h.at(hour(8), models.UpdateComment, comment)
	cancel := h.at(hour(9), models.UpdateCancel, c(provinceLeader))

	h.run(0, spec)

	h.fails(foreign, true, models.EFORBIDDEN)
	h.fails(noRole, true, models.EFORBIDDEN)
	if e := h.fails(extra, true, models.EINVALID); len(e.Fields) != 1 || e.Fields[0].Field != "reason" || e.Fields[0].Rule != "excluded" {
		t.Errorf("claim with a reason: %+v", e.Fields)
	}
	h.fails(unknown, true, models.ENOTFOUND)
	if e := h.fails(second, true, models.ECONFLICT); e.Key != "error.task.status" {
		t.Errorf("second claim: key %q", e.Key)
	}
	h.fails(stranger, true, models.EFORBIDDEN)
	h.fails(secExtend, true, models.EFORBIDDEN)
	if e := h.fails(earlyExtend, true, models.EINVALID); len(e.Fields) != 1 || e.Fields[0].Field != "due_at" {
		t.Errorf("early extend: %+v", e.Fields)
	}
	h.fails(wrongRole, true, models.EFORBIDDEN)
	h.fails(otherUnit, true, models.EFORBIDDEN)
	h.fails(reassignSubmitted, true, models.ECONFLICT)
	h.ok(claim, submit, commented, cancel)
	if commented.state.Status != models.StatusSubmitted || commented.state.Revision != 4 {
		t.Errorf("comment: %s rev %d", commented.state.Status, commented.state.Revision)
	}
	if cancel.state.Status != models.StatusCancelled {
		t.Errorf("cancel: %s", cancel.state.Status)
	}
	want := []string{"created@1", "claimed@2", "submitted@3", "commented@4", "cancelled@5"}
	if got := h.rec.events(); !slices.Equal(got, want) {
		t.Errorf("events %v, want %v", got, want)
	}
	if c := h.rec.changes[3]; c.Note != "ghi chú" || c.ActorID != otherOfficer.UserID {
		t.Errorf("comment change: note %q actor %d", c.Note, c.ActorID)
	}
}

func TestReassignAndUnclaim(t *testing.T) {
	h := newHarness(t)
	c := func(a models.Actor) models.TaskCommand { return models.TaskCommand{TaskID: "t4", Actor: a} }
	claim := h.at(time.Hour, models.UpdateClaim, c(officer))
	unclaim := h.at(2*time.Hour, models.UpdateUnclaim, c(secretary))
	claimAgain := h.at(3*time.Hour, models.UpdateClaim, c(officer))
	both := c(communeLeader)
	both.AssigneeID, both.CandidateRole = ptr(uint(11)), models.RoleOfficer
	bothBad := h.at(4*time.Hour, models.UpdateReassign, both)
	re := c(communeLeader)
	re.AssigneeID = ptr(uint(11))
	reassign := h.at(5*time.Hour, models.UpdateReassign, re)
	oldOwner := c(officer)
	oldOwner.Data = map[string]any{"births": 1.0}
	late := h.at(6*time.Hour, models.UpdateSubmit, oldOwner)
	cancel := h.at(7*time.Hour, models.UpdateCancel, c(secretary))

	h.run(0, roleTask("t4"))

	h.ok(claim, unclaim, claimAgain, reassign, cancel)
	h.fails(bothBad, true, models.EINVALID)
	h.fails(late, true, models.EFORBIDDEN)
	if st := unclaim.state; st.Status != models.StatusOpen || st.ClaimedBy != nil {
		t.Errorf("unclaim: %s %v", st.Status, st.ClaimedBy)
	}
	if st := reassign.state; st.Status != models.StatusOpen || st.ClaimedBy != nil || st.AssigneeID == nil || *st.AssigneeID != 11 || st.CandidateRole != "" {
		t.Errorf("reassign: %+v", st)
	}
	// The two notices of one reassign run as concurrent activities: their
	// order is not the workflow's to decide.
	want := []string{"task.assigned→officer@77", "task.assigned→u11", "task.cancelled→u11", "task.reassigned→u10"}
	got := h.rec.kinds()
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("notifications %v, want %v", got, want)
	}
}

func TestConcurrentSubmitOneWins(t *testing.T) {
	h := newHarness(t)
	spec := roleTask("t5")
	spec.SignOff = twoLevels
	claim := h.at(time.Hour, models.UpdateClaim, models.TaskCommand{TaskID: "t5", Actor: officer})
	a := models.TaskCommand{TaskID: "t5", Actor: officer, Data: map[string]any{"births": 1.0}}
	b := models.TaskCommand{TaskID: "t5", Actor: officer, Data: map[string]any{"births": 2.0}}
	first := h.at(2*time.Hour, models.UpdateSubmit, a)
	second := h.at(2*time.Hour, models.UpdateSubmit, b)
	cancel := h.at(3*time.Hour, models.UpdateCancel, models.TaskCommand{TaskID: "t5", Actor: districtLeader})

	h.run(0, spec)

	h.ok(claim, cancel)
	if !first.accepted || !second.accepted {
		t.Fatalf("both submits should pass the validator: %v %v", first.rejectErr, second.rejectErr)
	}
	winner, loser := first, second
	if first.failure() != nil {
		winner, loser = second, first
	}
	h.ok(winner)
	if e := h.fails(loser, false, models.ECONFLICT); e.Key != "error.task.status" {
		t.Errorf("loser's conflict: key %q", e.Key)
	}
	if st := winner.state; st.Status != models.StatusSubmitted || st.Revision != 3 {
		t.Errorf("winner: %s rev %d", st.Status, st.Revision)
	}
	var submits int
	for _, c := range h.rec.changes {
		if c.Event == models.EventSubmitted {
			submits++
		}
	}
	if submits != 1 {
		t.Errorf("%d submitted revisions, want 1", submits)
	}
}

// TestFourEyes: nobody signs off their own work, and one person decides at
// most one level of a submission, even when their role and unit would
// allow both.
func TestFourEyes(t *testing.T) {
	h := newHarness(t)
	spec := roleTask("t5")
	spec.CandidateRole, spec.AssigneeID = "", ptr(communeLeader.UserID)
	spec.SignOff = []models.SignOffLevel{{UnitID: 77, UnitPath: commune, Role: models.RoleLeader}, twoLevels[1]}
	c := func(a models.Actor) models.TaskCommand { return models.TaskCommand{TaskID: "t5", Actor: a} }
	hour := func(n int) time.Duration { return time.Duration(n) * time.Hour }
	sub := c(communeLeader)
	sub.Data = map[string]any{"births": 2.0}
	submit := h.at(hour(1), models.UpdateSubmit, sub)
	own := h.at(hour(2), models.UpdateApprove, c(communeLeader))
	first := h.at(hour(3), models.UpdateApprove, c(districtLeader))
	again := h.at(hour(4), models.UpdateApprove, c(districtLeader))
	last := h.at(hour(5), models.UpdateApprove, c(provinceLeader))

	h.run(0, spec)

	h.ok(submit, first, last)
	h.fails(own, true, models.EFORBIDDEN)
	h.fails(again, true, models.EFORBIDDEN)
	if last.state.Status != models.StatusApproved || len(last.state.Decisions) != 2 {
		t.Errorf("after two different deciders: %s, %d decisions", last.state.Status, len(last.state.Decisions))
	}
}

// TestClosedForSubmission: a task whose template refuses late reports takes
// no submission after it closes; other commands go on.
func TestClosedForSubmission(t *testing.T) {
	h := newHarness(t)
	spec := roleTask("t9")
	closes := start.Add(2 * day)
	spec.ClosesAt = &closes
	claim := h.at(time.Hour, models.UpdateClaim, models.TaskCommand{TaskID: "t9", Actor: officer})
	late := h.at(3*day, models.UpdateSubmit, models.TaskCommand{TaskID: "t9", Actor: officer, Data: map[string]any{"births": 1.0}})
	comment := h.at(3*day+time.Hour, models.UpdateComment, models.TaskCommand{TaskID: "t9", Actor: officer, Reason: "xin gia hạn"})
	cancel := h.at(4*day, models.UpdateCancel, models.TaskCommand{TaskID: "t9", Actor: secretary})

	h.run(0, spec)

	h.ok(claim, comment, cancel)
	if e := h.fails(late, true, models.ECONFLICT); e.Key != "error.task.closed_for_submission" {
		t.Errorf("late submit: key %q", e.Key)
	}
}
