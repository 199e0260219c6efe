package task

import (
	"fmt"
	"slices"
	"time"

	"go.temporal.io/sdk/workflow"

	"dsflow/models"
)

const day = 24 * time.Hour

type timerKind int

const (
	timerRemind timerKind = iota
	timerOverdue
	timerEscalate
)

// timed is one pending timer event; n is the reminder's days before the due
// time, or the escalation level.
type timed struct {
	at   time.Time
	kind timerKind
	n    int
}

// pending lists the timer events still to come for t, earliest first. It
// depends on the task and ts only, so the timer loop can tell from it alone
// whether a change moved its next wake-up:
//   - a reminder N days before the due time, while the assignee owes work;
//   - the due time, while the assignee owes work and the task is not overdue;
//   - escalation level 1 EscalateAfterDays after the due time (or after
//     ts.EscalateFrom when set: a return after the due time), while overdue;
//   - level 2 EscalateUpAfterDays after level 1, while overdue, if the
//     unit has a parent.
func pending(t *models.TaskState, ts models.TaskTimers) []timed {
	if models.Terminal(t.Status) || t.DueAt.IsZero() || !models.AwaitsAssignee(t.Status) {
		return nil
	}
	var out []timed
	var seen []int
	for _, n := range t.Escalation.RemindDaysBefore {
		if n <= 0 || slices.Contains(seen, n) {
			continue
		}
		seen = append(seen, n)
		if at := t.DueAt.Add(-time.Duration(n) * day); at.After(ts.RemindFrom) {
			out = append(out, timed{at, timerRemind, n})
		}
	}
	esc := t.Escalation
	from := t.DueAt
	if ts.EscalateFrom.After(from) {
		from = ts.EscalateFrom
	}
	switch {
	case !t.Overdue:
		out = append(out, timed{t.DueAt, timerOverdue, 0})
	case t.EscalationLevel == 0 && esc.EscalateAfterDays > 0:
		out = append(out, timed{from.Add(time.Duration(esc.EscalateAfterDays) * day), timerEscalate, 1})
	case t.EscalationLevel == 1 && esc.EscalateUpAfterDays > 0 && parentUnit(t) != 0:
		base := ts.EscalatedAt
		if base.IsZero() {
			base = from.Add(time.Duration(esc.EscalateAfterDays) * day)
		}
		out = append(out, timed{base.Add(time.Duration(esc.EscalateUpAfterDays) * day), timerEscalate, 2})
	}
	slices.SortStableFunc(out, func(a, b timed) int { return a.at.Compare(b.at) })
	return out
}

// runTimers is the task's timer loop: it sleeps until the next pending
// event, waking early when a change moves that event, and stops when the
// task is terminal.
func (e *Engine) runTimers(ctx workflow.Context, ent *entry) {
	next := func() (time.Time, bool) {
		p := pending(&ent.state, ent.timers)
		if len(p) == 0 {
			return time.Time{}, false
		}
		return p[0].at, true
	}
	for !models.Terminal(ent.state.Status) {
		at, ok := next()
		moved := func() bool {
			at2, ok2 := next()
			return models.Terminal(ent.state.Status) || ok2 != ok || !at2.Equal(at)
		}
		now := workflow.Now(ctx)
		if !ok {
			if err := workflow.Await(ctx, moved); err != nil {
				return
			}
			continue
		}
		if at.After(now) {
			changed, err := workflow.AwaitWithTimeout(ctx, at.Sub(now), moved)
			if err != nil {
				return
			}
			if changed {
				continue
			}
		}
		if err := e.fire(ctx, ent); err != nil {
			// System writes are retried until they land, so this is a
			// refusal: retrying the same change cannot help, and the next
			// change of the task wakes the loop.
			workflow.GetLogger(ctx).Error("task timer change refused", "task", ent.state.ID, "error", err)
			if err := workflow.Await(ctx, moved); err != nil {
				return
			}
		}
	}
}

// fire handles every pending event due by now: it sends the reminders and
// makes the earliest automatic transition (overdue or one escalation level)
// as a revision by the system, under the task's lock like any command.
func (e *Engine) fire(ctx workflow.Context, ent *entry) error {
	if err := ent.mu.Lock(ctx); err != nil {
		return fmt.Errorf("lock: %w", err)
	}
	defer ent.mu.Unlock()
	now := workflow.Now(ctx)
	t := ent.state
	var move *timed
	for _, p := range pending(&t, ent.timers) {
		if p.at.After(now) {
			break
		}
		if p.kind == timerRemind {
			tag := fmt.Sprintf("remind%d-%dd", t.DueAt.Unix(), p.n)
			e.send(ctx, t, tag, []notice{{models.NotifyReminder, owes(&t)}})
		} else if move == nil {
			move = &p
		}
	}
	ent.timers.RemindFrom = now
	if move == nil {
		return nil
	}
	if move.kind == timerOverdue {
		_, err := e.commit(ctx, ent, rev{event: models.EventOverdue, system: true, apply: func(t *models.TaskState, _ time.Time) []notice {
			t.Overdue = true
			return []notice{{models.NotifyOverdue, owes(t)}}
		}})
		return err
	}
	lvl := move.n
	_, err := e.commit(ctx, ent, rev{event: models.EventEscalated, note: fmt.Sprintf("level %d", lvl), system: true,
		apply: func(t *models.TaskState, _ time.Time) []notice {
			t.EscalationLevel = lvl
			unit := t.UnitID
			if lvl == 2 {
				unit = parentUnit(t)
			}
			return []notice{{models.NotifyEscalated, holders(unit, models.RoleLeader)}}
		}})
	if err == nil && lvl == 1 {
		ent.timers.EscalatedAt = now
	}
	return err
}
