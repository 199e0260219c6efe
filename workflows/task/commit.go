package task

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"dsflow/models"
)

// register installs the Update handler of one command. The validator
// rejects before anything is recorded in history; the handler takes the
// task's lock and checks the same rules again against the state it will
// change, since another command may have won in between.
func (e *Engine) register(ctx workflow.Context, o *op) error {
	err := workflow.SetUpdateHandlerWithOptions(ctx, o.name,
		func(ctx workflow.Context, c models.TaskCommand) (models.CommandResult, error) {
			res, err := e.handle(ctx, o, c)
			if err != nil {
				return models.CommandResult{}, ToApplicationError(err)
			}
			return res, nil
		},
		workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, c models.TaskCommand) error {
			if err := e.admit(ctx, o, &c); err != nil {
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

// admit is the validator: a retry of a command already done is let
// through to get its first answer; while the host drains for a
// continue-as-new, new commands are refused with CodeDraining (the API
// retries them, and they reach the next run); a command for a task still
// being adopted waits in the handler; anything else must pass validate.
func (e *Engine) admit(ctx workflow.Context, o *op, c *models.TaskCommand) *models.Error {
	if _, ok := e.done[updateID(ctx)]; ok {
		return nil
	}
	if e.draining {
		return &models.Error{Code: CodeDraining, Key: "error.task.draining"}
	}
	if _, ok := e.tasks[c.TaskID]; !ok && e.loading && c.TaskID != "" {
		return nil
	}
	return e.validate(ctx, o, c)
}

// validate runs the command's rules against the current state without
// changing anything.
func (e *Engine) validate(ctx workflow.Context, o *op, c *models.TaskCommand) *models.Error {
	ent, err := e.find(c.TaskID)
	if err != nil {
		return err
	}
	if ent.broken != nil {
		return ent.broken
	}
	if err := extraFields(c, o.fields); err != nil {
		return err
	}
	return o.check(&ent.state, c, workflow.Now(ctx))
}

// handle runs an accepted command under the task's lock and remembers its
// answer by Update ID.
func (e *Engine) handle(ctx workflow.Context, o *op, c models.TaskCommand) (models.CommandResult, error) {
	id := updateID(ctx)
	if res, ok := e.done[id]; ok {
		return res, nil
	}
	e.updates++
	ent, err := e.ready(ctx, c.TaskID)
	if err != nil {
		return models.CommandResult{}, err
	}
	if err := ent.mu.Lock(ctx); err != nil {
		return models.CommandResult{}, fmt.Errorf("task engine: %s: lock: %w", o.name, err)
	}
	defer ent.mu.Unlock()
	if err := e.validate(ctx, o, &c); err != nil {
		return models.CommandResult{}, err
	}
	r := rev{event: o.event, actor: c.Actor.UserID, note: c.Reason, files: c.AttachmentIDs,
		apply: func(t *models.TaskState, now time.Time) []notice { return o.apply(t, &c, now) }}
	if o.name == models.UpdateReturn {
		r.returned = workflow.GetVersion(ctx, VersionReturnResetsEscalation, workflow.DefaultVersion, 1) >= 1
	}
	res, err := e.commit(ctx, ent, r)
	if err != nil {
		return models.CommandResult{}, err
	}
	e.remember(id, res)
	return res, nil
}

// VersionReturnResetsEscalation names the change by which a task returned
// after its due time counts its escalation from the return: the approvers'
// delay does not count against the assignee. Runs begun before it keep
// counting from the due time.
const VersionReturnResetsEscalation = "return-resets-escalation"

// remember keeps a command's answer for retries under the same Update ID.
func (e *Engine) remember(id string, res models.CommandResult) {
	if id == "" {
		return
	}
	if _, ok := e.done[id]; !ok {
		e.doneOrder = append(e.doneOrder, id)
	}
	e.done[id] = res
	for len(e.doneOrder) > maxDone {
		delete(e.done, e.doneOrder[0])
		e.doneOrder = e.doneOrder[1:]
	}
}

func updateID(ctx workflow.Context) string {
	if info := workflow.GetCurrentUpdateInfo(ctx); info != nil {
		return info.ID
	}
	return ""
}

// rev is one revision to make: what happened, who did it, and the change
// itself, applied to a copy of the task.
type rev struct {
	event string
	actor uint // 0 for the system
	note  string
	files []string
	// system marks an automatic change, whose write is retried until it
	// lands; a command's write gives up after CommandWriteFor.
	system bool
	// returned marks a return under VersionReturnResetsEscalation.
	returned bool
	// apply changes the copy and returns the notifications it asks for. It
	// must replace, never modify in place, the slices, maps and pointers the
	// task holds: the copy shares them with the committed state.
	apply func(t *models.TaskState, now time.Time) []notice
}

// commit makes one revision: it applies r to a copy of the task, writes the
// change to the read model and only then commits the copy, so a failed write
// leaves the task as it was. The caller holds the task's lock.
func (e *Engine) commit(ctx workflow.Context, ent *entry, r rev) (models.CommandResult, error) {
	now := workflow.Now(ctx)
	prev := ent.state
	next := prev
	notices := r.apply(&next, now)
	next.Revision = prev.Revision + 1
	next.UpdatedAt = now
	timers := ent.timers
	if r.returned && !prev.DueAt.IsZero() && now.After(prev.DueAt) {
		next.EscalationLevel = 0
		timers.EscalateFrom, timers.EscalatedAt = now, time.Time{}
	}
	ch := models.TaskChange{Task: next, Event: r.event, ActorID: r.actor, At: now, Note: r.note, AttachmentIDs: r.files}
	ch.Task.Form = models.FormSpec{} // written once, at creation
	if r.event != models.EventSubmitted {
		ch.Task.Data = nil // written with the submission that carries it
	}
	if err := e.write(ctx, ch, r.system); err != nil {
		return models.CommandResult{}, err
	}
	if !next.DueAt.Equal(prev.DueAt) {
		timers = models.TaskTimers{RemindFrom: now}
	} else if models.AwaitsAssignee(next.Status) && !models.AwaitsAssignee(prev.Status) {
		// Reminders missed while the task was with the approvers are stale.
		timers.RemindFrom = now
	}
	ent.state, ent.timers = next, timers
	e.reschedule(ent)
	if e.opts.OnChange != nil {
		e.opts.OnChange(next)
	}
	// The data is in the read model now; the engine keeps its hash only.
	ent.state.Data = nil
	e.send(ctx, next, fmt.Sprintf("r%d", next.Revision), notices)
	return models.CommandResult{TaskID: next.ID, Revision: next.Revision, Status: next.Status}, nil
}

// write records one revision in the read model through the activity
// models.ActivityApplyTaskChange. It is a regular activity, not a local
// one, on purpose: it runs only after the workflow task that decided the
// change is committed, so the read model never records a command that the
// workflow later handles differently (a failed workflow task is redone
// from history, and concurrent Updates may then be taken in another
// order). A command's write gives up after CommandWriteFor; a system write
// (system) is retried until it lands. Refusals ("invalid", "conflict") are
// not retried.
func (e *Engine) write(ctx workflow.Context, ch models.TaskChange, system bool) error {
	actx := systemActivity(ctx, e.opts)
	if !system {
		actx = workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
			StartToCloseTimeout:    e.opts.WriteTimeout,
			ScheduleToCloseTimeout: e.opts.CommandWriteFor,
			RetryPolicy: &temporal.RetryPolicy{
				InitialInterval: 200 * time.Millisecond, BackoffCoefficient: 2, MaximumInterval: 5 * time.Second,
				NonRetryableErrorTypes: []string{models.EINVALID, models.ECONFLICT},
			},
		})
	}
	if err := workflow.ExecuteActivity(actx, models.ActivityApplyTaskChange, ch).Get(ctx, nil); err != nil {
		return fmt.Errorf("task engine: write %s revision %d: %w", ch.Task.ID, ch.Task.Revision, err)
	}
	return nil
}

// systemRetryFor bounds the retries of a write nobody waits on: a month
// of a database that refuses the write is no passing fault.
const systemRetryFor = 30 * 24 * time.Hour

// systemActivity is the context of activities nobody waits on: retried
// (1 s doubling to 1 min) until they succeed, are refused, or
// systemRetryFor passes.
func systemActivity(ctx workflow.Context, o Options) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout:    o.WriteTimeout,
		ScheduleToCloseTimeout: systemRetryFor,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: time.Minute,
			NonRetryableErrorTypes: []string{models.EINVALID, models.ECONFLICT},
		},
	})
}

