// Package inspection holds the workflow of an inspection visit: it hosts
// each inspector's checklist task for each unit, takes the lead's
// signature of the minutes (after which answers and findings are final),
// then hosts the remediation task each finding became until every one is
// verified.
package inspection

import (
	"fmt"
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"dsflow/models"
	"dsflow/workflows/task"
)

// Inspection is the workflow models.WorkflowInspection, one per inspection
// (its ID is the inspection's). The API writes the checklist tasks first;
// the workflow adopts them. models.UpdateSignMinutes, from the lead once
// every checklist is submitted, records the signature
// (models.ActivitySignMinutes, which turns the findings into remediation
// tasks with deadlines from the signing day) and hosts those tasks; an
// inspector verifies (approves) or returns each. The inspection closes
// (models.ActivityCloseInspection) when every task is done.
func Inspection(ctx workflow.Context, in models.InspectionInput) error {
	return run(ctx, in, task.Options{})
}

// WithOptions is Inspection with the task engine's options (limits that
// tests lower).
func WithOptions(opts task.Options) func(workflow.Context, models.InspectionInput) error {
	return func(ctx workflow.Context, in models.InspectionInput) error { return run(ctx, in, opts) }
}

func run(ctx workflow.Context, in models.InspectionInput, opts task.Options) error {
	w := &inspection{in: in, signed: in.Signed}
	opts.KeepOpen = func() bool { return !w.signed }
	e, err := task.New(ctx, opts, task.Start{Carry: in.Carry, Adopt: in.Carry == nil})
	if err != nil {
		return fmt.Errorf("inspection: %w", err)
	}
	w.e = e
	if err := workflow.SetUpdateHandlerWithOptions(ctx, models.UpdateSignMinutes, w.sign,
		workflow.UpdateHandlerOptions{Validator: w.validateSign}); err != nil {
		return fmt.Errorf("inspection: register sign: %w", err)
	}
	if err := e.Serve(ctx, func(c models.HostCarry) error {
		next := in
		next.Carry, next.Signed = &c, w.signed
		return workflow.NewContinueAsNewError(ctx, models.WorkflowInspection, next)
	}); err != nil {
		return err
	}
	return workflow.ExecuteActivity(activityCtx(ctx), models.ActivityCloseInspection, in.InspectionID).Get(ctx, nil)
}

type inspection struct {
	in      models.InspectionInput
	e       *task.Engine
	signed  bool
	signing bool
}

// validateSign: only the lead signs, once, when every checklist is in.
func (w *inspection) validateSign(ctx workflow.Context, c models.SignCommand) error {
	if err := w.check(c); err != nil {
		return task.ToApplicationError(err)
	}
	return nil
}

func (w *inspection) check(c models.SignCommand) *models.Error {
	switch {
	case c.Actor.UserID != w.in.LeadID:
		return &models.Error{Code: models.EFORBIDDEN, Key: "error.inspection.lead_only"}
	case w.signed || w.signing:
		return &models.Error{Code: models.ECONFLICT, Key: "error.inspection.signed"}
	}
	for _, t := range w.e.Tasks() {
		if t.Kind == models.KindChecklist && !models.Terminal(t.Status) {
			return &models.Error{Code: models.ECONFLICT, Key: "error.inspection.checklists_open", Detail: "checklist " + t.ID + " is " + t.Status}
		}
	}
	return nil
}

// sign records the signature and hosts the remediation tasks it makes.
func (w *inspection) sign(ctx workflow.Context, c models.SignCommand) (string, error) {
	if err := workflow.Await(ctx, w.e.Adopted); err != nil {
		return "", err
	}
	if err := w.check(c); err != nil {
		return "", task.ToApplicationError(err)
	}
	w.signing = true
	defer func() { w.signing = false }()
	var res models.SignResult
	if err := workflow.ExecuteActivity(activityCtx(ctx), models.ActivitySignMinutes, w.in.InspectionID, c.Actor.UserID).Get(ctx, &res); err != nil {
		return "", task.ToApplicationError(fmt.Errorf("inspection %s: sign: %w", w.in.InspectionID, err))
	}
	for _, spec := range res.Tasks {
		if err := w.e.Add(ctx, spec); err != nil {
			return "", task.ToApplicationError(err)
		}
	}
	w.signed = true
	// Answer once the remediation tasks can be seen.
	if err := workflow.Await(ctx, func() bool {
		for _, spec := range res.Tasks {
			if !w.e.Written(spec.ID) {
				return false
			}
		}
		return true
	}); err != nil {
		return "", err
	}
	return res.Number, nil
}

func activityCtx(ctx workflow.Context) workflow.Context {
	return workflow.WithActivityOptions(ctx, workflow.ActivityOptions{
		StartToCloseTimeout: time.Minute,
		RetryPolicy: &temporal.RetryPolicy{InitialInterval: time.Second, BackoffCoefficient: 2, MaximumInterval: time.Minute,
			NonRetryableErrorTypes: []string{models.ENOTFOUND, models.EINVALID, models.ECONFLICT}},
	})
}
