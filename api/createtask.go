package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"dsflow/forms"
	"dsflow/hoststart"
	"dsflow/models"
	"dsflow/store"
)

// maxFormBytes caps a form and its data (as JSON). Each command's input and
// result are kept in the host workflow's history, which Temporal caps at
// 50 MB: a form of 64 KiB leaves room for hundreds of commands.
const maxFormBytes = 64 << 10

type textInput struct {
	Vi string `json:"vi" validate:"required,max=300"`
	En string `json:"en" validate:"max=300"`
}

type longTextInput struct {
	Vi string `json:"vi" validate:"max=10000"`
	En string `json:"en" validate:"max=10000"`
}

type signOffInput struct {
	UnitID uint   `json:"unit_id" validate:"required"`
	Role   string `json:"role" validate:"required,oneof=leader secretary inspector"`
}

type escalationInput struct {
	RemindDaysBefore    []int `json:"remind_days_before" validate:"max=5,dive,gte=1,lte=60"`
	EscalateAfterDays   int   `json:"escalate_after_days" validate:"gte=0,lte=365"`
	EscalateUpAfterDays int   `json:"escalate_up_after_days" validate:"gte=0,lte=365"`
}

type createTaskRequest struct {
	Title         textInput       `json:"title"`
	Instructions  longTextInput   `json:"instructions"`
	Kind          string          `json:"kind" validate:"omitempty,max=60"`
	UnitID        uint            `json:"unit_id" validate:"required"`
	AssigneeID    *uint           `json:"assignee_id" validate:"required_without=CandidateRole,excluded_with=CandidateRole"`
	CandidateRole string          `json:"candidate_role" validate:"omitempty,oneof=officer secretary leader inspector"`
	Form          models.FormSpec `json:"form"`
	Priority      string          `json:"priority" validate:"priority"`
	Due           dueInput        `json:"due"`
	Escalation    escalationInput `json:"escalation"`
	SignOff       []signOffInput  `json:"sign_off" validate:"max=5,dive"`
}

