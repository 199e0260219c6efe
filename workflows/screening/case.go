// Package screening holds the workflow of a screening case: it hosts the
// case's step tasks (one open at a time) through the task engine, reads
// each completed step's outcome to go on, try again or end the case, and
// moves the case to another commune's station when the person moves. Its
// payloads name the case by its pseudonymous ID; the person's data stays
// in the database, sealed, and what the steps record (sealed at rest too)
// reaches Temporal only through the payload codec.
package screening

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"dsflow/models"
	"dsflow/protocols"
	"dsflow/workflows/task"
)

// Case is the workflow models.WorkflowScreeningCase, one per case that
// needs follow-up (ID protocols.CaseHostID). The API writes the first
// step's task; the workflow adopts it, and when a step's task is done,
// decides (protocols.Decide) and records the decision
// (models.ActivityAdvanceCase), which returns the next step's task. It
// ends when the case is closed and its tasks are terminal.
func Case(ctx workflow.Context, in models.CaseInput) error {
	return run(ctx, in, task.Options{})
}

// WithOptions is Case with the task engine's options (limits that tests
// lower).
func WithOptions(opts task.Options) func(workflow.Context, models.CaseInput) error {
	return func(ctx workflow.Context, in models.CaseInput) error { return run(ctx, in, opts) }
}

type caseFlow struct {
	st     models.CaseState
	e      *task.Engine
	moving bool
}

func run(ctx workflow.Context, in models.CaseInput, opts task.Options) error {
	w := &caseFlow{}
	if in.State != nil {
		w.st = *in.State
	} else if err := workflow.ExecuteActivity(activityCtx(ctx), models.ActivityLoadCase, in.CaseID).Get(ctx, &w.st); err != nil {
		return fmt.Errorf("case %s: load: %w", in.CaseID, err)
	}
	opts.OnChange = w.onChange
	e, err := task.New(ctx, opts, task.Start{Carry: in.Carry, Adopt: in.Carry == nil, AdoptAt: in.AdoptAt})
	if err != nil {
		return fmt.Errorf("case %s: %w", in.CaseID, err)
	}
	w.e = e
	if err := workflow.SetUpdateHandlerWithOptions(ctx, models.UpdateTransferCase, w.transfer,
		workflow.UpdateHandlerOptions{Validator: w.validateTransfer}); err != nil {
		return fmt.Errorf("case %s: register transfer: %w", in.CaseID, err)
	}
	for {
		closed := func() bool { return w.st.Status == models.CaseClosed && w.e.AllTerminal() }
		if err := workflow.Await(ctx, func() bool {
			return (w.st.Pending != nil && !w.moving) || closed() || w.e.ShouldContinueAsNew(ctx)
		}); err != nil {
			return err
		}
		switch {
		case w.st.Pending != nil && !w.moving:
			if err := w.advance(ctx); err != nil {
				return err
			}
		case closed():
			return w.e.Wait(ctx)
		default:
			carry, err := w.e.Drain(ctx)
			if err != nil {
				return err
			}
			st := w.st
			return workflow.NewContinueAsNewError(ctx, models.WorkflowScreeningCase, models.CaseInput{CaseID: in.CaseID, Carry: &carry, State: &st})
		}
	}
}

// onChange sees every committed revision: the open step's task done is a
// decision to act on.
func (w *caseFlow) onChange(t models.TaskState) {
	if t.ID != w.st.StepTask || t.Status != models.StatusDone || w.st.Status != models.CaseOpen || w.st.Pending != nil {
		return
	}
	var by uint
	if o := t.Owner(); o != nil {
		by = *o
	}
	d := protocols.Decide(w.st.Protocol, w.st.CaseID, w.st.Step, w.st.Attempt, t.Data, by)
	w.st.Pending = &d
}

