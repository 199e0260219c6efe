package task

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"dsflow/models"
)

// register installs the Update handler of one command. The validator
// rejects before anything is recorded in history; the handler takes the
// lock and checks the same rules again against the state it will change,
// since another command may have won in between.
func (e *Engine) register(ctx workflow.Context, o *op) error {
	err := workflow.SetUpdateHandlerWithOptions(ctx, o.name,
		func(ctx workflow.Context, c models.TaskCommand) (models.TaskState, error) {
			st, err := e.handle(ctx, o, c)
			if err != nil {
				return models.TaskState{}, ToApplicationError(err)
			}
			return st, nil
		},
		workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, c models.TaskCommand) error {
			if err := e.validate(ctx, o, &c); err != nil {
				return ToApplicationError(err)
			}
			return nil
		}},
	)
	if err != nil {
		return fmt.Errorf("task engine: register %s: %w", o.name, err)
	}
	return nil
}

// validate runs the command's rules against the current state without
// changing anything. A conflict carries the task as it now is.
func (e *Engine) validate(ctx workflow.Context, o *op, c *models.TaskCommand) *models.Error {
	ent, err := e.find(c.TaskID)
	if err != nil {
		return err
	}
	if err := extraFields(c, o.fields); err != nil {
		return err
	}
	if err := o.check(&ent.state, c, workflow.Now(ctx)); err != nil {
		return withState(err, ent.state)
	}
	return nil
}

// handle runs an accepted command under the lock.
func (e *Engine) handle(ctx workflow.Context, o *op, c models.TaskCommand) (models.TaskState, error) {
	if err := e.mu.Lock(ctx); err != nil {
		return models.TaskState{}, fmt.Errorf("task engine: %s: lock: %w", o.name, err)
	}
	defer e.mu.Unlock()
	if _, err := e.ready(ctx, c.TaskID); err != nil {
		return models.TaskState{}, err
	}
	if err := e.validate(ctx, o, &c); err != nil {
		return models.TaskState{}, err
	}
	return e.commit(ctx, e.tasks[c.TaskID], rev{
		event: o.event, actor: c.Actor.UserID, note: c.Reason, files: c.AttachmentIDs,
		apply: func(t *models.TaskState, now time.Time) []notice { return o.apply(t, &c, now) },
	})
}

// withState attaches the task's current state to a conflict, so the caller
// sees why (who claimed it, that it is already submitted…).
func withState(err *models.Error, st models.TaskState) *models.Error {
	if err.Code != models.ECONFLICT {
		return err
	}
	cp := *err
	cp.State = st
	return &cp
}

// rev is one revision to make: what happened, who did it, and the change
// itself, applied to a copy of the task.
type rev struct {
	event string
	actor uint // 0 for the system
	note  string
	files []string
	// apply changes the copy and returns the notifications it asks for. It
	// must replace, never modify in place, the slices, maps and pointers the
	// task holds: the copy shares them with the committed state.
	apply func(t *models.TaskState, now time.Time) []notice
}

// commit makes one revision: it applies r to a copy of the task, writes the
// change to the read model and only then commits the copy, so a failed write
// leaves the task as it was. The caller holds the lock.
func (e *Engine) commit(ctx workflow.Context, ent *entry, r rev) (models.TaskState, error) {
	now := workflow.Now(ctx)
	prev := ent.state
	next := prev
	notices := r.apply(&next, now)
	next.Revision = prev.Revision + 1
	next.UpdatedAt = now
	err := e.write(ctx, models.TaskChange{
		Task: next, Event: r.event, ActorID: r.actor, At: now,
		Note: r.note, AttachmentIDs: r.files,
		PrevStatus: prev.Status, PrevDueAt: prev.DueAt, PrevOverdue: prev.Overdue,
	})
	if err != nil {
		return models.TaskState{}, err
	}
	ent.state = next
	if !next.DueAt.Equal(prev.DueAt) {
		ent.timers = timerState{remindFrom: now}
	} else if models.AwaitsAssignee(next.Status) && !models.AwaitsAssignee(prev.Status) {
		// Reminders missed while the task was with the approvers are stale.
		ent.timers.remindFrom = now
	}
	if e.opts.OnChange != nil {
		e.opts.OnChange(next)
	}
	e.send(ctx, next, fmt.Sprintf("r%d", next.Revision), notices)
	return next, nil
}

// write records one revision in the read model through the local activity
// models.ActivityApplyTaskChange, retried with backoff for ApplyRetryFor.
func (e *Engine) write(ctx workflow.Context, ch models.TaskChange) error {
	lctx := workflow.WithLocalActivityOptions(ctx, workflow.LocalActivityOptions{
		StartToCloseTimeout:    e.opts.ApplyTimeout,
		ScheduleToCloseTimeout: e.opts.ApplyRetryFor,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:    200 * time.Millisecond,
			BackoffCoefficient: 2,
			MaximumInterval:    10 * time.Second,
		},
	})
	if err := workflow.ExecuteLocalActivity(lctx, models.ActivityApplyTaskChange, ch).Get(ctx, nil); err != nil {
		return fmt.Errorf("task engine: write %s revision %d: %w", ch.Task.ID, ch.Task.Revision, err)
	}
	return nil
}

// send starts one notification activity per notice, each in its own
// coroutine so that no command waits for delivery. The key is
// task/tag/kind/recipient, tag naming the revision (or the reminder), so a
// retry never duplicates an inbox row. Notifications carry the title, never
// the form data.
func (e *Engine) send(ctx workflow.Context, t models.TaskState, tag string, ns []notice) {
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout:    time.Minute,
		ScheduleToCloseTimeout: e.opts.NotifyFor,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:    time.Second,
			BackoffCoefficient: 2,
			MaximumInterval:    5 * time.Minute,
		},
	})
	for _, n := range ns {
		if len(n.to.users) == 0 && n.to.role == "" {
			continue
		}
		req := models.NotifyRequest{
			Key:  t.ID + "/" + tag + "/" + n.kind + "/" + n.to.spec(),
			Kind: n.kind, TaskID: t.ID, Title: t.Title,
			UserIDs: n.to.users, UnitID: n.to.unitID, Role: n.to.role,
		}
		e.inflight++
		workflow.Go(actx, func(ctx workflow.Context) {
			defer func() { e.inflight-- }()
			if err := workflow.ExecuteActivity(ctx, models.ActivityNotify, req).Get(ctx, nil); err != nil {
				workflow.GetLogger(ctx).Warn("notification given up", "key", req.Key, "error", err)
			}
		})
	}
}
