// Package adhoc hosts the tasks a leader or secretary hands out outside any
// process: one small workflow per hand-out, holding its tasks until each is
// approved, done or cancelled. It lives apart from package task so that the
// engine stays a library that every process hosts the same way.
package adhoc

import (
	"fmt"

	"go.temporal.io/sdk/workflow"

	"dsflow/models"
	"dsflow/workflows/task"
)

// AdHocTasks is the workflow models.WorkflowAdHoc. The API writes the
// hand-out's tasks to the read model first (so the creator reads them at
// once) and starts this workflow, which adopts them; a continued run
// resumes from in.Carry. It completes when every task is terminal, and
// continues as new when its history grows long. Commands reach the tasks
// as the engine's Updates.
func AdHocTasks(ctx workflow.Context, in models.AdHocInput) error {
	return run(ctx, in, task.Options{})
}

// WithOptions is AdHocTasks on an engine with opts (a worker that needs a
// shorter write budget, say); the input's MaxUpdates still applies.
func WithOptions(opts task.Options) func(workflow.Context, models.AdHocInput) error {
	return func(ctx workflow.Context, in models.AdHocInput) error { return run(ctx, in, opts) }
}

func run(ctx workflow.Context, in models.AdHocInput, opts task.Options) error {
	if in.MaxUpdates > 0 {
		opts.MaxUpdates = in.MaxUpdates
	}
	e, err := task.New(ctx, opts, task.Start{Carry: in.Carry, Adopt: in.Carry == nil})
	if err != nil {
		return fmt.Errorf("adhoc: %w", err)
	}
	return e.Serve(ctx, func(c models.HostCarry) error {
		return workflow.NewContinueAsNewError(ctx, models.WorkflowAdHoc, models.AdHocInput{Carry: &c, MaxUpdates: in.MaxUpdates})
	})
}