// advance records the pending decision and adds the next step's task, or
// closes the case.
func (w *caseFlow) advance(ctx workflow.Context) error {
	d := *w.st.Pending
	var next *models.TaskSpec
	if err := workflow.ExecuteActivity(activityCtx(ctx), models.ActivityAdvanceCase, d).Get(ctx, &next); err != nil {
		return fmt.Errorf("case %s: advance: %w", w.st.CaseID, err)
	}
	w.st.Pending = nil
	if d.Outcome != "" || next == nil {
		w.st.Status = models.CaseClosed
		return nil
	}
	w.st.Step, w.st.Attempt, w.st.Moves, w.st.StepTask = d.Step, d.Attempt, 0, next.ID
	return w.e.Add(ctx, *next)
}

// validateTransfer: an open case, not between two steps, moved by a health
// officer or leader of its station or above, to another unit.
func (w *caseFlow) validateTransfer(ctx workflow.Context, c models.TransferCommand) error {
	if err := w.checkTransfer(c); err != nil {
		return task.ToApplicationError(err)
	}
	return nil
}

func (w *caseFlow) checkTransfer(c models.TransferCommand) *models.Error {
	switch {
	case w.st.Status != models.CaseOpen:
		return &models.Error{Code: models.ECONFLICT, Key: "error.case.closed"}
	case w.st.Pending != nil || w.moving:
		return &models.Error{Code: models.ECONFLICT, Key: "error.case.busy"}
	case !c.Actor.Has(models.RoleHealth) && !c.Actor.Has(models.RoleLeader):
		return &models.Error{Code: models.EFORBIDDEN, Key: "error.forbidden"}
	case !models.PathContains(c.Actor.UnitPath, w.st.UnitPath):
		return &models.Error{Code: models.EFORBIDDEN, Key: "error.forbidden"}
	case c.UnitID == 0 || c.UnitPath == "" || c.UnitID == w.st.UnitID:
		return models.Invalid(models.FieldError{Field: "unit", Rule: "unit"})
	}
	return nil
}

// transfer moves the case: the open step's task is cancelled at the old
// station and the same step, with the same deadline, given to the new one,
// which reads the case's history from then on. It returns the new task's
// ID.
func (w *caseFlow) transfer(ctx workflow.Context, c models.TransferCommand) (string, error) {
	w.e.AdoptNow()
	if err := workflow.Await(ctx, w.e.Adopted); err != nil {
		return "", err
	}
	if err := w.checkTransfer(c); err != nil {
		return "", task.ToApplicationError(err)
	}
	w.moving = true
	defer func() { w.moving = false }()
	old := w.st.StepTask
	if err := w.e.Cancel(ctx, old, "moved"); err != nil {
		return "", task.ToApplicationError(err)
	}
	var due time.Time
	for _, t := range w.e.Tasks() {
		if t.ID == old {
			if t.Status != models.StatusCancelled {
				// The step was done first: the case goes on from there.
				return "", task.ToApplicationError(&models.Error{Code: models.ECONFLICT, Key: "error.case.busy"})
			}
			due = t.DueAt
		}
	}
	if err := workflow.ExecuteActivity(activityCtx(ctx), models.ActivityTransferCase, c.Actor.UserID, w.st.CaseID, c.UnitID).Get(ctx, nil); err != nil {
		return "", task.ToApplicationError(fmt.Errorf("case %s: transfer: %w", w.st.CaseID, err))
	}
	w.st.UnitID, w.st.UnitPath = c.UnitID, c.UnitPath
	w.st.Moves++
	spec := protocols.Step(w.st.Protocol, w.st, w.st.Step, w.st.Attempt, w.st.Moves, due, c.Actor.UserID)
	if err := w.e.Add(ctx, spec); err != nil {
		return "", task.ToApplicationError(err)
	}
	w.st.StepTask = spec.ID
	if err := workflow.Await(ctx, func() bool { return w.e.Written(spec.ID) }); err != nil {
		return "", err
	}
	return spec.ID, nil
}

func activityCtx(ctx workflow.Context) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: time.Minute,
		RetryPolicy: &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: time.Minute,
			NonRetryableErrorTypes: []string{models.ENOTFOUND, models.EINVALID, models.ECONFLICT}},
	})
}
