package maintenance_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"dsflow/models"
	"dsflow/workflows/maintenance"
)

func TestNextRun(t *testing.T) {
	ict := maintenance.ICT
	cases := []struct{ now, last, want time.Time }{
		{time.Date(2026, 3, 2, 15, 0, 0, 0, ict), time.Time{}, time.Date(2026, 3, 3, 0, 5, 0, 0, ict)},
		{time.Date(2026, 3, 2, 0, 4, 59, 0, ict), time.Time{}, time.Date(2026, 3, 2, 0, 5, 0, 0, ict)},
		{time.Date(2026, 3, 2, 0, 5, 0, 0, ict), time.Time{}, time.Date(2026, 3, 3, 0, 5, 0, 0, ict)},
		// 17:30 UTC is 00:30 ICT the next day.
		{time.Date(2026, 3, 1, 17, 30, 0, 0, time.UTC), time.Time{}, time.Date(2026, 3, 3, 0, 5, 0, 0, ict)},
		{time.Date(2026, 3, 2, 0, 4, 0, 0, ict), time.Date(2026, 3, 2, 0, 5, 0, 0, ict), time.Date(2026, 3, 3, 0, 5, 0, 0, ict)},
	}
	for _, c := range cases {
		if got := maintenance.NextRun(c.now, c.last); !got.Equal(c.want) {
			t.Errorf("NextRun(%v, %v) = %v, want %v", c.now, c.last, got, c.want)
		}
	}
}

func TestRunsAtFivePastMidnightAndContinuesAsNew(t *testing.T) {
	for _, fail := range []bool{false, true} {
		var s testsuite.WorkflowTestSuite
		env := s.NewTestWorkflowEnvironment()
		env.SetStartTime(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)) // 16:00 ICT
		env.RegisterWorkflowWithOptions(maintenance.Maintenance, workflow.RegisterOptions{Name: models.WorkflowMaintenance})
		var got []time.Time
		var ranAt time.Time
		env.RegisterActivityWithOptions(func(_ context.Context, asOf time.Time) error {
			got, ranAt = append(got, asOf), env.Now()
			if fail {
				return errors.New("db down")
			}
			return nil
		}, activity.RegisterOptions{Name: models.ActivityRebucketOverdue})

		env.ExecuteWorkflow(models.WorkflowMaintenance, maintenance.MaintenanceInput{})

		want := time.Date(2026, 3, 3, 0, 5, 0, 0, maintenance.ICT)
		if len(got) == 0 || !got[0].Equal(want) || ranAt.Before(want) {
			t.Fatalf("fail=%v: activity asOf %v ran at %v, want %v", fail, got, ranAt, want)
		}
		var can *workflow.ContinueAsNewError
		if !errors.As(env.GetWorkflowError(), &can) {
			t.Fatalf("fail=%v: want continue-as-new, got %v", fail, env.GetWorkflowError())
		}
		if can.WorkflowType.Name != models.WorkflowMaintenance {
			t.Errorf("continues as %s", can.WorkflowType.Name)
		}
		var next maintenance.MaintenanceInput
		if err := converter.GetDefaultDataConverter().FromPayloads(can.Input, &next); err != nil || !next.LastRunAt.Equal(want) {
			t.Errorf("next input %+v (%v), want LastRunAt %v", next, err, want)
		}
	}
}

// TestPurgesAfterRebucketing: each night's run re-buckets, then purges what
// has outlived its retention, both as of the scheduled time; a failure of
// either is logged and the run still continues as new for the next night.
func TestPurgesAfterRebucketing(t *testing.T) {
	for _, fail := range []string{"", models.ActivityRebucketOverdue, models.ActivityPurgeExpired} {
		var s testsuite.WorkflowTestSuite
		env := s.NewTestWorkflowEnvironment()
		env.SetStartTime(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)) // 16:00 ICT
		env.RegisterWorkflowWithOptions(maintenance.Maintenance, workflow.RegisterOptions{Name: models.WorkflowMaintenance})
		type call struct {
			name      string
			asOf, ran time.Time
		}
		var calls []call
		for _, name := range []string{models.ActivityRebucketOverdue, models.ActivityPurgeExpired} {
			env.RegisterActivityWithOptions(func(_ context.Context, asOf time.Time) error {
				calls = append(calls, call{name, asOf, env.Now()})
				if name == fail {
					return temporal.NewNonRetryableApplicationError("database refused", "test", nil)
				}
				return nil
			}, activity.RegisterOptions{Name: name})
		}

		env.ExecuteWorkflow(models.WorkflowMaintenance, maintenance.MaintenanceInput{})

		want := time.Date(2026, 3, 3, 0, 5, 0, 0, maintenance.ICT)
		if len(calls) != 2 || calls[0].name != models.ActivityRebucketOverdue || calls[1].name != models.ActivityPurgeExpired {
			t.Fatalf("fail=%q: calls %+v, want re-bucketing then the purge", fail, calls)
		}
		for _, c := range calls {
			if !c.asOf.Equal(want) || c.ran.Before(want) {
				t.Errorf("fail=%q: %s as of %v ran at %v, want as of and after %v", fail, c.name, c.asOf, c.ran, want)
			}
		}
		var can *workflow.ContinueAsNewError
		if !errors.As(env.GetWorkflowError(), &can) || can.WorkflowType.Name != models.WorkflowMaintenance {
			t.Fatalf("fail=%q: want continue-as-new, got %v", fail, env.GetWorkflowError())
		}
	}
}
