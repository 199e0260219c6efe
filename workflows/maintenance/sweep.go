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

// sweepInActivity is the change ID of the sweep whose rounds keep time in
// an activity.
const sweepInActivity = "overdue-sweep-in-activity"

// sweepSpan is how long one ActivitySweepOverdue sweeps; sweepSpans of them
// make an hour's run (a few dozen history events) before continuing as new.
const (
	sweepSpan  = 10 * time.Minute
	sweepSpans = 6
)

// OverdueSweep is the workflow models.WorkflowOverdueSweep. Start it once
// with a fixed workflow ID: every SweepEvery it runs
// models.ActivityMarkOverdue, which marks in the read model the open tasks
// whose due time passed (store.MarkOverdue says why the read model does
// not wait for each task's timer). A sweep that fails is logged and
// skipped; the next one marks what it missed.
//
// Since version 1 (sweepInActivity) each round's wait is kept by the
// worker's clock inside ActivitySweepOverdue, sweepSpan at a time: a
// workflow timer between rounds waited in the server's timer queue behind
// the very deadlines the sweep is there to show (10,000 due in one minute
// delayed it 2 min 12 s; docs/benchmarks.md). Runs recorded before keep
// their timer loop.
func OverdueSweep(ctx workflow.Context) error {
	if workflow.GetVersion(ctx, sweepInActivity, workflow.DefaultVersion, 1) == 1 {
		return sweepInSpans(ctx)
	}
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

// sweepInSpans runs ActivitySweepOverdue sweepSpans times, then continues
// as new. The activity heartbeats every round: a worker that dies is
// noticed within a minute and the span runs again on another.
func sweepInSpans(ctx workflow.Context) error {
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout:    sweepSpan + 2*time.Minute,
		ScheduleToCloseTimeout: sweepSpan + 5*time.Minute,
		HeartbeatTimeout:       4 * SweepEvery,
		RetryPolicy:            &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: SweepEvery},
	})
	span := models.SweepSpan{Span: sweepSpan, Every: SweepEvery}
	for range sweepSpans {
		var marked int
		if err := workflow.ExecuteActivity(actx, models.ActivitySweepOverdue, span).Get(ctx, &marked); err != nil {
			workflow.GetLogger(ctx).Error("overdue sweep span failed; the next one catches up", "error", err)
			// Not at once: a span that fails straight away (no worker for
			// the activity) must not spin the workflow.
			if err := workflow.Sleep(ctx, SweepEvery); err != nil {
				return err
			}
		}
	}
	return workflow.NewContinueAsNewError(ctx, models.WorkflowOverdueSweep)
}
