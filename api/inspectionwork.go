package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"go.temporal.io/sdk/client"

	"dsflow/checklists"
	"dsflow/models"
	"dsflow/store"
)

// sheetView is one inspector's checklist for one unit, with the checklist
// it answers.
type sheetView struct {
	sheetSummary
	SaveID    string                   `json:"save_id"`
	Answers   map[string]models.Answer `json:"answers"`
	Checklist *models.ChecklistDef     `json:"checklist,omitempty"`
}

func viewSheet(sh *models.ChecklistSheet, taskStatus string) sheetView {
	v := sheetView{sheetSummary: sheetSummary{UnitID: sh.UnitID, InspectorID: sh.InspectorID, TaskID: sh.TaskID, TaskStatus: taskStatus,
		Version: sh.Version, Submitted: sh.Submitted, UpdatedAt: sh.UpdatedAt.In(ict)}, SaveID: sh.SaveID, Answers: map[string]models.Answer{}}
	if sh.Submitted {
		v.Score, v.MaxScore = &sh.Score, &sh.MaxScore
	}
	_ = json.Unmarshal([]byte(sh.AnswersJSON), &v.Answers)
	return v
}

// sheetConflict gives a conflict over a sheet the sheet as it is stored,
// as the client shows it: the answers to merge its own into.
func sheetConflict(err error) error {
	var e *models.Error
	if errors.As(err, &e) {
		if sh, ok := e.State.(*models.ChecklistSheet); ok {
			v := viewSheet(sh, "")
			e.State = v
		}
	}
	return err
}

// sheetTarget is the inspection and unit a checklist route names, checked
// against what the caller may see.
type sheetTarget struct {
	in   *models.Inspection
	unit *models.Unit
	team []models.TeamMember
}

func (s *Server) sheetTarget(ctx context.Context, c *gin.Context) (*sheetTarget, error) {
	in, err := s.store.VisibleInspection(ctx, scopeOf(c), currentUser(c).ID, c.Param("id"))
	if err != nil {
		return nil, err
	}
	units, err := s.store.InspectionUnits(ctx, in.ID)
	if err != nil {
		return nil, internal(err, "inspected units")
	}
	team, _, err := s.store.InspectionTeam(ctx, in.ID)
	if err != nil {
		return nil, internal(err, "team")
	}
	sees := inspectionReach(c, in, team)
	ref := c.Param("unit")
	i := slices.IndexFunc(units, func(u models.Unit) bool { return unitIs(u, ref) })
	if i < 0 || !sees(units[i].Path) {
		return nil, models.NotFound("checklist")
	}
	return &sheetTarget{in: in, unit: &units[i], team: team}, nil
}

// whole reports whether the caller sees the whole inspection: on the team,
// or over the inspecting unit.
func (t *sheetTarget) whole(c *gin.Context) bool {
	_, err := t.member(c)
	return err == nil || models.PathContains(scopeOf(c).Path, t.in.UnitPath)
}

// member is the caller's place on the team. EFORBIDDEN when they are not
// on it.
func (t *sheetTarget) member(c *gin.Context) (models.TeamMember, error) {
	me := currentUser(c).ID
	i := slices.IndexFunc(t.team, func(m models.TeamMember) bool { return m.UserID == me })
	if i < 0 {
		return models.TeamMember{}, &models.Error{Code: models.EFORBIDDEN, Key: "error.inspection.not_on_team"}
	}
	return t.team[i], nil
}

