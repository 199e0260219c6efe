package process

import (
	"fmt"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"dsflow/models"
)

// MaxPendingChildren bounds the unit hosts a branch starts at once: it
// waits for each batch to be running before the next, far under Temporal's
// 2,000 pending children.
const MaxPendingChildren = 500

// Branch is the workflow models.WorkflowBranch: one branch of a launch (a
// province, say), whose tasks its process has written already. It starts
// each unit's host as a child workflow that outlives it (ParentClosePolicy
// abandon), at most MaxPendingChildren at a time, and ends once they all
// run. A host a command started first (Update-with-Start) is left as it
// is.
func Branch(ctx workflow.Context, in models.BranchInput) error {
	units := in.Units
	for len(units) > 0 {
		n := min(len(units), MaxPendingChildren)
		var started []workflow.Future
		for _, u := range units[:n] {
			cctx := workflow.WithChildOptions(ctx, workflow.ChildWorkflowOptions{
				WorkflowID:            models.UnitHostID(u.ProcessID, u.UnitID),
				TaskQueue:             models.TaskQueue,
				ParentClosePolicy:     enumspb.PARENT_CLOSE_POLICY_ABANDON,
				WorkflowIDReusePolicy: enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
			})
			started = append(started, workflow.ExecuteChildWorkflow(cctx, models.WorkflowProcessUnit, u).GetChildWorkflowExecution())
		}
		for _, f := range started {
			if err := f.Get(ctx, nil); err != nil && !temporal.IsWorkflowExecutionAlreadyStartedError(err) {
				return fmt.Errorf("branch %d of %s: start a unit: %w", in.UnitID, in.ProcessID, err)
			}
		}
		units = units[n:]
	}
	return nil
}
