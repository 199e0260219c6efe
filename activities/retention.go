package activities

import (
	"context"
	"fmt"
	"time"

	"go.temporal.io/sdk/activity"

	"dsflow/store"
)

// purgeBatch bounds each delete of the retention purge: small enough that
// no statement holds its locks for long, large enough that a night's
// expiries clear in a few round trips.
const purgeBatch = 1000

// PurgeExpired deletes what has outlived store.DefaultRetention as of asOf
// (the maintenance run's scheduled time, so a retry purges the same), in
// bounded batches, heartbeating after each. Only counts are logged.
func (a *Activities) PurgeExpired(ctx context.Context, asOf time.Time) error {
	heartbeat := func(store.PurgeCounts) {}
	if activity.IsActivity(ctx) {
		heartbeat = func(c store.PurgeCounts) { activity.RecordHeartbeat(ctx, c) }
	}
	n, err := a.Store.PurgeExpired(ctx, asOf, store.DefaultRetention, purgeBatch, heartbeat)
	if err != nil {
		return fmt.Errorf("purge expired rows: %w", err)
	}
	if a.Logger != nil {
		a.Logger.InfoContext(ctx, "purged expired rows", "as_of", asOf, "sessions", n.Sessions, "idempotency_records", n.Idempotency,
			"attempt_counters", n.RetryCounters, "notifications", n.Notifications)
	}
	return nil
}
