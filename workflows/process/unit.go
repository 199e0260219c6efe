package process

import (
	"fmt"

	"go.temporal.io/sdk/workflow"

	"dsflow/models"
	"dsflow/workflows/task"
)

// ProcessUnit is the workflow models.WorkflowProcessUnit: one unit's part
// in a process, hosting that unit's tasks (written in bulk by its branch,
// adopted here; carried on a continue-as-new). On models.SignalCancelUnit it
// cancels the tasks its unit still owes; submissions wait for their
// sign-off. When every task is done it ends; the
// root unit's part then tells its process (models.SignalRootDone).
func ProcessUnit(ctx workflow.Context, in models.UnitInput) error {
	e, err := task.New(ctx, task.Options{MaxUpdates: in.MaxUpdates}, task.Start{Carry: in.Carry, Adopt: in.Carry == nil, AdoptAt: in.AdoptAt})
	if err != nil {
		return fmt.Errorf("process unit: %w", err)
	}
	cancelled, reason := in.Cancelled, in.CancelReason
	// A cancelled process cancels what its units still owe; a submission
	// stays, with its data and figures, for its sign-off to decide.
	cancelAll := func(ctx workflow.Context) {
		for _, t := range e.Tasks() {
			if !models.AwaitsAssignee(t.Status) {
				continue
			}
			if err := e.Cancel(ctx, t.ID, reason); err != nil {
				workflow.GetLogger(ctx).Error("task not cancelled", "task", t.ID, "error", err)
			}
		}
	}
	workflow.Go(ctx, func(ctx workflow.Context) {
		if !cancelled {
			workflow.GetSignalChannel(ctx, models.SignalCancelUnit).Receive(ctx, &reason)
			cancelled = true
		}
		// Tasks adopted after the signal are cancelled too: adopt them now
		// and wait for them.
		e.AdoptNow()
		if err := workflow.Await(ctx, e.Adopted); err != nil {
			return
		}
		cancelAll(ctx)
	})
	err = e.Serve(ctx, func(c models.HostCarry) error {
		next := in
		next.Carry, next.Cancelled, next.CancelReason = &c, cancelled, reason
		return workflow.NewContinueAsNewError(ctx, models.WorkflowProcessUnit, next)
	})
	if err != nil || !in.Root {
		return err
	}
	// The process may be gone (a test, an operator): nothing to tell then.
	if err := workflow.SignalExternalWorkflow(ctx, in.ProcessID, "", models.SignalRootDone, nil).Get(ctx, nil); err != nil {
		workflow.GetLogger(ctx).Warn("process not told its root is done", "process", in.ProcessID, "error", err)
	}
	return nil
}
