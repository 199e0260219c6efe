package maintenance_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"dsflow/models"
	"dsflow/workflows/maintenance"
)

// TestOverdueSweepRunsEverySweepEvery: before version 1, the sweep marks
// overdue every SweepEvery (time skipped), goes on when one sweep fails
// after its retries, and continues as new after an hour's rounds.
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

	// A run recorded before version 1 keeps its timer loop.
	env.OnGetVersion("overdue-sweep-in-activity", workflow.DefaultVersion, 1).Return(workflow.DefaultVersion)
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

// TestOverdueSweepSpansInAnActivity: since version 1 the sweep hands its
// rounds to ActivitySweepOverdue, ten minutes at a time with a round every
// SweepEvery, six spans an hour, and continues as new; a span that fails
// is followed by a pause, not by the next at once.
func TestOverdueSweepSpansInAnActivity(t *testing.T) {
	var s testsuite.WorkflowTestSuite
	env := s.NewTestWorkflowEnvironment()
	start := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	env.SetStartTime(start)
	env.RegisterWorkflowWithOptions(maintenance.OverdueSweep, workflow.RegisterOptions{Name: models.WorkflowOverdueSweep})
	var spans []models.SweepSpan
	var at []time.Time
	env.RegisterActivityWithOptions(func(_ context.Context, span models.SweepSpan) (int, error) {
		spans, at = append(spans, span), append(at, env.Now())
		if len(spans) == 2 {
			return 0, temporal.NewNonRetryableApplicationError("db down", "test", nil)
		}
		return 3, nil
	}, activity.RegisterOptions{Name: models.ActivitySweepOverdue})
	env.RegisterActivityWithOptions(func(context.Context) (int, error) {
		t.Error("version 1 ran MarkOverdue from the workflow")
		return 0, nil
	}, activity.RegisterOptions{Name: models.ActivityMarkOverdue})

	env.ExecuteWorkflow(models.WorkflowOverdueSweep)

	var can *workflow.ContinueAsNewError
	if !errors.As(env.GetWorkflowError(), &can) || can.WorkflowType.Name != models.WorkflowOverdueSweep {
		t.Fatalf("want continue-as-new as %s, got %v", models.WorkflowOverdueSweep, env.GetWorkflowError())
	}
	if len(spans) != 6 {
		t.Fatalf("%d spans in a run, want 6", len(spans))
	}
	for i, sp := range spans {
		if sp.Span != 10*time.Minute || sp.Every != maintenance.SweepEvery {
			t.Fatalf("span %d: %+v, want 10m every %v", i, sp, maintenance.SweepEvery)
		}
	}
	if gap := at[2].Sub(at[1]); gap < maintenance.SweepEvery {
		t.Errorf("the span after a failed one started %v after it, want a pause of %v", gap, maintenance.SweepEvery)
	}
}
