package task

import (
	"slices"
	"strings"
	"time"

	"dsflow/forms"
	"dsflow/models"
)

// op is one command of the engine: which fields it takes, who may run it in
// which state (check, run by the validator and again under the lock), and
// what it does to a copy of the task (apply, which returns the notifications
// the new revision asks for).
type op struct {
	name   string
	event  string
	fields int
	check  func(t *models.TaskState, c *models.TaskCommand, now time.Time) *models.Error
	apply  func(t *models.TaskState, c *models.TaskCommand, now time.Time) []notice
}

// ops lists the commands in a fixed order, so handlers register
// deterministically.
var ops = []op{
	{models.UpdateClaim, models.EventClaimed, 0, checkClaim, applyClaim},
	{models.UpdateUnclaim, models.EventUnclaimed, 0, checkUnclaim, applyUnclaim},
	{models.UpdateSubmit, models.EventSubmitted, fData | fFiles, checkSubmit, applySubmit},
	{models.UpdateReturn, models.EventReturned, fReason, checkReturn, applyReturn},
	{models.UpdateApprove, models.EventApproved, fReason | fHash, checkApprove, applyApprove},
	{models.UpdateReassign, models.EventReassigned, fAssignee | fReason, checkReassign, applyReassign},
	{models.UpdateComment, models.EventCommented, fReason | fFiles, checkComment, applyComment},
	{models.UpdateExtend, models.EventExtended, fDue | fReason, checkExtend, applyExtend},
	{models.UpdateCancel, models.EventCancelled, fReason, checkCancel, applyCancel},
}

func checkClaim(t *models.TaskState, c *models.TaskCommand, _ time.Time) *models.Error {
	if t.CandidateRole == "" || t.AssigneeID != nil {
		return conflict("not_claimable", "task is assigned to a person")
	}
	if !c.Actor.Has(t.CandidateRole) || c.Actor.UnitPath != t.UnitPath {
		return forbidden("claim needs role %s at unit %d", t.CandidateRole, t.UnitID)
	}
	if t.Status != models.StatusOpen {
		return conflict("status", "task is %s, not open", t.Status)
	}
	return nil
}

func applyClaim(t *models.TaskState, c *models.TaskCommand, _ time.Time) []notice {
	t.Status, t.ClaimedBy = models.StatusClaimed, ptrUint(c.Actor.UserID)
	return nil
}

func checkUnclaim(t *models.TaskState, c *models.TaskCommand, _ time.Time) *models.Error {
	if t.Status != models.StatusClaimed {
		return conflict("status", "task is %s, not claimed", t.Status)
	}
	mine := t.ClaimedBy != nil && *t.ClaimedBy == c.Actor.UserID
	if !mine && !manages(c.Actor, t.UnitPath) {
		return forbidden("only the claimer or a leader or secretary in scope may unclaim")
	}
	return nil
}

func applyUnclaim(t *models.TaskState, _ *models.TaskCommand, _ time.Time) []notice {
	t.Status, t.ClaimedBy = models.StatusOpen, nil
	return nil
}

func checkSubmit(t *models.TaskState, c *models.TaskCommand, now time.Time) *models.Error {
	if !models.AwaitsAssignee(t.Status) {
		return conflict("status", "task is %s; nothing to submit", t.Status)
	}
	if t.ClosesAt != nil && now.After(*t.ClosesAt) {
		return conflict("closed_for_submission", "the task stopped taking submissions at %s", t.ClosesAt.Format(time.RFC3339))
	}
	owner := t.Owner()
	if owner == nil {
		return conflict("claim_first", "claim the task before submitting")
	}
	if *owner != c.Actor.UserID {
		return forbidden("only the task's owner may submit")
	}
	if fe := forms.ValidateData(t.Form, c.Data); len(fe) > 0 {
		return models.Invalid(fe...)
	}
	return nil
}

func applySubmit(t *models.TaskState, c *models.TaskCommand, now time.Time) []notice {
	t.Data = forms.Normalize(t.Form, c.Data)
	t.ContentHash = forms.ContentHash(t.Data, c.AttachmentIDs)
	t.SubmittedAt, t.Overdue, t.ReturnReason = ptrTime(now), false, ""
	if len(t.SignOff) == 0 {
		t.Status, t.CompletedAt = models.StatusDone, ptrTime(now)
		if t.CreatedBy != 0 {
			return []notice{{models.NotifyCompleted, user(t.CreatedBy)}}
		}
		return nil
	}
	t.Status, t.SignOffStep = models.StatusSubmitted, 0
	return []notice{{models.NotifySignOff, level(t, 0)}}
}

func checkReturn(t *models.TaskState, c *models.TaskCommand, _ time.Time) *models.Error {
	if err := decides(c.Actor, t); err != nil {
		return err
	}
	return text("reason", c.Reason, true)
}