// handleGetSheet runs GET /inspections/{id}/checklists/{unit}: the
// caller's checklist for the unit, or ?inspector='s, with the checklist's
// items.
func (s *Server) handleGetSheet(c *gin.Context) {
	ctx := c.Request.Context()
	t, err := s.sheetTarget(ctx, c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	inspector := currentUser(c).ID
	if q := c.Query("inspector"); q != "" {
		id, err := strconv.ParseUint(q, 10, 32)
		if err != nil {
			s.respondError(c, models.Invalid(models.FieldError{Field: "inspector", Rule: "type"}))
			return
		}
		inspector = uint(id)
	}
	sh, err := s.store.Sheet(ctx, t.in.ID, t.unit.ID, inspector)
	if err != nil {
		s.respondError(c, err)
		return
	}
	def, err := s.checklistDef(ctx, t.in)
	if err != nil {
		s.respondError(c, err)
		return
	}
	tasks, err := s.store.InspectionTasks(ctx, t.in.ID)
	if err != nil {
		s.respondError(c, internal(err, "inspection tasks"))
		return
	}
	if !sh.Submitted && !t.whole(c) {
		// A draft is the inspector's own working: the inspected unit reads
		// a checklist once it is submitted.
		s.respondError(c, models.NotFound("checklist"))
		return
	}
	v := viewSheet(sh, tasks[sh.TaskID].Status)
	v.Checklist = &def
	c.JSON(http.StatusOK, v)
}

type saveSheetRequest struct {
	SaveID      string                   `json:"save_id" validate:"required,max=64"`
	BaseVersion *int                     `json:"base_version" validate:"required,min=0"`
	Answers     map[string]models.Answer `json:"answers" validate:"max=500"`
}

// handleSaveSheet runs PUT /inspections/{id}/checklists/{unit}: the
// caller saves their draft (every answer so far). A retry of a save is
// answered with what it stored; a save from an older version than the
// stored one is a conflict that shows the stored sheet.
func (s *Server) handleSaveSheet(c *gin.Context) {
	ctx := c.Request.Context()
	t, err := s.sheetTarget(ctx, c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	m, err := t.member(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	body, err := readBody(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	var req saveSheetRequest
	if err := s.decodeBody(body, &req); err != nil {
		s.respondError(c, err)
		return
	}
	def, err := s.checklistDef(ctx, t.in)
	if err != nil {
		s.respondError(c, err)
		return
	}
	if fe := checklists.CheckAnswers(def, req.Answers, false); len(fe) > 0 {
		s.respondError(c, models.Invalid(fe...))
		return
	}
	if err := s.checkEvidence(ctx, t, m.UserID, req.Answers); err != nil {
		s.respondError(c, err)
		return
	}
	if req.Answers == nil {
		req.Answers = map[string]models.Answer{}
	}
	sh, err := s.store.SaveSheet(ctx, store.SheetSave{InspectionID: t.in.ID, UnitID: t.unit.ID, InspectorID: m.UserID,
		BaseVersion: *req.BaseVersion, SaveID: req.SaveID, Answers: req.Answers})
	if err != nil {
		s.respondError(c, sheetConflict(err))
		return
	}
	c.JSON(http.StatusOK, viewSheet(sh, ""))
}

// checkEvidence makes sure every file an answer names was uploaded to the
// inspector's checklist task.
func (s *Server) checkEvidence(ctx context.Context, t *sheetTarget, inspector uint, answers map[string]models.Answer) error {
	taskID := ""
	for key, a := range answers {
		for i, f := range a.Files {
			if taskID == "" {
				sh, err := s.store.Sheet(ctx, t.in.ID, t.unit.ID, inspector)
				if err != nil {
					return err
				}
				taskID = sh.TaskID
			}
			if _, err := s.store.GetAttachment(ctx, store.Scope{Path: t.in.UnitPath}, taskID, f); err != nil {
				return models.Invalid(models.FieldError{Field: "answers." + key + ".files[" + strconv.Itoa(i) + "]", Rule: "file"})
			}
		}
	}
	return nil
}

type submitSheetRequest struct {
	Version *int `json:"version" validate:"required,min=1"`
}

// handleSubmitSheet runs POST /inspections/{id}/checklists/{unit}/submit:
// the caller makes their checklist final at the version they saw. Every
// required item must be answered and every failing item carry what it
// requires; the score is computed here, recorded with the answers, and
// the checklist task is submitted through the inspection's workflow.
func (s *Server) handleSubmitSheet(c *gin.Context) {
	ctx := c.Request.Context()
	t, err := s.sheetTarget(ctx, c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	m, err := t.member(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	body, err := readBody(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	s.once(c, body, func(ctx context.Context) (int, any, error) {
		var req submitSheetRequest
		if err := s.decodeBody(body, &req); err != nil {
			return 0, nil, err
		}
		sh, err := s.store.Sheet(ctx, t.in.ID, t.unit.ID, m.UserID)
		if err != nil {
			return 0, nil, err
		}
		if !sh.Submitted {
			if sh.Version != *req.Version {
				return 0, nil, sheetConflict(&models.Error{Code: models.ECONFLICT, Key: "error.checklist.stale", State: sh})
			}
			def, err := s.checklistDef(ctx, t.in)
			if err != nil {
				return 0, nil, err
			}
			answers := viewSheet(sh, "").Answers
			if fe := checklists.CheckAnswers(def, answers, true); len(fe) > 0 {
				return 0, nil, models.Invalid(fe...)
			}
			score, max := checklists.Score(def, answers)
			if sh, err = s.store.SubmitSheet(ctx, t.in.ID, t.unit.ID, m.UserID, *req.Version, score, max); err != nil {
				return 0, nil, sheetConflict(err)
			}
		} else if sh.Version != *req.Version {
			return 0, nil, sheetConflict(&models.Error{Code: models.ECONFLICT, Key: "error.checklist.submitted", State: sh})
		}
		task, err := s.store.GetTask(ctx, store.Scope{Path: t.in.UnitPath}, sh.TaskID)
		if err != nil {
			return 0, nil, internal(err, "load checklist task")
		}
		if task.Status != models.StatusDone {
			cmd := models.TaskCommand{TaskID: task.ID, Actor: actorOf(c),
				Data: map[string]any{"version": float64(sh.Version), "score": sh.Score, "max_score": sh.MaxScore}}
			if _, err := s.runCommand(ctx, c, task, models.UpdateSubmit, "submit", cmd); err != nil {
				return 0, nil, err
			}
		}
		return http.StatusOK, viewSheet(sh, models.StatusDone), nil
	})
}

type findingRequest struct {
	SaveID      string `json:"save_id" validate:"required,max=64"`
	Unit        string `json:"unit" validate:"required,max=40"`
	Item        string `json:"item" validate:"max=40"`
	Severity    string `json:"severity" validate:"required,oneof=high medium low"`
	Description string `json:"description" validate:"required,max=4000"`
	DueDays     int    `json:"due_days" validate:"required,min=1,max=365"`
	// WorkingDays: the deadline counts working days (the default).
	WorkingDays *bool `json:"working_days"`
}

// handleAddFinding runs POST /inspections/{id}/findings: a member of the
// team records a shortcoming at an inspected unit, linked to a checklist
// item, before the minutes are signed. save_id makes a retry add nothing.
func (s *Server) handleAddFinding(c *gin.Context) {
	ctx := c.Request.Context()
	in, err := s.store.VisibleInspection(ctx, scopeOf(c), currentUser(c).ID, c.Param("id"))
	if err != nil {
		s.respondError(c, err)
		return
	}
	team, _, err := s.store.InspectionTeam(ctx, in.ID)
	if err != nil {
		s.respondError(c, internal(err, "team"))
		return
	}
	t := &sheetTarget{in: in, team: team}
	m, err := t.member(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	body, err := readBody(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	var req findingRequest
	if err := s.decodeBody(body, &req); err != nil {
		s.respondError(c, err)
		return
	}
	units, err := s.store.InspectionUnits(ctx, in.ID)
	if err != nil {
		s.respondError(c, internal(err, "inspected units"))
		return
	}
	ref := strings.TrimSpace(req.Unit)
	i := slices.IndexFunc(units, func(u models.Unit) bool { return unitIs(u, ref) })
	if i < 0 {
		s.respondError(c, models.Invalid(models.FieldError{Field: "unit", Rule: "inspected_unit"}))
		return
	}
	if req.Item != "" {
		def, err := s.checklistDef(ctx, in)
		if err != nil {
			s.respondError(c, err)
			return
		}
		if !hasItem(def, req.Item) {
			s.respondError(c, models.Invalid(models.FieldError{Field: "item", Rule: "item"}))
			return
		}
	}
	if strings.TrimSpace(req.Description) == "" {
		s.respondError(c, models.Invalid(models.FieldError{Field: "description", Rule: "required"}))
		return
	}
	working := req.WorkingDays == nil || *req.WorkingDays
	f, err := s.store.AddFinding(ctx, models.Finding{InspectionID: in.ID, UnitID: units[i].ID, UnitPath: units[i].Path, ItemKey: req.Item,
		Severity: req.Severity, Description: strings.TrimSpace(req.Description), DueDays: req.DueDays, WorkingDays: working,
		SaveID: req.SaveID, CreatedBy: m.UserID})
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusCreated, viewFinding(*f, nil))
}

func hasItem(def models.ChecklistDef, key string) bool {
	for _, sec := range def.Sections {
		for _, it := range sec.Items {
			if it.Key == key {
				return true
			}
		}
	}
	return false
}

// handleSignInspection runs POST /inspections/{id}/sign: the lead signs
// the minutes through the inspection's workflow, which refuses anyone
// else, a second signature and a signature while a checklist is open. The
// Update's ID derives from the Idempotency-Key: a retry attaches to the
// first signature.
func (s *Server) handleSignInspection(c *gin.Context) {
	ctx := c.Request.Context()
	in, err := s.store.VisibleInspection(ctx, scopeOf(c), currentUser(c).ID, c.Param("id"))
	if err != nil {
		s.respondError(c, err)
		return
	}
	body, err := readBody(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	s.once(c, body, func(ctx context.Context) (int, any, error) {
		if err := s.decodeBody(body, &emptyBody{}); err != nil {
			return 0, nil, err
		}
		actor := actorOf(c)
		opts := client.UpdateWorkflowOptions{WorkflowID: in.ID, UpdateName: models.UpdateSignMinutes,
			Args: []any{models.SignCommand{Actor: actor}}, WaitForStage: client.WorkflowUpdateStageCompleted, UpdateID: randomID()}
		if key, _ := idempotencyKey(c); key != "" {
			opts.UpdateID = derivedID(actor.UserID, key, in.ID, "sign")
		}
		var number string
		if err := s.updateOnce(ctx, in.ID, opts, &number); err != nil {
			return 0, nil, updateError(err)
		}
		got, err := s.store.GetInspection(ctx, in.ID)
		if err != nil {
			return 0, nil, internal(err, "read inspection after signing")
		}
		v, err := s.inspectionView(ctx, c, got)
		return http.StatusOK, v, err
	})
}

// unitIs reports whether ref (an ID or a code) names u.
func unitIs(u models.Unit, ref string) bool {
	return strconv.FormatUint(uint64(u.ID), 10) == ref || (u.Code != nil && *u.Code == ref)
}
