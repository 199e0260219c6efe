package api

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"dsflow/authz"
	"dsflow/forms"
	"dsflow/models"
	"dsflow/store"
)

// Bodies of the task commands. Every command changes the process, so each
// goes to the owning workflow as an Update whose validator re-checks it.
type (
	emptyBody  struct{}
	submitBody struct {
		Data          map[string]any `json:"data"`
		AttachmentIDs []string       `json:"attachment_ids" validate:"max=20,dive,max=40"`
	}
	reasonBody struct {
		Reason string `json:"reason" validate:"required,max=4000"`
	}
	approveBody struct {
		Comment      string `json:"comment" validate:"max=4000"`
		ExpectedHash string `json:"expected_hash" validate:"omitempty,len=64,hexadecimal"`
	}
	reassignBody struct {
		AssigneeID    *uint  `json:"assignee_id" validate:"required_without=CandidateRole,excluded_with=CandidateRole"`
		CandidateRole string `json:"candidate_role" validate:"omitempty,oneof=officer secretary leader inspector"`
	}
	commentBody struct {
		Text          string   `json:"text" validate:"required,max=4000"`
		AttachmentIDs []string `json:"attachment_ids" validate:"max=20,dive,max=40"`
	}
	extendBody struct {
		Due    dueInput `json:"due"`
		Reason string   `json:"reason" validate:"required,max=4000"`
	}
)

// command describes one task command: its Update, the permission it needs
// and how its body becomes a TaskCommand.
type command struct {
	update string
	perm   authz.Permission
	build  func(s *Server, c *gin.Context, body []byte, t *models.Task, cmd *models.TaskCommand) error
}

var commands = map[string]command{
	"claim":   {models.UpdateClaim, authz.ActOnTasks, decodeOnly[emptyBody]},
	"unclaim": {models.UpdateUnclaim, authz.ActOnTasks, decodeOnly[emptyBody]},
	"submit": {models.UpdateSubmit, authz.ActOnTasks, func(s *Server, c *gin.Context, body []byte, t *models.Task, cmd *models.TaskCommand) error {
		if t.Kind == models.KindChecklist && t.ProcessKind == models.ProcessInspection {
			// Its answers and score are the checklist's: submitted with it.
			return &models.Error{Code: models.ECONFLICT, Key: "error.checklist.use_sheet"}
		}
		var b submitBody
		if err := s.decodeBody(body, &b); err != nil {
			return err
		}
		if raw, _ := json.Marshal(b.Data); len(raw) > maxFormBytes {
			return models.Invalid(models.FieldError{Field: "data", Rule: "max", Param: strconv.Itoa(maxFormBytes)})
		}
		files, err := s.checkFormData(c, t, b.Data)
		if err != nil {
			return err
		}
		cmd.Data, cmd.AttachmentIDs = b.Data, dedupe(append(b.AttachmentIDs, files...))
		return s.checkAttachments(c, t.ID, b.AttachmentIDs, "attachment_ids")
	}},
	"return": {models.UpdateReturn, authz.SignOff, func(s *Server, _ *gin.Context, body []byte, _ *models.Task, cmd *models.TaskCommand) error {
		var b reasonBody
		err := s.decodeBody(body, &b)
		cmd.Reason = strings.TrimSpace(b.Reason)
		return err
	}},
	"approve": {models.UpdateApprove, authz.SignOff, func(s *Server, _ *gin.Context, body []byte, _ *models.Task, cmd *models.TaskCommand) error {
		var b approveBody
		err := s.decodeBody(body, &b)
		cmd.Reason, cmd.ExpectedHash = strings.TrimSpace(b.Comment), b.ExpectedHash
		return err
	}},
	"reassign": {models.UpdateReassign, authz.ReassignTasks, func(s *Server, c *gin.Context, body []byte, t *models.Task, cmd *models.TaskCommand) error {
		var b reassignBody
		if err := s.decodeBody(body, &b); err != nil {
			return err
		}
		if b.AssigneeID != nil {
			u, err := s.store.GetUser(c.Request.Context(), scopeOf(c), *b.AssigneeID)
			if err != nil || u.UnitID != t.UnitID || !u.Active {
				return models.Invalid(models.FieldError{Field: "assignee_id", Rule: "user"})
			}
		}
		cmd.AssigneeID, cmd.CandidateRole = b.AssigneeID, b.CandidateRole
		return nil
	}},
	"comment": {models.UpdateComment, authz.ActOnTasks, func(s *Server, c *gin.Context, body []byte, t *models.Task, cmd *models.TaskCommand) error {
		var b commentBody
		if err := s.decodeBody(body, &b); err != nil {
			return err
		}
		cmd.Reason, cmd.AttachmentIDs = strings.TrimSpace(b.Text), b.AttachmentIDs
		return s.checkAttachments(c, t.ID, b.AttachmentIDs, "attachment_ids")
	}},
	"extend": {models.UpdateExtend, authz.ExtendTasks, func(s *Server, c *gin.Context, body []byte, t *models.Task, cmd *models.TaskCommand) error {
		var b extendBody
		if err := s.decodeBody(body, &b); err != nil {
			return err
		}
		due, err := s.resolveDue(c.Request.Context(), b.Due, "due", t.DueAt)
		if err != nil {
			return err
		}
		if !due.After(t.DueAt) {
			return models.Invalid(models.FieldError{Field: "due", Rule: "after"})
		}
		cmd.DueAt, cmd.Reason = due, strings.TrimSpace(b.Reason)
		return nil
	}},
	"cancel": {models.UpdateCancel, authz.CancelTasks, func(s *Server, _ *gin.Context, body []byte, t *models.Task, cmd *models.TaskCommand) error {
		if caseStep(t) {
			// A case ends with an outcome its steps record, never by a
			// cancelled step.
			return &models.Error{Code: models.ECONFLICT, Key: "error.case.step_cancel"}
		}
		var b reasonBody
		err := s.decodeBody(body, &b)
		cmd.Reason = strings.TrimSpace(b.Reason)
		return err
	}},
}

