package activities

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"dsflow/calendar"
	"dsflow/models"
	"dsflow/plan"
	"dsflow/store"
)

// PlanProcess tells a process workflow when it starts and which branches
// its launch has: the root unit's own tasks, then one branch per child of
// the root with units taking part below it (or, when the participants are
// the root's children, one branch of them all).
func (a *Activities) PlanProcess(ctx context.Context, processID string) (models.ProcessPlan, error) {
	p, def, err := a.process(ctx, processID)
	if err != nil {
		return models.ProcessPlan{}, err
	}
	out := models.ProcessPlan{WindowStart: p.WindowStart, Status: p.Status, RootHostID: models.UnitHostID(p.ID, p.RootUnitID)}
	out.Branches = append(out.Branches, models.BranchRef{UnitID: p.RootUnitID, OnlySelf: true})
	children, err := a.Store.ChildUnits(ctx, p.RootUnitID)
	if err != nil {
		return out, err
	}
	levels := plan.Levels(def, *p)
	flat := false
	for _, c := range children {
		if c.Level == p.Level {
			flat = true
		}
	}
	if flat {
		out.Branches = append(out.Branches, models.BranchRef{UnitID: p.RootUnitID, ExcludeSelf: true})
		return out, nil
	}
	for _, c := range children {
		units, err := a.Store.UnitsOfLevels(ctx, c.Path, levels)
		if err != nil {
			return out, err
		}
		if len(units) > 0 {
			out.Branches = append(out.Branches, models.BranchRef{UnitID: c.ID})
		}
	}
	return out, nil
}

// PrepareUnits writes the tasks of one branch of a launch to the read
// model in one batch, with their hosts, and returns the hosts to start.
// Written again (a retried activity, a relaunch) it writes nothing twice.
func (a *Activities) PrepareUnits(ctx context.Context, in models.BranchInput) ([]models.UnitInput, error) {
	p, def, err := a.process(ctx, in.ProcessID)
	if err != nil {
		return nil, err
	}
	unit, err := a.Store.GetUnit(ctx, store.Scope{Path: p.RootPath}, in.UnitID)
	if err != nil {
		return nil, fmt.Errorf("branch unit %d: %w", in.UnitID, err)
	}
	var units []models.Unit
	if !in.ExcludeSelf {
		units = append(units, *unit)
	}
	if !in.OnlySelf {
		below, err := a.Store.UnitsOfLevels(ctx, unit.Path, plan.Levels(def, *p))
		if err != nil {
			return nil, err
		}
		for _, u := range below {
			if u.ID != unit.ID {
				units = append(units, u)
			}
		}
	}
	cal, err := a.calendar(ctx)
	if err != nil {
		return nil, err
	}
	tasks, hosts, err := plan.Tasks(def, *p, units, cal)
	if err != nil {
		return nil, err
	}
	if _, err := a.Store.CreateTasks(ctx, store.TaskBatch{Hosts: hosts, Tasks: tasks, At: a.now()}); err != nil {
		return nil, fmt.Errorf("write the tasks of branch %d: %w", in.UnitID, err)
	}
	out := make([]models.UnitInput, 0, len(hosts))
	for _, h := range hosts {
		var ui models.UnitInput
		if err := json.Unmarshal([]byte(h.InputJSON), &ui); err != nil {
			return nil, fmt.Errorf("host input %s: %w", h.ID, err)
		}
		out = append(out, ui)
	}
	return out, nil
}

// SetProcessStatus moves a process to a status (see store.SetProcessStatus),
// noting why in the audit, and returns the status it has after.
func (a *Activities) SetProcessStatus(ctx context.Context, processID, status, note string) (string, error) {
	return a.Store.SetProcessStatus(ctx, processID, status, note)
}

// CancelProcessUnits tells every unit host of a process to cancel its
// outstanding tasks, starting a host that had not started yet (its tasks
// are written) so that it cancels them too. A host that has finished has
// nothing outstanding.
func (a *Activities) CancelProcessUnits(ctx context.Context, processID, reason string) error {
	if a.Temporal == nil {
		return temporal.NewNonRetryableApplicationError("no Temporal client for the activities", models.EINTERNAL, nil)
	}
	hosts, err := a.Store.HostsOfProcess(ctx, processID)
	if err != nil {
		return err
	}
	sem := make(chan struct{}, 16)
	var mu sync.Mutex
	var errs []error
	var wg sync.WaitGroup
	for _, h := range hosts {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			_, err := a.Temporal.SignalWithStartWorkflow(ctx, h.ID, models.SignalCancelUnit, reason, client.StartWorkflowOptions{
				ID: h.ID, TaskQueue: models.TaskQueue, WorkflowIDReusePolicy: reuseRejectDuplicate,
			}, h.WorkflowType, json.RawMessage(h.InputJSON))
			var started *serviceerror.WorkflowExecutionAlreadyStarted
			if err != nil && !errors.As(err, &started) {
				mu.Lock()
				errs = append(errs, fmt.Errorf("cancel %s: %w", h.ID, err))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// process loads a process and the template version it runs.
func (a *Activities) process(ctx context.Context, id string) (*models.Process, models.TemplateDef, error) {
	p, err := a.Store.GetProcess(ctx, id)
	if err != nil {
		return nil, models.TemplateDef{}, nonRetryableIfMissing(err)
	}
	t, err := a.Store.GetTemplate(ctx, p.TemplateID)
	if err != nil {
		return nil, models.TemplateDef{}, nonRetryableIfMissing(err)
	}
	var def models.TemplateDef
	if err := json.Unmarshal([]byte(t.DefinitionJSON), &def); err != nil {
		return nil, def, temporal.NewNonRetryableApplicationError("template definition", models.EINVALID, err)
	}
	return p, def, nil
}

// calendar is the working-day calendar with the admin's overrides.
func (a *Activities) calendar(ctx context.Context) (*calendar.Calendar, error) {
	rows, err := a.Store.CalendarOverrides(ctx)
	if err != nil {
		return nil, err
	}
	days, err := calendar.DaysFromModels(rows)
	if err != nil {
		return nil, temporal.NewNonRetryableApplicationError("calendar overrides", models.EINVALID, err)
	}
	return calendar.New(days), nil
}

// nonRetryableIfMissing keeps an activity from retrying a lookup of what
// does not exist.
func nonRetryableIfMissing(err error) error {
	if models.ErrorCode(err) == models.ENOTFOUND {
		return temporal.NewNonRetryableApplicationError(err.Error(), models.ENOTFOUND, err)
	}
	return err
}

// StartPeriod records the process of a schedule's period that contains at
// and returns its ID.
func (a *Activities) StartPeriod(ctx context.Context, scheduleID string, at time.Time) (string, error) {
	p, err := a.Store.PeriodProcess(ctx, scheduleID, at)
	if err != nil {
		return "", nonRetryableIfMissing(err)
	}
	return p.ID, nil
}
