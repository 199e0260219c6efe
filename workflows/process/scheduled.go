package process

import (
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"dsflow/models"
)

// ScheduledProcess is the workflow models.WorkflowScheduledProcess that a
// recurring schedule starts each period (a quarter's briefing, say): it
// records the process of the period that contains its start (once: a
// period is launched at most once, whatever the triggers) and starts that
// process's Campaign, which outlives it. It ends at once, so a schedule's
// runs never overlap.
func ScheduledProcess(ctx workflow.Context, in models.ScheduledInput) error {
	actx := workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: time.Minute,
		RetryPolicy: &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: time.Minute,
			NonRetryableErrorTypes: []string{models.ENOTFOUND, models.EINVALID}},
	})
	var processID string
	if err := workflow.ExecuteActivity(actx, models.ActivityStartPeriod, in.ScheduleID, workflow.Now(ctx)).Get(ctx, &processID); err != nil {
		return fmt.Errorf("schedule %s: record the period: %w", in.ScheduleID, err)
	}
	cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
		WorkflowID:            processID,
		TaskQueue:             models.TaskQueue,
		ParentClosePolicy:     enumspb.PARENT_CLOSE_POLICY_ABANDON,
		WorkflowIDReusePolicy: enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
	})
	err := workflow.ExecuteChildWorkflow(cctx, models.WorkflowCampaign, models.ProcessInput{ProcessID: processID}).GetChildWorkflowExecution().Get(ctx, nil)
	if err != nil && !temporal.IsWorkflowExecutionAlreadyStartedError(err) {
		return fmt.Errorf("schedule %s: start %s: %w", in.ScheduleID, processID, err)
	}
	return nil
}
