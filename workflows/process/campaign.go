// Package process holds the workflows of templated processes (campaigns,
// briefing periods, reviews, plans): the process itself (Campaign), one
// branch of its launch (Branch) and one unit's part (ProcessUnit), which
// hosts that unit's tasks with the task engine.
package process

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"dsflow/models"
	"dsflow/workflows/task"
)

// Campaign is the workflow models.WorkflowCampaign, one per process: it
// launches at once (some steps fall due before the window opens): every
// branch's tasks are written in bulk (one activity per branch, all
// together), then each branch's workflow starts its units' hosts; stays scheduled until the window opens (a timer), and
// ends when the root unit's tasks are all done (the sign-off: completed)
// or when it is cancelled (models.UpdateCancelProcess: the outstanding
// tasks of every unit are cancelled, what was submitted stays).
// Its history holds a few dozen events: the units' work lives in their own
// workflows.
func Campaign(ctx workflow.Context, in models.ProcessInput) error {
	c := &campaign{id: in.ProcessID}
	if err := workflow.SetUpdateHandlerWithOptions(ctx, models.UpdateCancelProcess, c.cancel,
		workflow.UpdateHandlerOptions{Validator: c.validateCancel}); err != nil {
		return fmt.Errorf("campaign: register cancel: %w", err)
	}
	workflow.Go(ctx, func(ctx workflow.Context) {
		workflow.GetSignalChannel(ctx, models.SignalRootDone).Receive(ctx, nil)
		c.rootDone = true
	})
	return c.run(ctx)
}

type campaign struct {
	id        string
	reason    string // why it was cancelled
	cancelled bool
	rootDone  bool
	ended     bool
}

// validateCancel refuses to cancel a process that has ended, or with a
// reason longer than a task's.
func (c *campaign) validateCancel(ctx workflow.Context, reason string) error {
	if c.ended || c.cancelled {
		return task.ToApplicationError(&models.Error{Code: models.ECONFLICT, Key: "error.process.ended"})
	}
	if len([]rune(reason)) > task.MaxTextLen {
		return task.ToApplicationError(models.Invalid(models.FieldError{Field: "reason", Rule: "max", Param: "4000"}))
	}
	return nil
}

// cancel marks the process cancelled; the run loop cancels the units,
// giving them the reason.
func (c *campaign) cancel(ctx workflow.Context, reason string) (string, error) {
	c.cancelled, c.reason = true, reason
	return models.ProcessCancelled, nil
}

func (c *campaign) run(ctx workflow.Context) error {
	sys := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 5 * time.Minute,
		RetryPolicy: &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: time.Minute,
			NonRetryableErrorTypes: []string{models.ENOTFOUND, models.EINVALID}},
	})
	prep := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 10 * time.Minute,
		RetryPolicy: &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: time.Minute,
			NonRetryableErrorTypes: []string{models.ENOTFOUND, models.EINVALID}},
	})
	var pl models.ProcessPlan
	if err := workflow.ExecuteActivity(sys, models.ActivityPlanProcess, c.id).Get(ctx, &pl); err != nil {
		return fmt.Errorf("campaign %s: plan: %w", c.id, err)
	}
	if pl.Status == models.ProcessCompleted || pl.Status == models.ProcessCancelled {
		c.ended = true
		return nil
	}
	// The launch is at once: some steps fall due before the window opens
	// (the wards' plans). First every branch's tasks are written, all
	// branches together (so people see the whole launch before any host
	// starts and competes for the workers), then each branch starts its
	// units' hosts; all must have finished before a cancellation reaches
	// the hosts they start.
	prepared := make([]workflow.Future, len(pl.Branches))
	inputs := make([]models.BranchInput, len(pl.Branches))
	for i, b := range pl.Branches {
		inputs[i] = models.BranchInput{ProcessID: c.id, UnitID: b.UnitID, ExcludeSelf: b.ExcludeSelf, OnlySelf: b.OnlySelf}
		prepared[i] = workflow.ExecuteActivity(prep, models.ActivityPrepareUnits, inputs[i])
	}
	for i, f := range prepared {
		if err := f.Get(ctx, &inputs[i].Units); err != nil {
			return fmt.Errorf("campaign %s: prepare branch %d: %w", c.id, inputs[i].UnitID, err)
		}
	}
	var branches []workflow.ChildWorkflowFuture
	for _, in := range inputs {
		cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
			WorkflowID: fmt.Sprintf("%s/b%d-%t-%t", c.id, in.UnitID, in.ExcludeSelf, in.OnlySelf),
			TaskQueue:  models.TaskQueue,
		})
		branches = append(branches, workflow.ExecuteChildWorkflow(cctx, models.WorkflowBranch, in))
	}
	for _, f := range branches {
		if err := f.Get(ctx, nil); err != nil {
			return fmt.Errorf("campaign %s: branch: %w", c.id, err)
		}
	}
	// Scheduled until the window opens, then running.
	if wait := pl.WindowStart.Sub(workflow.Now(ctx)); wait > 0 {
		if _, err := workflow.AwaitWithTimeout(ctx, wait, func() bool { return c.cancelled || c.rootDone }); err != nil {
			return err
		}
	}
	if !c.cancelled {
		if err := c.setStatus(ctx, sys, models.ProcessRunning); err != nil {
			return err
		}
	}
	if err := workflow.Await(ctx, func() bool { return c.cancelled || c.rootDone }); err != nil {
		return err
	}
	if c.cancelled {
		return c.finish(ctx, sys, models.ProcessCancelled)
	}
	return c.finish(ctx, sys, models.ProcessCompleted)
}

// finish records the end; a cancellation first tells every unit.
func (c *campaign) finish(ctx, sys workflow.Context, status string) error {
	if status == models.ProcessCancelled {
		// Shown as cancelled at once; the units follow.
		if err := c.setStatus(ctx, sys, status); err != nil {
			return err
		}
		if err := workflow.ExecuteActivity(sys, models.ActivityCancelProcessUnit, c.id, c.reason).Get(ctx, nil); err != nil {
			return fmt.Errorf("campaign %s: cancel units: %w", c.id, err)
		}
	} else if err := c.setStatus(ctx, sys, status); err != nil {
		return err
	}
	c.ended = true
	return workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) })
}

func (c *campaign) setStatus(ctx, sys workflow.Context, status string) error {
	var got string
	if err := workflow.ExecuteActivity(sys, models.ActivitySetProcessStatus, c.id, status, c.reason).Get(ctx, &got); err != nil {
		return fmt.Errorf("campaign %s: status %s: %w", c.id, status, err)
	}
	return nil
}
