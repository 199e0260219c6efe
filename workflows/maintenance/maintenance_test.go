package maintenance_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/converter"
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
		}, activity.RegisterOptions{Name: maintenance.ActivityRebucketOverdue})

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
