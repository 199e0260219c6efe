// Package hoststart starts the host workflow of tasks already written: the
// one way both the API (right after writing them) and the maintenance
// sweep (for a host whose start failed) do it, so the two agree on what a
// second start of the same host means.
package hoststart

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"dsflow/models"
)

// Timeout bounds one start: past it Temporal is taken to be out of reach.
const Timeout = 15 * time.Second

// Start starts h's workflow. A start while the first run lives attaches to
// it; once that run has finished its ID is never reused (a second run
// would rewrite the same tasks' revisions), and the finished run stands:
// both are success. Any other error means the host may not be running.
func Start(ctx context.Context, c client.Client, h models.TaskHost) error {
	sctx, cancel := context.WithTimeout(ctx, Timeout)
	defer cancel()
	_, err := c.ExecuteWorkflow(sctx, client.StartWorkflowOptions{
		ID: h.ID, TaskQueue: models.TaskQueue, WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy: enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
	}, h.WorkflowType, json.RawMessage(h.InputJSON))
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	if err != nil && !errors.As(err, &started) {
		return fmt.Errorf("start host workflow %s: %w", h.ID, err)
	}
	return nil
}
