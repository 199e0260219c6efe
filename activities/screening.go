package activities

import (
	"context"
	"encoding/json"

	"go.temporal.io/sdk/temporal"

	"dsflow/models"
	"dsflow/protocols"
	"dsflow/store"
)

// LoadCase tells a case's workflow where the case stands: its protocol and
// position, without personal data.
func (a *Activities) LoadCase(ctx context.Context, caseID string) (models.CaseState, error) {
	c, def, err := a.caseAndProtocol(ctx, caseID)
	if err != nil {
		return models.CaseState{}, err
	}
	return models.CaseState{CaseID: c.ID, Protocol: def, UnitID: c.UnitID, UnitPath: c.UnitPath, Step: c.Step, Attempt: c.Attempt,
		Status: c.Status, StepTask: protocols.StepTaskID(c.ID, c.Step, c.Attempt, 0)}, nil
}

// AdvanceCase records a completed step's decision and returns the task of
// what comes next (nil when the case ends): a new attempt due after the
// protocol's retry days, or the next step due after its own, counted from
// now.
func (a *Activities) AdvanceCase(ctx context.Context, d models.CaseAdvance) (*models.TaskSpec, error) {
	c, def, err := a.caseAndProtocol(ctx, d.CaseID)
	if err != nil {
		return nil, err
	}
	if err := a.Store.AdvanceCase(ctx, d); err != nil {
		return nil, err
	}
	if d.Outcome != "" {
		return nil, nil
	}
	cal, err := a.calendar(ctx)
	if err != nil {
		return nil, err
	}
	due := protocols.Due(def, d.Step, a.now(), cal)
	if d.Retry {
		due = protocols.RetryDue(def, a.now(), cal)
	}
	st := models.CaseState{CaseID: c.ID, UnitID: c.UnitID, UnitPath: c.UnitPath}
	spec := protocols.Step(def, st, d.Step, d.Attempt, 0, due, d.ActorID)
	return &spec, nil
}

// TransferCase moves a case to the unit the person moved to.
func (a *Activities) TransferCase(ctx context.Context, by uint, caseID string, unitID uint) error {
	u, err := a.Store.GetUnit(ctx, store.Scope{Path: "/"}, unitID)
	if err != nil {
		return nonRetryableIfMissing(err)
	}
	return a.Store.MoveCase(ctx, caseID, *u, by)
}

func (a *Activities) caseAndProtocol(ctx context.Context, caseID string) (*models.ScreeningCase, models.ProtocolDef, error) {
	var def models.ProtocolDef
	c, err := a.Store.GetCase(ctx, store.Scope{Path: "/"}, caseID)
	if err != nil {
		return nil, def, nonRetryableIfMissing(err)
	}
	p, err := a.Store.GetProtocol(ctx, c.ProtocolID)
	if err != nil {
		return nil, def, nonRetryableIfMissing(err)
	}
	if err := json.Unmarshal([]byte(p.DefinitionJSON), &def); err != nil {
		return nil, def, temporal.NewNonRetryableApplicationError("protocol definition", models.EINVALID, err)
	}
	return c, def, nil
}
