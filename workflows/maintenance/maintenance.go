// Package maintenance holds the daily housekeeping workflow: once a night
// it re-buckets the overdue counters of the read model, since a task's age
// bucket changes with the calendar and not with any event of the task, and
// then purges what has outlived its retention (sessions, stored answers,
// attempt counters, read notifications).
package maintenance

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"dsflow/models"
)

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
// models.ActivityRebucketOverdue, then models.ActivityPurgeExpired, and
// continues as new, so its history never holds more than one day. An
// activity that fails after all retries is logged and skipped (a failed
// re-bucketing does not hold up the purge); the next night's run does
// everything again anyway.
//
// The purge came after the first release. It is scheduled only once the
// re-bucketing has completed, a point no recorded history passes without
// continuing as new in the same workflow task, so a run that started under
// the old code replays unchanged and needs no workflow.GetVersion.
func Maintenance(ctx workflow.Context, in MaintenanceInput) error {
	now := workflow.Now(ctx)
	at := NextRun(now, in.LastRunAt)
	if err := workflow.Sleep(ctx, at.Sub(now)); err != nil {
		return err
	}
	retry := &temporal.RetryPolicy{InitialInterval: 10 * time.Second, BackoffCoefficient: 2, MaximumInterval: 10 * time.Minute}
	rctx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout:    10 * time.Minute,
		ScheduleToCloseTimeout: 6 * time.Hour,
		RetryPolicy:            retry,
	})
	if err := workflow.ExecuteActivity(rctx, models.ActivityRebucketOverdue, at).Get(ctx, nil); err != nil {
		workflow.GetLogger(ctx).Error("overdue re-bucketing failed; next run tomorrow", "as_of", at, "error", err)
	}
	// The purge deletes in batches and heartbeats after each: a stuck
	// batch is retried within minutes rather than at the end of its
	// time-out, and a retry picks up where the rows say.
	pctx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout:    time.Hour,
		HeartbeatTimeout:       5 * time.Minute,
		ScheduleToCloseTimeout: 6 * time.Hour,
		RetryPolicy:            retry,
	})
	if err := workflow.ExecuteActivity(pctx, models.ActivityPurgeExpired, at).Get(ctx, nil); err != nil {
		workflow.GetLogger(ctx).Error("retention purge failed; next run tomorrow", "as_of", at, "error", err)
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
