package engine

import (
	"context"
	"fmt"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"dsflow/activities"
	"dsflow/models"
	"dsflow/workflows/adhoc"
	"dsflow/workflows/inspection"
	"dsflow/workflows/maintenance"
	"dsflow/workflows/process"
	"dsflow/workflows/screening"
	"dsflow/workflows/task"
)

// MaintenanceWorkflowID is the one maintenance workflow of a deployment,
// OverdueSweepWorkflowID its one overdue sweep.
const (
	MaintenanceWorkflowID  = "dsflow-maintenance"
	OverdueSweepWorkflowID = "dsflow-overdue-sweep"
)

// Register registers every workflow and activity dsflow runs, under the
// names the API and the workflows use. host tunes the task engine of every
// host workflow; its zero value is the engine's defaults.
func Register(r worker.Registry, acts *activities.Activities, host task.Options) {
	r.RegisterWorkflowWithOptions(adhoc.WithOptions(host), workflow.RegisterOptions{Name: models.WorkflowAdHoc})
	r.RegisterWorkflowWithOptions(maintenance.Maintenance, workflow.RegisterOptions{Name: models.WorkflowMaintenance})
	r.RegisterWorkflowWithOptions(process.Campaign, workflow.RegisterOptions{Name: models.WorkflowCampaign})
	r.RegisterWorkflowWithOptions(process.Branch, workflow.RegisterOptions{Name: models.WorkflowBranch})
	r.RegisterWorkflowWithOptions(process.ProcessUnit, workflow.RegisterOptions{Name: models.WorkflowProcessUnit})
	r.RegisterWorkflowWithOptions(process.ScheduledProcess, workflow.RegisterOptions{Name: models.WorkflowScheduledProcess})
	r.RegisterWorkflowWithOptions(inspection.WithOptions(host), workflow.RegisterOptions{Name: models.WorkflowInspection})
	r.RegisterWorkflowWithOptions(screening.WithOptions(host), workflow.RegisterOptions{Name: models.WorkflowScreeningCase})
	acts.Register(r)
}

// RegisterSweep registers the overdue sweep and its activity, for the
// worker of models.SweepTaskQueue.
func RegisterSweep(r worker.Registry, acts *activities.Activities) {
	r.RegisterWorkflowWithOptions(maintenance.OverdueSweep, workflow.RegisterOptions{Name: models.WorkflowOverdueSweep})
	r.RegisterActivityWithOptions(acts.MarkOverdue, activity.RegisterOptions{Name: models.ActivityMarkOverdue})
	r.RegisterActivityWithOptions(acts.SweepOverdue, activity.RegisterOptions{Name: models.ActivitySweepOverdue})
}

// NewSweepWorker builds the small worker of models.SweepTaskQueue (two
// pollers of each kind: one sweep every 15 s). The caller starts and
// stops it with the main worker.
func NewSweepWorker(c client.Client, acts *activities.Activities) worker.Worker {
	w := worker.New(c, models.SweepTaskQueue, worker.Options{
		MaxConcurrentWorkflowTaskPollers: 2,
		MaxConcurrentActivityTaskPollers: 2,
	})
	RegisterSweep(w, acts)
	return w
}

// EnsureMaintenance starts the daily maintenance workflow and the overdue
// sweep unless they run.
func EnsureMaintenance(ctx context.Context, c client.Client) error {
	for _, w := range []struct {
		id, queue, workflowType string
		args                    []any
	}{
		{MaintenanceWorkflowID, models.TaskQueue, models.WorkflowMaintenance, []any{maintenance.MaintenanceInput{}}},
		{OverdueSweepWorkflowID, models.SweepTaskQueue, models.WorkflowOverdueSweep, nil},
	} {
		_, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
			ID: w.id, TaskQueue: w.queue,
			WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		}, w.workflowType, w.args...)
		if err != nil {
			return fmt.Errorf("start %s workflow: %w", w.workflowType, err)
		}
	}
	return nil
}
