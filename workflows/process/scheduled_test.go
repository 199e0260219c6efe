package process_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/testsuite"
	"go.temporal.io/sdk/workflow"

	"dsflow/models"
	"dsflow/workflows/process"
)

// TestYearOfQuarterlyCycles runs a year of a quarterly briefing in
// seconds: each quarter the schedule's run records the period's process
// and starts it; the ward reports, the secretary records the conclusions,
// and the quarter's process completes.
func TestYearOfQuarterlyCycles(t *testing.T) {
	for q := 1; q <= 4; q++ {
		qStart := time.Date(2026, time.Month(3*q-2), 1, 0, 5, 0, 0, time.FixedZone("ICT", 7*3600))
		pid := fmt.Sprintf("s1-2026-Q%d", q)
		var s testsuite.WorkflowTestSuite
		env := s.NewTestWorkflowEnvironment()
		env.SetStartTime(qStart)
		env.SetTestTimeout(time.Minute)
		env.SetStartWorkflowOptions(client.StartWorkflowOptions{ID: "period-s1-" + pid})
		f := &fake{env: env}
		env.RegisterWorkflowWithOptions(process.ScheduledProcess, workflow.RegisterOptions{Name: models.WorkflowScheduledProcess})
		env.RegisterWorkflowWithOptions(process.Campaign, workflow.RegisterOptions{Name: models.WorkflowCampaign})
		env.RegisterWorkflowWithOptions(process.Branch, workflow.RegisterOptions{Name: models.WorkflowBranch})
		env.RegisterWorkflowWithOptions(process.ProcessUnit, workflow.RegisterOptions{Name: models.WorkflowProcessUnit})
		var periods []time.Time
		for name, fn := range map[string]any{
			models.ActivityStartPeriod: func(_ context.Context, sid string, at time.Time) (string, error) {
				periods = append(periods, at)
				return pid, nil
			},
			models.ActivityPlanProcess: func(context.Context, string) (models.ProcessPlan, error) {
				return models.ProcessPlan{WindowStart: qStart, Status: models.ProcessScheduled, Branches: []models.BranchRef{{UnitID: 1, OnlySelf: true}}}, nil
			},
			models.ActivityPrepareUnits: func(context.Context, models.BranchInput) ([]models.UnitInput, error) {
				return []models.UnitInput{{ProcessID: pid, UnitID: 1, Root: true}}, nil
			},
			models.ActivityLoadHostTasks: func(_ context.Context, host string) (models.HostTasks, error) {
				mk := func(step string, due time.Time, freezes bool) models.TaskState {
					return models.TaskState{TaskSpec: models.TaskSpec{ID: host + "." + step, HostID: host, ProcessKind: models.ProcessBriefing,
						ProcessID: pid, Kind: step, UnitID: 1, UnitPath: "/1/", CandidateRole: models.RoleLeader, Title: models.Text{Vi: step},
						DueAt: due, Freezes: freezes}, Status: models.StatusOpen, Revision: 1}
				}
				return models.HostTasks{Announced: true, Tasks: []models.TaskState{mk("report", qStart.AddDate(0, 2, 20), false), mk("conclusions", qStart.AddDate(0, 3, 0), true)},
					FormOf: []int{-1, -1}}, nil
			},
			models.ActivityApplyTaskChange:   f.apply,
			models.ActivitySetProcessStatus:  f.status,
			models.ActivityCancelProcessUnit: f.cancelUnits,
			models.ActivityNotify:            func(context.Context, models.NotifyRequest) error { return nil },
		} {
			env.RegisterActivityWithOptions(fn, activity.RegisterOptions{Name: name})
		}
		var errs []error
		host := models.UnitHostID(pid, 1)
		for i, c := range []struct {
			after time.Duration
			step  string
			name  string
		}{{60 * day, "report", models.UpdateClaim}, {60*day + time.Hour, "report", models.UpdateSubmit},
			{80 * day, "conclusions", models.UpdateClaim}, {80*day + time.Hour, "conclusions", models.UpdateSubmit}} {
			env.RegisterDelayedCallback(func() {
				err := env.UpdateWorkflowByID(host, c.name, fmt.Sprint(i), &testsuite.TestUpdateCallback{
					OnAccept: func() {}, OnReject: func(err error) { errs = append(errs, err) }, OnComplete: func(_ interface{}, err error) { errs = append(errs, err) },
				}, models.TaskCommand{TaskID: host + "." + c.step, Actor: leader})
				if err != nil {
					errs = append(errs, err)
				}
			}, c.after)
		}

		env.ExecuteWorkflow(models.WorkflowScheduledProcess, models.ScheduledInput{ScheduleID: "s1"})

		if !env.IsWorkflowCompleted() || env.GetWorkflowError() != nil {
			t.Fatalf("Q%d: completed %v, error %v", q, env.IsWorkflowCompleted(), env.GetWorkflowError())
		}
		for _, err := range errs {
			if err != nil {
				t.Errorf("Q%d: a command failed: %v", q, err)
			}
		}
		if len(periods) != 1 || !periods[0].Equal(qStart) {
			t.Errorf("Q%d: periods recorded at %v", q, periods)
		}
		if want := []string{models.ProcessRunning, models.ProcessCompleted}; !slices.Equal(f.statuses, want) {
			t.Errorf("Q%d: statuses %v, want %v", q, f.statuses, want)
		}
	}
}
