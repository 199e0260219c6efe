package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"dsflow/models"
	"dsflow/workflows/task"
)

// runCommand sends a task command to the task's host workflow as an Update
// and waits for its outcome. The UpdateID derives from (user,
// Idempotency-Key, task, command), so Temporal itself answers a repeat with
// the first outcome; without a key every request is a new command.
//
// A host that has not started yet (its tasks were written in bulk first)
// is started with the command (Update-with-Start). A host about to continue
// as new refuses commands for a moment (task.CodeDraining): the same
// Update is sent again until the next run takes it.
//
// Only an outcome the workflow recorded as "unavailable" (the database
// stayed away for the engine's whole write budget) counts as a failed
// attempt that moves the next retry to a new UpdateID; a request that times
// out or whose client goes away has no outcome yet, and its retry must
// attach to the same Update rather than run the command twice.
func (s *Server) runCommand(ctx context.Context, c *gin.Context, t *models.Task, update, name string, cmd models.TaskCommand) (models.CommandResult, error) {
	opts := client.UpdateWorkflowOptions{WorkflowID: t.HostID, UpdateName: update, Args: []any{cmd}, WaitForStage: client.WorkflowUpdateStageCompleted}
	key, _ := idempotencyKey(c)
	if key != "" {
		failed, err := s.store.FailedAttempts(ctx, cmd.Actor.UserID, key)
		if err != nil {
			return models.CommandResult{}, internal(err, "read failed attempts")
		}
		opts.UpdateID = derivedID(cmd.Actor.UserID, key, cmd.TaskID, name, strconv.Itoa(failed))
	} else {
		opts.UpdateID = randomID()
	}
	pause := 20 * time.Millisecond
	for {
		var res models.CommandResult
		err := s.updateOnce(ctx, t.HostID, opts, &res)
		if err == nil {
			return res, nil
		}
		var ae *temporal.ApplicationError
		if errors.As(err, &ae) && ae.Type() == task.CodeDraining {
			select {
			case <-ctx.Done():
				return res, &models.Error{Code: models.EUNAVAILABLE, Key: "error.unavailable", Err: err}
			case <-time.After(pause):
			}
			pause = min(2*pause, time.Second)
			continue
		}
		if key != "" && errors.As(err, &ae) && ae.Type() == models.EUNAVAILABLE {
			s.logNonFatal(c, "count failed attempt", s.store.CountFailedAttempt(ctx, cmd.Actor.UserID, key))
		}
		return res, updateError(err)
	}
}

// updateOnce sends the Update, starting the host with it if it has not
// started yet, and waits for the outcome, which it decodes into out.
func (s *Server) updateOnce(ctx context.Context, hostID string, opts client.UpdateWorkflowOptions, out any) error {
	h, err := s.temporal.UpdateWorkflow(ctx, opts)
	var nf *serviceerror.NotFound
	if errors.As(err, &nf) {
		h, err = s.updateWithStart(ctx, hostID, opts)
	}
	if err == nil {
		err = h.Get(ctx, out)
	}
	return err
}

// updateWithStart starts the recorded host workflow with the Update. A host
// that ran and finished is never started again (its tasks are closed): the
// start is refused, and the command is a conflict.
func (s *Server) updateWithStart(ctx context.Context, hostID string, opts client.UpdateWorkflowOptions) (client.WorkflowUpdateHandle, error) {
	host, err := s.store.GetHost(ctx, hostID)
	if err != nil {
		if models.ErrorCode(err) == models.ENOTFOUND {
			return nil, &models.Error{Code: models.ECONFLICT, Key: "error.task_closed", Err: err}
		}
		return nil, internal(err, "load task host")
	}
	start := s.temporal.NewWithStartWorkflowOperation(client.StartWorkflowOptions{
		ID: host.ID, TaskQueue: models.TaskQueue,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
	}, host.WorkflowType, json.RawMessage(host.InputJSON))
	return s.temporal.UpdateWithStartWorkflow(ctx, client.UpdateWithStartWorkflowOptions{StartWorkflowOperation: start, UpdateOptions: opts})
}

// updateError maps what the Temporal client returned to the vocabulary.
func updateError(err error) error {
	if e := models.AsError(err); e != nil {
		return e
	}
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	var nf *serviceerror.NotFound
	if errors.As(err, &started) || errors.As(err, &nf) {
		// The host workflow has finished: its tasks are closed.
		return &models.Error{Code: models.ECONFLICT, Key: "error.task_closed", Err: err}
	}
	if e := task.FromApplicationError(err); e.Code != models.EINTERNAL {
		if e.Code == task.CodeDraining {
			e.Code = models.EUNAVAILABLE
		}
		return e
	}
	var ae *temporal.ApplicationError
	if errors.As(err, &ae) {
		return task.FromApplicationError(err)
	}
	return &models.Error{Code: models.EUNAVAILABLE, Key: "error.unavailable", Err: fmt.Errorf("task update: %w", err)}
}