func applyReturn(t *models.TaskState, c *models.TaskCommand, now time.Time) []notice {
	t.Decisions = append(slices.Clone(t.Decisions), models.Decision{
		Level: t.SignOffStep, ActorID: c.Actor.UserID, Decision: DecisionReturn,
		Comment: c.Reason, ContentHash: t.ContentHash, At: now,
	})
	t.Status, t.ReturnReason, t.SignOffStep = models.StatusReturned, c.Reason, 0
	return []notice{{models.NotifyReturned, owes(t)}}
}

func checkApprove(t *models.TaskState, c *models.TaskCommand, _ time.Time) *models.Error {
	if err := decides(c.Actor, t); err != nil {
		return err
	}
	if err := text("reason", c.Reason, false); err != nil {
		return err
	}
	if c.ExpectedHash != "" && c.ExpectedHash != t.ContentHash {
		return conflict("content_changed", "the content changed since it was read")
	}
	return nil
}

func applyApprove(t *models.TaskState, c *models.TaskCommand, now time.Time) []notice {
	t.Decisions = append(slices.Clone(t.Decisions), models.Decision{
		Level: t.SignOffStep, ActorID: c.Actor.UserID, Decision: DecisionApprove,
		Comment: c.Reason, ContentHash: t.ContentHash, At: now,
	})
	if t.SignOffStep >= len(t.SignOff)-1 {
		t.Status, t.CompletedAt = models.StatusApproved, ptrTime(now)
		return []notice{{models.NotifyCompleted, owes(t)}}
	}
	t.SignOffStep++
	return []notice{{models.NotifySignOff, level(t, t.SignOffStep)}}
}

func checkReassign(t *models.TaskState, c *models.TaskCommand, _ time.Time) *models.Error {
	if !manages(c.Actor, t.UnitPath) {
		return forbidden("only a leader or secretary in scope may reassign")
	}
	if err := notTerminal(t); err != nil {
		return err
	}
	if t.Status == models.StatusSubmitted {
		return conflict("status", "a submitted task waits for sign-off; return it first")
	}
	switch {
	case c.AssigneeID != nil && c.CandidateRole != "":
		return invalid("assignee_id", "excluded_with", "candidate_role")
	case c.AssigneeID == nil && c.CandidateRole == "":
		return invalid("assignee_id", "required_without", "candidate_role")
	case c.AssigneeID != nil && *c.AssigneeID == 0:
		return invalid("assignee_id", "required", "")
	case c.CandidateRole != "" && !models.ValidRole(c.CandidateRole):
		return invalid("candidate_role", "oneof", strings.Join(models.Roles, " "))
	}
	return text("reason", c.Reason, false)
}

func applyReassign(t *models.TaskState, c *models.TaskCommand, _ time.Time) []notice {
	prev := t.Owner()
	t.AssigneeID, t.CandidateRole, t.ClaimedBy = nil, c.CandidateRole, nil
	if c.AssigneeID != nil {
		t.AssigneeID = ptrUint(*c.AssigneeID)
	}
	t.Status = models.StatusOpen
	out := []notice{{models.NotifyAssigned, owes(t)}}
	if prev != nil && (t.AssigneeID == nil || *t.AssigneeID != *prev) {
		out = append(out, notice{models.NotifyReassigned, user(*prev)})
	}
	return out
}

func checkComment(t *models.TaskState, c *models.TaskCommand, _ time.Time) *models.Error {
	if t.Status == models.StatusCancelled {
		return conflict("status", "task is cancelled")
	}
	return text("reason", c.Reason, true)
}

func applyComment(*models.TaskState, *models.TaskCommand, time.Time) []notice { return nil }

func checkExtend(t *models.TaskState, c *models.TaskCommand, now time.Time) *models.Error {
	if !c.Actor.Has(models.RoleLeader) || !inScope(c.Actor, t.UnitPath) {
		return forbidden("only a leader in scope may extend")
	}
	if err := notTerminal(t); err != nil {
		return err
	}
	if err := text("reason", c.Reason, true); err != nil {
		return err
	}
	switch {
	case c.DueAt.IsZero():
		return invalid("due_at", "required", "")
	case !c.DueAt.After(t.DueAt):
		return invalid("due_at", "gt", "current_due_at")
	case !c.DueAt.After(now):
		return invalid("due_at", "gt", "now")
	}
	return nil
}

func applyExtend(t *models.TaskState, c *models.TaskCommand, _ time.Time) []notice {
	t.DueAt, t.Overdue, t.EscalationLevel = c.DueAt, false, 0
	return []notice{{models.NotifyExtended, owes(t)}}
}

func checkCancel(t *models.TaskState, c *models.TaskCommand, _ time.Time) *models.Error {
	if !manages(c.Actor, t.UnitPath) {
		return forbidden("only a leader or secretary in scope may cancel")
	}
	if err := notTerminal(t); err != nil {
		return err
	}
	return text("reason", c.Reason, false)
}

func applyCancel(t *models.TaskState, _ *models.TaskCommand, _ time.Time) []notice {
	t.Status, t.Overdue = models.StatusCancelled, false
	return []notice{{models.NotifyCancelled, owes(t)}} // nobody keeps working on it unaware
}
