// Package maintenance holds the daily housekeeping workflow: it re-buckets
// the overdue counters of the read model once a night, since a task's age
// bucket changes with the calendar and not with any event of the task.
package maintenance

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"dsflow/models"
)

// ActivityRebucketOverdue is the activity that recomputes the overdue age
// buckets: func(ctx context.Context, asOf time.Time) error, where asOf is
// the scheduled run time (00:05 ICT). It must be idempotent for one asOf.
// (It belongs with the other activity names in models; it is here until
// it moves.)
const ActivityRebucketOverdue = "RebucketOverdue"

// ICT is Vietnam's time zone, UTC+7 without daylight saving time: a fixed
// zone keeps the workflow deterministic without the tz database.
var ICT = time.FixedZone("ICT", 7*3600)

// RunHour and RunMinute set the daily run at 00:05 ICT, just after the
// calendar day changes for every user.
const (
	RunHour   = 0
	RunMinute = 5
)

// MaintenanceInput carries one run's memory into the next.
type MaintenanceInput struct {
	// LastRunAt is the scheduled time of the previous run, so a run that
	// ends within its own minute is never repeated. Zero on the first start.
	LastRunAt time.Time `json:"last_run_at,omitempty"`
}

// Maintenance is the workflow models.WorkflowMaintenance. Start it once with
// a fixed workflow ID: it sleeps until the next 00:05 ICT, runs
// ActivityRebucketOverdue and continues as new, so its history never holds
// more than one day. A run whose activity fails after all retries is
// logged and skipped; the next night's run re-buckets everything anyway.
func Maintenance(ctx workflow.Context, in MaintenanceInput) error {
	now := workflow.Now(ctx)
	at := NextRun(now, in.LastRunAt)
	if err := workflow.Sleep(ctx, at.Sub(now)); err != nil {
		return err
	}
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout:    10 * time.Minute,
		ScheduleToCloseTimeout: 6 * time.Hour,
		RetryPolicy: &temporal.RetryPolicy{
			InitialInterval:    10 * time.Second,
			BackoffCoefficient: 2,
			MaximumInterval:    10 * time.Minute,
		},
	})
	if err := workflow.ExecuteActivity(actx, ActivityRebucketOverdue, at).Get(ctx, nil); err != nil {
		workflow.GetLogger(ctx).Error("overdue re-bucketing failed; next run tomorrow", "as_of", at, "error", err)
	}
	return workflow.NewContinueAsNewError(ctx, models.WorkflowMaintenance, MaintenanceInput{LastRunAt: at})
}

// NextRun returns the first 00:05 ICT strictly after both now and last.
func NextRun(now, last time.Time) time.Time {
	after := now
	if last.After(after) {
		after = last
	}
	l := after.In(ICT)
	at := time.Date(l.Year(), l.Month(), l.Day(), RunHour, RunMinute, 0, 0, ICT)
	for !at.After(after) {
		at = at.AddDate(0, 0, 1)
	}
	return at
}
