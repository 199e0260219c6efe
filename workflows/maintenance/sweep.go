package maintenance

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"dsflow/models"
)

// SweepEvery is how often the overdue sweep marks the tasks that came due:
// the longest a task shows "not overdue" in the read model after its due
// time, whatever the backlog of the tasks' own timers.
const SweepEvery = 15 * time.Second

// sweepRounds is how many sweeps one run makes before it continues as new
// (an hour's worth: about 2,600 history events).
const sweepRounds = 240

// OverdueSweep is the workflow models.WorkflowOverdueSweep. Start it once
// with a fixed workflow ID: every SweepEvery it runs
// models.ActivityMarkOverdue, which marks in the read model the open tasks
// whose due time passed (store.MarkOverdue says why the read model does
// not wait for each task's timer). A sweep that fails is logged and
// skipped; the next one marks what it missed.
func OverdueSweep(ctx workflow.Context) error {
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: 2 * time.Minute,
		// A sweep late by more than a few rounds is superseded by the next.
		ScheduleToCloseTimeout: 4 * SweepEvery,
		RetryPolicy:            &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: SweepEvery},
	})
	for range sweepRounds {
		var marked int
		if err := workflow.ExecuteActivity(actx, models.ActivityMarkOverdue).Get(ctx, &marked); err != nil {
			workflow.GetLogger(ctx).Error("overdue sweep failed; the next one catches up", "error", err)
		}
		if err := workflow.Sleep(ctx, SweepEvery); err != nil {
			return err
		}
	}
	return workflow.NewContinueAsNewError(ctx, models.WorkflowOverdueSweep)
}
