// Package replay_test replays every workflow history recorded on a real
// server (engine's TestRecordHistories and TestRecordProcessHistories) with
// today's workflow code.
package replay_test

import (
	"path/filepath"
	"testing"

	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"dsflow/models"
	"dsflow/workflows/adhoc"
	"dsflow/workflows/inspection"
	"dsflow/workflows/maintenance"
	"dsflow/workflows/process"
)

// TestReplayRecordedHistories replays every history recorded on a real
// server (engine's TestRecordHistories) with today's workflow code: a
// change that would break running workflows fails here.
func TestReplayRecordedHistories(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "testdata", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no recorded histories in workflows/testdata")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			r := worker.NewWorkflowReplayer()
			r.RegisterWorkflowWithOptions(adhoc.AdHocTasks, workflow.RegisterOptions{Name: models.WorkflowAdHoc})
			r.RegisterWorkflowWithOptions(maintenance.Maintenance, workflow.RegisterOptions{Name: models.WorkflowMaintenance})
			r.RegisterWorkflowWithOptions(process.Campaign, workflow.RegisterOptions{Name: models.WorkflowCampaign})
			r.RegisterWorkflowWithOptions(process.Branch, workflow.RegisterOptions{Name: models.WorkflowBranch})
			r.RegisterWorkflowWithOptions(process.ProcessUnit, workflow.RegisterOptions{Name: models.WorkflowProcessUnit})
			r.RegisterWorkflowWithOptions(process.ScheduledProcess, workflow.RegisterOptions{Name: models.WorkflowScheduledProcess})
			r.RegisterWorkflowWithOptions(inspection.Inspection, workflow.RegisterOptions{Name: models.WorkflowInspection})
			if err := r.ReplayWorkflowHistoryFromJSONFile(nil, f); err != nil {
				t.Fatalf("replay %s: %v", f, err)
			}
		})
	}
}
