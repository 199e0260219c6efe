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

// AdHocTasks is the workflow models.WorkflowAdHoc: it checks its input,
// creates a task engine holding every task and completes when all of them
// are terminal. Commands reach the tasks as the engine's Updates. An invalid
// input fails the workflow with an "invalid" ApplicationError carrying the
// field errors (the API should have caught it first).
func AdHocTasks(ctx workflow.Context, in models.AdHocInput) error {
	if err := Validate(in); err != nil {
		return task.ToApplicationError(err)
	}
	id := workflow.GetInfo(ctx).WorkflowExecution.ID
	specs := make([]models.TaskSpec, len(in.Tasks))
	for i, s := range in.Tasks {
		if s.ProcessKind == "" {
			s.ProcessKind = models.ProcessAdHoc
		}
		if s.ProcessID == "" {
			s.ProcessID = id
		}
		specs[i] = s
	}
	e, err := task.New(ctx, task.Options{}, specs...)
	if err != nil {
		return fmt.Errorf("adhoc: %w", err)
	}
	return e.Wait(ctx)
}

// Validate checks an ad-hoc input: at least one task, and each with a
// unique ID, a unit path, a Vietnamese title, a due time and exactly one of
// an assignee or a candidate role. Field names are indexed,
// "tasks[0].due_at".
func Validate(in models.AdHocInput) *models.Error {
	var fe []models.FieldError
	add := func(i int, field, rule string) {
		fe = append(fe, models.FieldError{Field: fmt.Sprintf("tasks[%d].%s", i, field), Rule: rule})
	}
	if len(in.Tasks) == 0 {
		return models.Invalid(models.FieldError{Field: "tasks", Rule: "min", Param: "1"})
	}
	var seen []string
	for i, s := range in.Tasks {
		switch {
		case s.ID == "":
			add(i, "id", "required")
		case contains(seen, s.ID):
			add(i, "id", "unique")
		}
		seen = append(seen, s.ID)
		if s.UnitPath == "" {
			add(i, "unit_path", "required")
		}
		if s.Title.Vi == "" {
			add(i, "title.vi", "required")
		}
		if s.DueAt.IsZero() {
			add(i, "due_at", "required")
		}
		switch {
		case s.AssigneeID == nil && s.CandidateRole == "":
			add(i, "assignee_id", "required_without")
		case s.AssigneeID != nil && s.CandidateRole != "":
			add(i, "assignee_id", "excluded_with")
		}
	}
	if fe != nil {
		return models.Invalid(fe...)
	}
	return nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
