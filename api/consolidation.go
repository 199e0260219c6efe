package api

import (
	"context"
	"encoding/json"

	"dsflow/models"
	"dsflow/rollup"
	"dsflow/store"
)

// consolidationView is what a consolidation task (a district's summary of
// its communes' final reports, say) shows prefilled: each unit below with
// whether it has submitted the consolidated step and its figures.
type consolidationView struct {
	Step     string          `json:"step"`
	Children []childReport   `json:"children"`
	Total    []rollup.Figure `json:"total"`
}

type childReport struct {
	Unit      unitView        `json:"unit"`
	Status    string          `json:"status"` // submitted | partial | missing
	Units     int             `json:"units"`
	Submitted int             `json:"submitted"`
	Figures   []rollup.Figure `json:"figures"`
}

// Statuses of a child in a consolidation.
const (
	childSubmitted = "submitted"
	childPartial   = "partial"
	childMissing   = "missing"
)

// consolidation builds the prefilled view of a task whose step
// consolidates another, or nil when it does not.
func (s *Server) consolidation(ctx context.Context, row *models.Task) (*consolidationView, error) {
	if row.ProcessKind == models.ProcessAdHoc || row.ProcessKind == models.ProcessInspection || row.ProcessKind == models.ProcessScreening {
		return nil, nil
	}
	p, err := s.store.GetProcess(ctx, row.ProcessID)
	if err != nil {
		return nil, nil // not a templated process
	}
	t, err := s.store.GetTemplate(ctx, p.TemplateID)
	if err != nil {
		return nil, internal(err, "load template")
	}
	var def models.TemplateDef
	if err := json.Unmarshal([]byte(t.DefinitionJSON), &def); err != nil {
		return nil, internal(err, "read template")
	}
	var step *models.StepDef
	for i := range def.Steps {
		if def.Steps[i].Key == row.Kind {
			step = &def.Steps[i]
		}
	}
	if step == nil || step.Consolidates == "" {
		return nil, nil
	}
	unit, err := s.store.GetUnit(ctx, storeScopeAll, row.UnitID)
	if err != nil {
		return nil, internal(err, "load unit")
	}
	comp, err := s.figures(ctx, p, def)
	if err != nil {
		return nil, err
	}
	out := &consolidationView{Step: step.Consolidates, Children: []childReport{}, Total: comp.At(*unit)}
	children, err := s.store.ChildUnits(ctx, unit.ID)
	if err != nil {
		return nil, internal(err, "child units")
	}
	for _, ch := range children {
		progress, err := s.store.ProcessProgress(ctx, store.Scope{Path: ch.Path}, p.ID)
		if err != nil {
			return nil, internal(err, "progress")
		}
		r := childReport{Unit: viewUnit(ch), Figures: comp.At(ch)}
		for _, sp := range progress {
			if sp.Kind == step.Consolidates {
				r.Units += sp.Units
				r.Submitted += sp.Submitted
			}
		}
		if r.Units == 0 {
			continue // no part in the process below it
		}
		switch {
		case r.Submitted == r.Units:
			r.Status = childSubmitted
		case r.Submitted > 0:
			r.Status = childPartial
		default:
			r.Status = childMissing
		}
		out.Children = append(out.Children, r)
	}
	return out, nil
}
