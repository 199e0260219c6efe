package task

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"dsflow/models"
)

// MaxTextLen caps a reason or comment, in runes, so one command cannot bloat
// the workflow history and the read model.
const MaxTextLen = 4000

// Sign-off decisions recorded in models.Decision.Decision.
const (
	DecisionApprove = "approve"
	DecisionReturn  = "return"
)

// conflict says the task's state does not allow the command now; the
// engine attaches the current TaskState before the error leaves it.
func conflict(key, format string, args ...any) *models.Error {
	return models.Errorf(models.ECONFLICT, "error.task."+key, format, args...)
}

// forbidden says the actor may not do this to this task.
func forbidden(format string, args ...any) *models.Error {
	return models.Errorf(models.EFORBIDDEN, "error.forbidden", format, args...)
}

func invalid(field, rule, param string) *models.Error {
	return models.Invalid(models.FieldError{Field: field, Rule: rule, Param: param})
}

// inScope reports whether the actor's unit is the task's unit or above it.
func inScope(a models.Actor, path string) bool {
	return models.PathContains(a.UnitPath, path)
}

// manages reports whether the actor leads or is secretary of the task's unit
// or a unit above it: the people who may reassign, unclaim and cancel.
func manages(a models.Actor, path string) bool {
	return (a.Has(models.RoleLeader) || a.Has(models.RoleSecretary)) && inScope(a, path)
}

// decides checks that the actor may decide the sign-off level the task
// waits for: they hold its role at its unit or above.
func decides(a models.Actor, t *models.TaskState) *models.Error {
	if t.Status != models.StatusSubmitted {
		return conflict("status", "task is %s, not submitted", t.Status)
	}
	if t.SignOffStep < 0 || t.SignOffStep >= len(t.SignOff) {
		return conflict("sign_off", "no sign-off level %d", t.SignOffStep)
	}
	lvl := t.SignOff[t.SignOffStep]
	if !a.Has(lvl.Role) || !inScope(a, lvl.UnitPath) {
		return forbidden("sign-off level %d needs role %s at unit %d or above", t.SignOffStep, lvl.Role, lvl.UnitID)
	}
	// Four eyes: nobody signs off their own work, and one person decides
	// at most one level of a submission.
	if owner := t.Owner(); owner != nil && *owner == a.UserID {
		return forbidden("user %d submitted this task and cannot sign it off", a.UserID)
	}
	if t.SubmittedAt != nil {
		for _, d := range t.Decisions {
			if d.ActorID == a.UserID && !d.At.Before(*t.SubmittedAt) {
				return forbidden("user %d already decided level %d of this submission", a.UserID, d.Level)
			}
		}
	}
	return nil
}

// notTerminal rejects a command on a task that can change no more.
func notTerminal(t *models.TaskState) *models.Error {
	if models.Terminal(t.Status) {
		return conflict("terminal", "task is %s", t.Status)
	}
	return nil
}

// text checks a reason or comment: required when req, at most MaxTextLen runes.
func text(field, s string, req bool) *models.Error {
	if req && strings.TrimSpace(s) == "" {
		return invalid(field, "required", "")
	}
	if utf8.RuneCountInString(s) > MaxTextLen {
		return invalid(field, "max", strconv.Itoa(MaxTextLen))
	}
	return nil
}

// Command fields, for rejecting those a command does not use.
const (
	fData     = 1 << iota // Data
	fReason               // Reason
	fFiles                // AttachmentIDs
	fDue                  // DueAt
	fAssignee             // AssigneeID, CandidateRole
	fHash                 // ExpectedHash
)

// extraFields rejects what a command does not allow, so a client bug (a
// reason sent with a claim) is seen rather than silently dropped.
func extraFields(c *models.TaskCommand, allowed int) *models.Error {
	var fe []models.FieldError
	add := func(set bool, bit int, name string) {
		if set && allowed&bit == 0 {
			fe = append(fe, models.FieldError{Field: name, Rule: "excluded"})
		}
	}
	add(len(c.Data) > 0, fData, "data")
	add(c.Reason != "", fReason, "reason")
	add(len(c.AttachmentIDs) > 0, fFiles, "attachment_ids")
	add(!c.DueAt.IsZero(), fDue, "due_at")
	add(c.AssigneeID != nil, fAssignee, "assignee_id")
	add(c.CandidateRole != "", fAssignee, "candidate_role")
	add(c.ExpectedHash != "", fHash, "expected_hash")
	if fe != nil {
		return models.Invalid(fe...)
	}
	return nil
}

// recipient is who a notification goes to: users, or every holder of a role
// at a unit.
type recipient struct {
	users  []uint
	unitID uint
	role   string
}

// spec is the recipient's part of a notification key.
func (r recipient) spec() string {
	if len(r.users) > 0 {
		parts := make([]string, len(r.users))
		for i, u := range r.users {
			parts[i] = strconv.FormatUint(uint64(u), 10)
		}
		return "u" + strings.Join(parts, ",")
	}
	return fmt.Sprintf("%s@%d", r.role, r.unitID)
}

func user(id uint) recipient { return recipient{users: []uint{id}} }

func holders(unitID uint, role string) recipient { return recipient{unitID: unitID, role: role} }

// owes is who owes the work on t: its owner, or the candidate role holders
// at its unit while nobody has claimed it.
func owes(t *models.TaskState) recipient {
	if o := t.Owner(); o != nil {
		return user(*o)
	}
	return holders(t.UnitID, t.CandidateRole)
}

// level is the recipient of a sign-off level.
func level(t *models.TaskState, step int) recipient {
	l := t.SignOff[step]
	return holders(l.UnitID, l.Role)
}

// notice is a notification a revision asks for.
type notice struct {
	kind string
	to   recipient
}

// parentUnit returns the ID of the unit above the task's unit, or 0 at the root.
func parentUnit(t *models.TaskState) uint {
	ids := models.PathIDs(t.UnitPath)
	if len(ids) < 2 {
		return 0
	}
	return ids[len(ids)-2]
}

func ptrTime(t time.Time) *time.Time { return &t }

func ptrUint(u uint) *uint { return &u }
