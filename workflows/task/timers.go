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

// schedule is the engine's one timer loop: it sleeps until the earliest
// pending event of any task, waking early when a change brings an event
// nearer (reschedule), and runs each due task's events in a coroutine of
// that task's own, so a slow write for one task holds up no other. One
// loop per host rather than one per task: a workflow coroutine costs the
// SDK a stack walk each time it is resumed, and a host of 1,000 tasks
// resumed 1,000 of them on every workflow task.
func (e *Engine) schedule(ctx workflow.Context) {
	for {
		now := workflow.Now(ctx)
		var due []*entry
		var next time.Time
		for _, id := range e.order {
			ent := e.tasks[id]
			if ent.firing || ent.nextAt.IsZero() {
				continue
			}
			if !ent.nextAt.After(now) {
				due = append(due, ent)
			} else if next.IsZero() || ent.nextAt.Before(next) {
				next = ent.nextAt
			}
		}
		for _, ent := range due {
			ent.firing = true
			workflow.Go(ctx, func(ctx workflow.Context) {
				if err := e.fire(ctx, ent); err != nil {
					// System writes are retried until they land, so this is
					// a refusal: retrying the same change cannot help, and
					// the task's next change reschedules it.
					workflow.GetLogger(ctx).Error("task timer change refused", "task", ent.state.ID, "error", err)
					ent.nextAt = time.Time{}
				}
				ent.firing = false
				e.wake = true
			})
		}
		e.wake, e.target = false, next
		var err error
		if next.IsZero() {
			err = workflow.Await(ctx, func() bool { return e.wake })
		} else {
			_, err = workflow.AwaitWithTimeout(ctx, next.Sub(now), func() bool { return e.wake })
		}
		if err != nil {
			return
		}
	}
}

// reschedule recomputes when the task's next timer event is due and wakes
// the loop if that is sooner than it sleeps for. A later event does not
// wake it: the loop finds nothing due when it wakes, and sleeps again.
func (e *Engine) reschedule(ent *entry) {
	ent.nextAt = time.Time{}
	if p := pending(&ent.state, ent.timers); len(p) > 0 {
		ent.nextAt = p[0].at
	}
	if !ent.nextAt.IsZero() && (e.target.IsZero() || ent.nextAt.Before(e.target)) {
		e.wake = true
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
	defer e.reschedule(ent)
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
			if lvl == 2 {
				return []notice{{models.NotifyEscalated, holders(parentUnit(t), models.RoleLeader)}}
			}
			out := []notice{{models.NotifyEscalated, holders(t.UnitID, models.RoleLeader)}}
			for _, u := range t.Escalation.NotifyUnits {
				out = append(out, notice{models.NotifyEscalated, holders(u, models.RoleLeader)})
			}
			return out
		}})
	if err == nil && lvl == 1 {
		ent.timers.EscalatedAt = now
	}
	return err
}