// handleCreateTask hands an ad-hoc task to a unit (a role there claims it)
// or to a person under the caller, in a workflow of its own. The task row
// is written first, so the creator reads it at once, then its workflow
// starts and adopts it. With an Idempotency-Key the task and workflow IDs
// derive from the key, so a retry writes nothing twice and attaches to the
// first run instead of starting another.
func (s *Server) handleCreateTask(c *gin.Context) {
	body, err := readBody(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	s.once(c, body, func(ctx context.Context) (int, any, error) {
		var req createTaskRequest
		if err := s.decodeBody(body, &req); err != nil {
			return 0, nil, err
		}
		spec, err := s.taskSpec(c, req)
		if err != nil {
			return 0, nil, err
		}
		key, _ := idempotencyKey(c)
		wfID := "adhoc-" + randomID()
		if key != "" {
			wfID = "adhoc-" + derivedID(currentUser(c).ID, key, "create-task")
		}
		spec.HostID, spec.ProcessID, spec.ID = wfID, wfID, "t-"+wfID[len("adhoc-"):]
		now := s.now()
		batch := store.TaskBatch{
			Hosts:        []models.TaskHost{{ID: wfID, WorkflowType: models.WorkflowAdHoc, InputJSON: "{}", ProcessKind: models.ProcessAdHoc, ProcessID: wfID}},
			Tasks:        []models.TaskState{{TaskSpec: spec, Status: models.StatusOpen, Revision: 1, UpdatedAt: now}},
			At:           now,
			StartPending: true,
		}
		if _, err := s.store.CreateTasks(ctx, batch); err != nil {
			return 0, nil, internal(err, "write task")
		}
		if err := s.startHost(ctx, batch.Hosts[0]); err != nil {
			return 0, nil, err
		}
		row, err := s.store.GetTask(ctx, storeScopeAll, spec.ID)
		if err != nil {
			return 0, nil, internal(err, "read new task")
		}
		c.Header("Location", "/api/v1/tasks/"+spec.ID)
		return http.StatusCreated, viewTaskRow(*row), nil
	})
}

// startHost starts a host workflow whose tasks are written (hoststart.Start)
// and, once it runs, drops the host from those the maintenance sweep would
// start. EUNAVAILABLE when Temporal cannot be reached: the tasks are
// written, and a retry, any command on them or the sweep (within a minute
// or so) starts the host.
func (s *Server) startHost(ctx context.Context, h models.TaskHost) error {
	if err := hoststart.Start(ctx, s.temporal, h); err != nil {
		return &models.Error{Code: models.EUNAVAILABLE, Key: "error.unavailable", Err: err}
	}
	if err := s.store.HostStarted(ctx, h.ID); err != nil {
		// The sweep starts it again, which attaches to this run: only log.
		s.log.WarnContext(ctx, "host started, its pending start not cleared", "host", h.ID, "error", err)
	}
	return nil
}

// taskSpec checks the request against the caller's scope and the domain
// rules and builds the spec. EINVALID.
func (s *Server) taskSpec(c *gin.Context, req createTaskRequest) (models.TaskSpec, error) {
	ctx := c.Request.Context()
	scope := scopeOf(c)
	unit, err := s.store.GetUnit(ctx, scope, req.UnitID)
	if err != nil {
		return models.TaskSpec{}, models.Invalid(models.FieldError{Field: "unit_id", Rule: "unit"})
	}
	if req.AssigneeID != nil {
		u, err := s.store.GetUser(ctx, scope, *req.AssigneeID)
		if err != nil || u.UnitID != unit.ID || !u.Active {
			return models.TaskSpec{}, models.Invalid(models.FieldError{Field: "assignee_id", Rule: "user"})
		}
	}
	if raw, _ := json.Marshal(req.Form); len(raw) > maxFormBytes {
		return models.TaskSpec{}, models.Invalid(models.FieldError{Field: "form", Rule: "max", Param: strconv.Itoa(maxFormBytes)})
	}
	if errs := forms.ValidateSpec(req.Form); len(errs) > 0 {
		for i := range errs {
			errs[i].Field = "form." + errs[i].Field
		}
		return models.TaskSpec{}, models.Invalid(errs...)
	}
	due, err := s.resolveDue(ctx, req.Due, "due", s.now())
	if err != nil {
		return models.TaskSpec{}, err
	}
	var levels []models.SignOffLevel
	for i, so := range req.SignOff {
		lu, err := s.store.GetUnit(ctx, scope, so.UnitID)
		if err != nil || !models.PathContains(lu.Path, unit.Path) {
			// A sign-off is by the task's unit or a unit above it.
			return models.TaskSpec{}, models.Invalid(models.FieldError{Field: fmt.Sprintf("sign_off[%d].unit_id", i), Rule: "unit"})
		}
		levels = append(levels, models.SignOffLevel{UnitID: lu.ID, UnitPath: lu.Path, Role: so.Role})
	}
	kind, priority := req.Kind, req.Priority
	if kind == "" {
		kind = "adhoc"
	}
	if priority == "" {
		priority = models.PriorityNormal
	}
	return models.TaskSpec{
		ProcessKind: models.ProcessAdHoc, Kind: kind, UnitID: unit.ID, UnitPath: unit.Path,
		AssigneeID: req.AssigneeID, CandidateRole: req.CandidateRole,
		Title:        models.Text{Vi: strings.TrimSpace(req.Title.Vi), En: strings.TrimSpace(req.Title.En)},
		Instructions: models.Text{Vi: req.Instructions.Vi, En: req.Instructions.En},
		Form:         req.Form, Priority: priority, DueAt: due,
		Escalation: models.Escalation{RemindDaysBefore: req.Escalation.RemindDaysBefore, EscalateAfterDays: req.Escalation.EscalateAfterDays,
			EscalateUpAfterDays: req.Escalation.EscalateUpAfterDays},
		SignOff: levels, CreatedBy: currentUser(c).ID,
	}, nil
}

func randomID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
