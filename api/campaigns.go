package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"dsflow/calendar"
	"dsflow/models"
)

type windowInput struct {
	Start string `json:"start" validate:"required,datetime=2006-01-02"`
	End   string `json:"end" validate:"required,datetime=2006-01-02"`
}

type launchRequest struct {
	Template string      `json:"template" validate:"required,max=60"`
	Name     string      `json:"name" validate:"required,max=300"`
	Window   windowInput `json:"window"`
	RootUnit string      `json:"root_unit" validate:"required,max=40"`
	Level    string      `json:"level" validate:"omitempty,level"`
	// Targets: indicator → unit code or ID ("*": every participant) → value.
	Targets map[string]map[string]float64 `json:"targets" validate:"max=50"`
}

// maxWindow bounds a process's window: a year's plan is the longest.
const maxWindow = 400 * 24 * time.Hour

// handleLaunchProcess runs POST /campaigns: it checks the launch against the
// template and the caller's subtree, records the process with its targets
// and starts its workflow, which writes every participating unit's tasks
// at once. With an Idempotency-Key the process ID derives from the key: a
// retry never launches twice.
func (s *Server) handleLaunchProcess(c *gin.Context) {
	body, err := readBody(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	s.once(c, body, func(ctx context.Context) (int, any, error) {
		var req launchRequest
		if err := s.decodeBody(body, &req); err != nil {
			return 0, nil, err
		}
		p, targets, err := s.checkLaunch(ctx, c, req)
		if err != nil {
			return 0, nil, err
		}
		key, _ := idempotencyKey(c)
		p.ID = "c" + randomID()[:20]
		if key != "" {
			p.ID = "c" + derivedID(currentUser(c).ID, key, "launch")[:20]
		}
		got, _, err := s.store.CreateProcess(ctx, p, targets)
		if err != nil {
			return 0, nil, internal(err, "record process")
		}
		if err := s.startProcess(ctx, got.ID); err != nil {
			return 0, nil, err
		}
		c.Header("Location", "/api/v1/campaigns/"+got.ID)
		return http.StatusCreated, viewProcess(*got), nil
	})
}

// checkLaunch validates a launch and builds the process and its targets.
// EINVALID with the fields at fault.
func (s *Server) checkLaunch(ctx context.Context, c *gin.Context, req launchRequest) (models.Process, []models.ProcessTarget, error) {
	bad := func(field, rule, param string) error {
		return models.Invalid(models.FieldError{Field: field, Rule: rule, Param: param})
	}
	tpl, err := s.store.TemplateByKeyOrID(ctx, strings.TrimSpace(req.Template))
	if err != nil {
		if models.ErrorCode(err) == models.ENOTFOUND {
			return models.Process{}, nil, bad("template", "template", "")
		}
		return models.Process{}, nil, internal(err, "load template")
	}
	var def models.TemplateDef
	if err := json.Unmarshal([]byte(tpl.DefinitionJSON), &def); err != nil {
		return models.Process{}, nil, internal(err, "read template")
	}
	start, _ := calendar.ParseDate(req.Window.Start)
	end, _ := calendar.ParseDate(req.Window.End)
	ws, we := start.Time(ict), end.Time(ict)
	switch {
	case we.Before(ws):
		return models.Process{}, nil, bad("window.end", "gtefield", "window.start")
	case we.Sub(ws) > maxWindow:
		return models.Process{}, nil, bad("window.end", "max", "400 days")
	}
	root, err := s.unitByRef(ctx, c, req.RootUnit)
	if err != nil {
		return models.Process{}, nil, bad("root_unit", "unit", "")
	}
	level := req.Level
	if level == "" {
		level = def.DefaultLevel
	}
	if level == "" {
		level = models.LevelCommune
	}
	participants, err := s.store.UnitsOfLevels(ctx, root.Path, []string{level})
	if err != nil {
		return models.Process{}, nil, internal(err, "participating units")
	}
	if len(participants) == 0 || (len(participants) == 1 && participants[0].ID == root.ID && level != root.Level) {
		return models.Process{}, nil, bad("level", "units", level)
	}
	p := models.Process{Kind: def.Kind, TemplateID: tpl.ID, TemplateKey: tpl.Key, TemplateVersion: tpl.Version,
		Name: strings.TrimSpace(req.Name), RootUnitID: root.ID, RootPath: root.Path, Level: level,
		WindowStart: ws, WindowEnd: we, Status: models.ProcessScheduled, CreatedBy: currentUser(c).ID}
	targets, err := s.checkTargets(ctx, def, *root, req.Targets)
	return p, targets, err
}

// checkTargets resolves targets: every indicator must be the template's,
// every unit in the root's subtree, every value a share (0–100) for a
// ratio and not negative for a sum.
func (s *Server) checkTargets(ctx context.Context, def models.TemplateDef, root models.Unit, in map[string]map[string]float64) ([]models.ProcessTarget, error) {
	var out []models.ProcessTarget
	inds := make([]string, 0, len(in))
	for k := range in {
		inds = append(inds, k)
	}
	slices.Sort(inds) // errors and rows in a stable order
	for _, ind := range inds {
		i := slices.IndexFunc(def.Indicators, func(d models.IndicatorDef) bool { return d.Key == ind })
		if i < 0 {
			return nil, models.Invalid(models.FieldError{Field: "targets." + ind, Rule: "indicator"})
		}
		refs := make([]string, 0, len(in[ind]))
		for r := range in[ind] {
			refs = append(refs, r)
		}
		slices.Sort(refs)
		for _, ref := range refs {
			v, field := in[ind][ref], "targets."+ind+"."+ref
			if v < 0 || (def.Indicators[i].Rollup == models.RollupRatio && v > 100) {
				return nil, models.Invalid(models.FieldError{Field: field, Rule: "range"})
			}
			t := models.ProcessTarget{Indicator: ind, Value: v}
			if ref != "*" {
				u, err := s.store.UnitByCodeOrID(ctx, ref)
				if err != nil || !models.PathContains(root.Path, u.Path) {
					return nil, models.Invalid(models.FieldError{Field: field, Rule: "unit"})
				}
				t.UnitID = u.ID
			}
			out = append(out, t)
		}
	}
	return out, nil
}

// unitByRef finds a unit by code or ID in the caller's subtree.
func (s *Server) unitByRef(ctx context.Context, c *gin.Context, ref string) (*models.Unit, error) {
	u, err := s.store.UnitByCodeOrID(ctx, strings.TrimSpace(ref))
	if err != nil {
		return nil, err
	}
	if !models.PathContains(scopeOf(c).Path, u.Path) {
		return nil, models.NotFound("unit")
	}
	return u, nil
}

// startProcess starts a process's workflow; a retry attaches to the run
// that exists, and a finished one is never started again. EUNAVAILABLE
// when Temporal cannot be reached: the process is recorded, and a retry
// starts it.
func (s *Server) startProcess(ctx context.Context, id string) error {
	sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	_, err := s.temporal.ExecuteWorkflow(sctx, client.StartWorkflowOptions{
		ID: id, TaskQueue: models.TaskQueue, WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy: enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
	}, models.WorkflowCampaign, models.ProcessInput{ProcessID: id})
	if err != nil && !isAlreadyStarted(err) {
		return &models.Error{Code: models.EUNAVAILABLE, Key: "error.unavailable", Err: fmt.Errorf("start process %s: %w", id, err)}
	}
	return nil
}

func isAlreadyStarted(err error) bool {
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	return errors.As(err, &started)
}

// processView is a process as the API shows it.
type processView struct {
	ID              string    `json:"id"`
	Kind            string    `json:"kind"`
	Name            string    `json:"name"`
	Template        string    `json:"template"`
	TemplateVersion int       `json:"template_version"`
	RootUnitID      uint      `json:"root_unit_id"`
	Level           string    `json:"level"`
	WindowStart     string    `json:"window_start"`
	WindowEnd       string    `json:"window_end"`
	Status          string    `json:"status"`
	Period          string    `json:"period,omitempty"`
	CreatedAt       time.Time `json:"created_at"`
}

func viewProcess(p models.Process) processView {
	return processView{ID: p.ID, Kind: p.Kind, Name: p.Name, Template: p.TemplateKey, TemplateVersion: p.TemplateVersion,
		RootUnitID: p.RootUnitID, Level: p.Level, WindowStart: p.WindowStart.In(ict).Format("2006-01-02"),
		WindowEnd: p.WindowEnd.In(ict).Format("2006-01-02"), Status: p.Status, Period: p.Period, CreatedAt: p.CreatedAt.In(ict)}
}
