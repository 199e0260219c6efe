package models

import "time"

// Update names of the task engine. Every host workflow registers them; the
// input names the task, so one workflow can host many tasks. Each returns a
// CommandResult.
const (
	UpdateClaim    = "task.claim"
	UpdateUnclaim  = "task.unclaim"
	UpdateSubmit   = "task.submit"
	UpdateReturn   = "task.return"
	UpdateApprove  = "task.approve"
	UpdateReassign = "task.reassign"
	UpdateComment  = "task.comment"
	UpdateExtend   = "task.extend"
	UpdateCancel   = "task.cancel"
	// QueryTasks returns the []TaskState a workflow hosts.
	QueryTasks = "task.list"
)

// TaskCommand is the input of every task Update. Fields a command does not
// use stay empty; the validator rejects what a command does not allow.
type TaskCommand struct {
	TaskID string `json:"task_id"`
	Actor  Actor  `json:"actor"`
	// Data: the form data of a submit.
	Data map[string]any `json:"data,omitempty"`
	// Reason: why a task is returned, extended or cancelled; the text of a comment.
	Reason string `json:"reason,omitempty"`
	// AttachmentIDs: files attached to a comment or a submit.
	AttachmentIDs []string `json:"attachment_ids,omitempty"`
	// DueAt: the new due time of an extend, already computed from the
	// working-day calendar by the caller.
	DueAt time.Time `json:"due_at,omitempty"`
	// Reassign: the new assignee, or a candidate role at the task's unit.
	AssigneeID    *uint  `json:"assignee_id,omitempty"`
	CandidateRole string `json:"candidate_role,omitempty"`
	// ExpectedHash: for approve, the content hash the approver saw; a
	// mismatch means the content changed under them.
	ExpectedHash string `json:"expected_hash,omitempty"`
}

// AdHocInput starts an ad-hoc workflow: tasks a leader or secretary hands
// out. The API writes the tasks to the read model first and the workflow
// adopts them, so the first run's input is empty; Carry is set on a
// continue-as-new.
type AdHocInput struct {
	Carry *HostCarry `json:"carry,omitempty"`
	// MaxUpdates, when set, continues the host as new after that many
	// commands instead of the engine's default (tests use a few).
	MaxUpdates int `json:"max_updates,omitempty"`
}

// Workflow type names.
const (
	WorkflowAdHoc       = "AdHocTasks"
	WorkflowMaintenance = "Maintenance"
	// WorkflowOverdueSweep marks tasks overdue in the read model as their
	// due times pass (workflows/maintenance OverdueSweep).
	WorkflowOverdueSweep = "OverdueSweep"
)

// TaskQueue is the task queue of dsflow's processes.
const TaskQueue = "dsflow"

// SweepTaskQueue is the overdue sweep's own queue (workflow and activity
// tasks), polled by a small worker beside the main one: thousands of timers
// firing at once queue their tasks on TaskQueue, and the sweep, which is
// there to show them overdue meanwhile, must not wait behind them.
const SweepTaskQueue = "dsflow-sweep"
