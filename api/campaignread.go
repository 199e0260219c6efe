package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"dsflow/models"
	"dsflow/rollup"
	"dsflow/store"
)

type listProcessesQuery struct {
	Kind   string `form:"kind" json:"kind" validate:"omitempty,max=20"`
	Status string `form:"status" json:"status" validate:"omitempty,oneof=scheduled running completed cancelled"`
	Limit  int    `form:"limit" json:"limit" validate:"gte=0,lte=200"`
}

// handleListProcesses lists the processes the caller may see: those whose
// root lies in their subtree, and those their unit takes part in.
func (s *Server) handleListProcesses(c *gin.Context) {
	var q listProcessesQuery
	if err := s.bindQuery(c, &q); err != nil {
		s.respondError(c, err)
		return
	}
	ps, err := s.store.ListProcesses(c.Request.Context(), scopeOf(c), store.ProcessFilter{Kind: q.Kind, Status: q.Status, Limit: q.Limit})
	if err != nil {
		s.respondError(c, internal(err, "list processes"))
		return
	}
	items := make([]processView, 0, len(ps))
	for _, p := range ps {
		items = append(items, viewProcess(p))
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
}

type processQuery struct {
	UnitID *uint `form:"unit" json:"unit"`
}

// processDetail is GET /campaigns/{id}: the process, the progress of each
// step and the overdue units in the caller's part of it, and the figures
// against targets at a unit (the caller's, or ?unit= below it) and each of
// its children.
type processDetail struct {
	processView
	Steps        []stepView          `json:"steps"`
	OverdueUnits []store.UnitOverdue `json:"overdue_units"`
	Figures      figureNode          `json:"figures"`
}

type stepView struct {
	Step      string      `json:"step"`
	Title     models.Text `json:"title"`
	DueAt     time.Time   `json:"due_at"`
	Units     int         `json:"units"`
	Submitted int         `json:"submitted"`
	Share     float64     `json:"submitted_share"`
	Overdue   int         `json:"overdue"`
}

type figureNode struct {
	Unit     unitView        `json:"unit"`
	Figures  []rollup.Figure `json:"figures"`
	Children []figureNode    `json:"children,omitempty"`
}

func (s *Server) handleGetProcess(c *gin.Context) {
	var q processQuery
	if err := s.bindQuery(c, &q); err != nil {
		s.respondError(c, err)
		return
	}
	ctx := c.Request.Context()
	p, def, err := s.visibleProcess(ctx, c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	at, err := s.processUnitFor(ctx, c, p, q.UnitID)
	if err != nil {
		s.respondError(c, err)
		return
	}
	scope := store.Scope{Path: at.Path}
	progress, err := s.store.ProcessProgress(ctx, scope, p.ID)
	if err != nil {
		s.respondError(c, internal(err, "process progress"))
		return
	}
	overdue, err := s.store.ProcessOverdueUnits(ctx, scope, p.ID, 50)
	if err != nil {
		s.respondError(c, internal(err, "overdue units"))
		return
	}
	comp, err := s.figures(ctx, p, def)
	if err != nil {
		s.respondError(c, err)
		return
	}
	tree, err := s.figureTree(ctx, p, comp, *at)
	if err != nil {
		s.respondError(c, err)
		return
	}
	out := processDetail{processView: viewProcess(*p), Steps: []stepView{}, OverdueUnits: overdue, Figures: tree}
	for _, sp := range progress {
		v := stepView{Step: sp.Kind, DueAt: sp.DueAt.In(ict), Units: sp.Units, Submitted: sp.Submitted, Overdue: sp.Overdue}
		for _, st := range def.Steps {
			if st.Key == sp.Kind {
				v.Title = st.Title
			}
		}
		if sp.Units > 0 {
			v.Share = float64(sp.Submitted) / float64(sp.Units)
		}
		out.Steps = append(out.Steps, v)
	}
	c.JSON(http.StatusOK, out)
}

// visibleProcess loads the process of the path's :id that the caller may
// see, with its template's definition. ENOTFOUND.
func (s *Server) visibleProcess(ctx context.Context, c *gin.Context) (*models.Process, models.TemplateDef, error) {
	var def models.TemplateDef
	p, err := s.store.VisibleProcess(ctx, scopeOf(c), c.Param("id"))
	if err != nil {
		return nil, def, err
	}
	t, err := s.store.GetTemplate(ctx, p.TemplateID)
	if err != nil {
		return nil, def, internal(err, "load template")
	}
	if err := json.Unmarshal([]byte(t.DefinitionJSON), &def); err != nil {
		return nil, def, internal(err, "read template")
	}
	return p, def, nil
}

// processUnitFor is the unit whose view of p the caller asks for: ?unit=
// (in both their subtree and the process's), else their own unit when it
// lies in the process, else the process's root. ENOTFOUND.
func (s *Server) processUnitFor(ctx context.Context, c *gin.Context, p *models.Process, unitID *uint) (*models.Unit, error) {
	me := currentUser(c).Unit
	switch {
	case unitID != nil:
		u, err := s.store.GetUnit(ctx, scopeOf(c), *unitID)
		if err != nil || !models.PathContains(p.RootPath, u.Path) {
			return nil, models.NotFound("unit")
		}
		return u, nil
	case models.PathContains(p.RootPath, me.Path):
		return me, nil
	}
	return s.store.GetUnit(ctx, storeScopeAll, p.RootUnitID)
}

// figures prepares the roll-up of a process's figures against its targets.
func (s *Server) figures(ctx context.Context, p *models.Process, def models.TemplateDef) (*rollup.Computer, error) {
	sums, err := s.store.FigureSums(ctx, p.ID)
	if err != nil {
		return nil, internal(err, "sum figures")
	}
	targets, err := s.store.ProcessTargets(ctx, p.ID)
	if err != nil {
		return nil, internal(err, "load targets")
	}
	participants, err := s.store.UnitsOfLevels(ctx, p.RootPath, []string{p.Level})
	if err != nil {
		return nil, internal(err, "participating units")
	}
	return rollup.New(rollup.Input{Def: def, Process: *p, Participants: participants, Sums: sums, Targets: targets, Now: s.now()}), nil
}

// figureTree is the figures at unit u and at each of its children that
// has units of the process below it.
func (s *Server) figureTree(ctx context.Context, p *models.Process, comp *rollup.Computer, u models.Unit) (figureNode, error) {
	node := figureNode{Unit: viewUnit(u), Figures: comp.At(u)}
	if u.Level == p.Level {
		return node, nil
	}
	children, err := s.store.ChildUnits(ctx, u.ID)
	if err != nil {
		return node, internal(err, "child units")
	}
	for _, ch := range children {
		below, err := s.store.UnitsOfLevels(ctx, ch.Path, []string{p.Level})
		if err != nil {
			return node, internal(err, "participating units")
		}
		if len(below) > 0 {
			node.Children = append(node.Children, figureNode{Unit: viewUnit(ch), Figures: comp.At(ch)})
		}
	}
	return node, nil
}

// handleCancelProcess runs POST /campaigns/{id}/cancel: the process's
// workflow marks it cancelled and tells every unit to cancel what is
// outstanding; what was submitted stays. A process that has ended is 409.
func (s *Server) handleCancelProcess(c *gin.Context) {
	body, err := readBody(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	s.once(c, body, func(ctx context.Context) (int, any, error) {
		var req struct {
			Reason string `json:"reason" validate:"max=4000"`
		}
		if err := s.decodeBody(body, &req); err != nil {
			return 0, nil, err
		}
		p, err := s.store.VisibleProcess(ctx, scopeOf(c), c.Param("id"))
		if err != nil {
			return 0, nil, err
		}
		if !models.PathContains(scopeOf(c).Path, p.RootPath) {
			// A participant sees the process; only its launching level may cancel it.
			return 0, nil, &models.Error{Code: models.EFORBIDDEN, Key: "error.forbidden"}
		}
		h, err := s.temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: p.ID, UpdateName: models.UpdateCancelProcess,
			Args: []any{strings.TrimSpace(req.Reason)}, WaitForStage: client.WorkflowUpdateStageCompleted})
		var status string
		if err == nil {
			err = h.Get(ctx, &status)
		}
		var nf *serviceerror.NotFound
		if errors.As(err, &nf) {
			return 0, nil, &models.Error{Code: models.ECONFLICT, Key: "error.process.ended", Err: err}
		}
		if err != nil {
			return 0, nil, updateError(err)
		}
		p.Status = models.ProcessCancelled
		return http.StatusOK, viewProcess(*p), nil
	})
}