func decodeOnly[T any](s *Server, _ *gin.Context, body []byte, _ *models.Task, _ *models.TaskCommand) error {
	var b T
	return s.decodeBody(body, &b)
}

// handleTaskCommand runs POST /tasks/{id}/{command}: scope (404 outside),
// role (403), body shape (422), then the Update on the host workflow, whose
// validator decides on state and permission (409/403/422) before anything
// is recorded. The answer is the task as the command left it, read from the
// read model, which the command wrote before it completed.
func (s *Server) handleTaskCommand(c *gin.Context) {
	ctx := c.Request.Context()
	t, err := s.store.GetTask(ctx, scopeOf(c), c.Param("id"))
	if err != nil {
		s.respondError(c, err)
		return
	}
	cmdDef, ok := commands[c.Param("command")]
	if !ok {
		s.respondError(c, models404())
		return
	}
	if !authz.Allowed(currentUser(c).RoleList(), cmdDef.perm) {
		s.respondError(c, &models.Error{Code: models.EFORBIDDEN, Key: "error.forbidden"})
		return
	}
	body, err := readBody(c)
	if err != nil {
		s.respondError(c, err)
		return
	}
	s.once(c, body, func(ctx context.Context) (int, any, error) {
		cmd := models.TaskCommand{TaskID: t.ID, Actor: actorOf(c)}
		if err := cmdDef.build(s, c, body, t, &cmd); err != nil {
			return 0, nil, err
		}
		res, err := s.runCommand(ctx, c, t, cmdDef.update, c.Param("command"), cmd)
		if err != nil {
			return 0, nil, s.withCurrentState(ctx, c, t.ID, err)
		}
		row, err := s.store.GetTask(ctx, scopeOf(c), res.TaskID)
		if err != nil {
			return 0, nil, internal(err, "read task after command")
		}
		return http.StatusOK, viewTaskRow(*row), nil
	})
}

// withCurrentState gives a conflict the task as the read model has it, so
// every 409 shows the caller where the task stands.
func (s *Server) withCurrentState(ctx context.Context, c *gin.Context, taskID string, err error) error {
	e := models.AsError(err)
	if e == nil || e.Code != models.ECONFLICT || e.State != nil {
		return err
	}
	if row, rerr := s.store.GetTask(ctx, scopeOf(c), taskID); rerr == nil {
		e.State = viewTaskRow(*row)
	}
	return e
}

// checkFormData checks submitted data against the task's form before it
// goes to the workflow (whose validator checks again), so the fields are
// named as the client sent them ("data.births"), and makes sure each file
// field names a file uploaded to the task. It returns those files' IDs,
// which the submission links.
func (s *Server) checkFormData(c *gin.Context, t *models.Task, data map[string]any) ([]string, error) {
	form := store.TaskStateOf(*t).Form
	fe := forms.ValidateData(form, data)
	if len(fe) == 0 {
		ids := forms.FileIDs(form, data)
		missing, err := s.store.MissingAttachments(c.Request.Context(), t.ID, ids)
		if err != nil {
			return nil, internal(err, "check file fields")
		}
		for _, f := range form.Fields {
			if v, ok := data[f.Name].(string); ok && f.Type == models.FieldFile && slices.Contains(missing, strings.TrimSpace(v)) {
				fe = append(fe, models.FieldError{Field: f.Name, Rule: "file"})
			}
		}
		if len(fe) == 0 {
			return ids, nil
		}
	}
	for i := range fe {
		fe[i].Field = "data." + fe[i].Field
	}
	return nil, models.Invalid(fe...)
}

// checkAttachments makes sure every ID is a file uploaded to the task.
func (s *Server) checkAttachments(c *gin.Context, taskID string, ids []string, field string) error {
	missing, err := s.store.MissingAttachments(c.Request.Context(), taskID, ids)
	if err != nil {
		return internal(err, "check attachments")
	}
	if len(missing) > 0 {
		return models.Invalid(models.FieldError{Field: field, Rule: "oneof", Param: strings.Join(missing, " ")})
	}
	return nil
}