// brokenError is why a task's creation was refused, for its commands.
func brokenError(err error) *models.Error {
	var ae *temporal.ApplicationError
	detail := "the read model refused the task"
	if errors.As(err, &ae) {
		detail += " (" + ae.Type() + ")"
	}
	return &models.Error{Code: models.EINVALID, Key: "error.task.broken", Detail: detail}
}

// send starts one notification activity per notice, each in its own
// coroutine so that no command waits for delivery. The key is
// task/tag/kind/recipient, tag naming the revision (or the reminder), so a
// retry never duplicates an inbox row. Notifications carry the title, never
// the form data. Until delivered or given up, a notice is carried across a
// continue-as-new.
func (e *Engine) send(ctx workflow.Context, t models.TaskState, tag string, ns []notice) {
	for _, n := range ns {
		if len(n.to.users) == 0 && n.to.role == "" {
			continue
		}
		e.deliver(ctx, models.NotifyRequest{
			Key:  t.ID + "/" + tag + "/" + n.kind + "/" + n.to.spec(),
			Kind: n.kind, TaskID: t.ID, Title: t.Title,
			UserIDs: n.to.users, UnitID: n.to.unitID, Role: n.to.role,
		})
	}
}

// deliver runs one notification in a coroutine of its own.
func (e *Engine) deliver(ctx workflow.Context, req models.NotifyRequest) {
	if _, ok := e.notices[req.Key]; ok {
		return
	}
	e.notices[req.Key] = req
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout:    time.Minute,
		ScheduleToCloseTimeout: e.opts.NotifyFor,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:    time.Second,
			BackoffCoefficient: 2,
			MaximumInterval:    5 * time.Minute,
		},
	})
	workflow.Go(actx, func(ctx workflow.Context) {
		defer delete(e.notices, req.Key)
		if err := workflow.ExecuteActivity(ctx, models.ActivityNotify, req).Get(ctx, nil); err != nil {
			workflow.GetLogger(ctx).Warn("notification given up", "key", req.Key, "error", err)
		}
	})
}

// sortedKeys returns m's keys in order: workflow code never iterates a map
// for order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	//workflowcheck:ignore the keys are sorted before use
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
