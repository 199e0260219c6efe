package maintenance_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"dsflow/models"
	"dsflow/workflows/maintenance"
)

// TestOverdueSweepRunsEverySweepEvery: the sweep marks overdue every
// SweepEvery (time skipped), goes on when one sweep fails after its
// retries, and continues as new after an hour's rounds.
func TestOverdueSweepRunsEverySweepEvery(t *testing.T) {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	env.SetStartTime(start)
	env.RegisterWorkflowWithOptions(maintenance.OverdueSweep, workflow.RegisterOptions{Name: models.WorkflowOverdueSweep})
	var runs []time.Time
	env.RegisterActivityWithOptions(func(context.Context) (int, error) {
		runs = append(runs, env.Now())
		if len(runs) == 3 {
			return 0, errors.New("db down") // retried; its last attempt ends the round
		}
		return 1, nil
	}, activity.RegisterOptions{Name: models.ActivityMarkOverdue})

	env.ExecuteWorkflow(models.WorkflowOverdueSweep)

	var can *workflow.ContinueAsNewError
	if !errors.As(env.GetWorkflowError(), &can) || can.WorkflowType.Name != models.WorkflowOverdueSweep {
		t.Fatalf("want continue-as-new as %s, got %v", models.WorkflowOverdueSweep, env.GetWorkflowError())
	}
	if len(runs) < 240 {
		t.Fatalf("%d sweeps in a run, want at least 240 (one every %v for an hour)", len(runs), maintenance.SweepEvery)
	}
	if !runs[0].Equal(start) {
		t.Errorf("first sweep at %v, want at the start %v", runs[0], start)
	}
	if gap := runs[1].Sub(runs[0]); gap != maintenance.SweepEvery {
		t.Errorf("sweeps %v apart, want %v", gap, maintenance.SweepEvery)
	}
	if last := runs[len(runs)-1]; last.Sub(start) > 70*time.Minute {
		t.Errorf("last sweep %v after the start: a failed sweep held the rounds up", last.Sub(start))
	}
}
