package models

import "time"

// Task statuses.
const (
	StatusOpen      = "open"      // given to a person or a role at a unit, not yet taken up
	StatusClaimed   = "claimed"   // a person at the unit took a role-candidate task
	StatusSubmitted = "submitted" // waiting for the sign-off level SignOffStep
	StatusReturned  = "returned"  // sent back to the assignee with a reason
	StatusApproved  = "approved"  // the last sign-off level approved; content frozen
	StatusDone      = "done"      // submitted, and no sign-off was required
	StatusCancelled = "cancelled"
)

// TaskStatuses lists every status.
var TaskStatuses = []string{StatusOpen, StatusClaimed, StatusSubmitted, StatusReturned, StatusApproved, StatusDone, StatusCancelled}

// Terminal reports whether a task in status s can change no more.
func Terminal(s string) bool {
	return s == StatusApproved || s == StatusDone || s == StatusCancelled
}

// AwaitsAssignee reports whether the assignee still owes work in status s;
// only such tasks can be overdue.
func AwaitsAssignee(s string) bool {
	return s == StatusOpen || s == StatusClaimed || s == StatusReturned
}

// Process kinds that host tasks.
const (
	ProcessAdHoc      = "adhoc"
	ProcessCampaign   = "campaign"
	ProcessBriefing   = "briefing"
	ProcessInspection = "inspection"
	ProcessScreening  = "screening"
)

// Priorities.
const (
	PriorityLow    = "low"
	PriorityNormal = "normal"
	PriorityHigh   = "high"
	PriorityUrgent = "urgent"
)

// SignOffLevel is one step of a task's sign-off chain: someone holding Role
// at the unit (or above it) decides.
type SignOffLevel struct {
	UnitID   uint   `json:"unit_id"`
	UnitPath string `json:"unit_path"`
	Role     string `json:"role"`
}

// Escalation says when reminders and escalations fire, relative to the due time.
type Escalation struct {
	// RemindDaysBefore lists reminders, in days before the due time.
	RemindDaysBefore []int `json:"remind_days_before,omitempty"`
	// EscalateAfterDays: days overdue before the unit's leaders are told
	// (0: never).
	EscalateAfterDays int `json:"escalate_after_days,omitempty"`
	// EscalateUpAfterDays: further days before the parent unit's leaders are
	// told (0: never).
	EscalateUpAfterDays int `json:"escalate_up_after_days,omitempty"`
	// NotifyUnits are further units whose leaders escalation level 1
	// tells as well (the inspecting unit of a remediation, say).
	NotifyUnits []uint `json:"notify_units,omitempty"`
}

// TaskSpec is what a host workflow creates a task from. It carries IDs,
// bilingual texts and the form; never personal data.
type TaskSpec struct {
	ID string `json:"id"`
	// HostID is the ID of the workflow that hosts the task; commands go there.
	HostID        string         `json:"host_id"`
	ProcessKind   string         `json:"process_kind"`
	ProcessID     string         `json:"process_id"`
	Kind          string         `json:"kind"`
	UnitID        uint           `json:"unit_id"`
	UnitPath      string         `json:"unit_path"`
	AssigneeID    *uint          `json:"assignee_id,omitempty"`
	CandidateRole string         `json:"candidate_role,omitempty"`
	Title         Text           `json:"title"`
	Instructions  Text           `json:"instructions"`
	Form          FormSpec       `json:"form"`
	Priority      string         `json:"priority"`
	DueAt         time.Time      `json:"due_at"`
	Escalation    Escalation     `json:"escalation"`
	SignOff       []SignOffLevel `json:"sign_off,omitempty"`
	CreatedBy     uint           `json:"created_by"`
	// ClosesAt, when set, is when the task stops taking submissions (a
	// template that refuses late reports): after it a submit is a conflict.
	ClosesAt *time.Time `json:"closes_at,omitempty"`
	// Indicators maps form fields to the indicators they report
	// (field → indicator key): a submission's values become the unit's
	// figures of the process.
	Indicators map[string]string `json:"indicators,omitempty"`
	// Freezes: once this task is approved, its process's figures freeze.
	Freezes bool `json:"freezes,omitempty"`
}

// FirstTimerEvent is the earliest time the task can have a timer event:
// its first reminder, or its due time.
func (t TaskSpec) FirstTimerEvent() time.Time {
	at := t.DueAt
	for _, d := range t.Escalation.RemindDaysBefore {
		if r := t.DueAt.AddDate(0, 0, -d); r.Before(at) {
			at = r
		}
	}
	return at
}

// Decision is one recorded sign-off decision.
type Decision struct {
	Level       int       `json:"level"`
	ActorID     uint      `json:"actor_id"`
	Decision    string    `json:"decision"` // approve | return
	Comment     string    `json:"comment,omitempty"`
	ContentHash string    `json:"content_hash"` // SHA-256 of the exact data decided on
	At          time.Time `json:"at"`
}

// TaskState is a task as its host workflow knows it: the spec plus what has
// happened. Revision grows by one with every change; the read model keeps
// the highest revision it has seen.
type TaskState struct {
	TaskSpec
	Status          string         `json:"status"`
	Revision        int            `json:"revision"`
	ClaimedBy       *uint          `json:"claimed_by,omitempty"`
	Data            map[string]any `json:"data,omitempty"`
	ContentHash     string         `json:"content_hash,omitempty"`
	SignOffStep     int            `json:"sign_off_step"` // index into SignOff while submitted
	Decisions       []Decision     `json:"decisions,omitempty"`
	Overdue         bool           `json:"overdue"`
	EscalationLevel int            `json:"escalation_level"` // 0 none, 1 unit leaders, 2 parent unit leaders
	ReturnReason    string         `json:"return_reason,omitempty"`
	SubmittedAt     *time.Time     `json:"submitted_at,omitempty"`
	CompletedAt     *time.Time     `json:"completed_at,omitempty"`
	UpdatedAt       time.Time      `json:"updated_at"`
}

// Owner is the user who owes the work now: the assignee, or whoever claimed it.
func (t *TaskState) Owner() *uint {
	if t.AssigneeID != nil {
		return t.AssigneeID
	}
	return t.ClaimedBy
}

// Task events: what a revision did. Each is one audit action too.
const (
	EventCreated    = "created"
	EventClaimed    = "claimed"
	EventUnclaimed  = "unclaimed"
	EventSubmitted  = "submitted"
	EventReturned   = "returned"
	EventApproved   = "approved"
	EventReassigned = "reassigned"
	EventCommented  = "commented"
	EventExtended   = "extended"
	EventCancelled  = "cancelled"
	EventReminded   = "reminded"
	EventOverdue    = "overdue"
	EventEscalated  = "escalated"
)

// TaskChange is what the activity ApplyTaskChange writes to the read model
// for one revision: the task after the change, what happened, who did it and
// why. It is kept lean, because every change is an activity input in the
// host's history: Task carries no form except on the created revision, and
// form data only on a submission (the read model keeps both from there).
// A write is identified by (Task.ID, Task.Revision) and compared whole: the
// same change again writes nothing; another change under a revision already
// written replaces it when it was scheduled later (see store.ApplyTaskChange).
type TaskChange struct {
	Task    TaskState `json:"task"`
	Event   string    `json:"event"`
	ActorID uint      `json:"actor_id"` // 0 for automatic transitions
	At      time.Time `json:"at"`
	// Note is the reason, comment text or other detail of the event.
	Note          string   `json:"note,omitempty"`
	AttachmentIDs []string `json:"attachment_ids,omitempty"`
}

// CommandResult is what a task command (an Update) returns: the revision it
// made and the status after it. The API reads the task itself from the read
// model, which the command wrote before it completed, so the history keeps
// a few bytes per command rather than the task with its form.
type CommandResult struct {
	TaskID   string `json:"task_id"`
	Revision int    `json:"revision"`
	Status   string `json:"status"`
}

// HostTasks is what a host workflow adopts from the read model when its
// tasks were written in bulk before it started: the tasks without their
// forms, and each distinct form once (FormOf[i] indexes Forms for
// Tasks[i]; -1 means no form), so a host of many tasks from one template
// carries each form once in its history.
type HostTasks struct {
	// Announced: the tasks were put in their assignees' inboxes when they
	// were written; the host does not notify them again.
	Announced bool        `json:"announced,omitempty"`
	Tasks     []TaskState `json:"tasks"`
	Forms     []FormSpec  `json:"forms,omitempty"`
	FormOf    []int       `json:"form_of,omitempty"`
}

// TaskTimers is what a task's timers remember beyond the task itself,
// carried across a continue-as-new.
type TaskTimers struct {
	// RemindFrom: reminders due at or before it are sent or skipped.
	RemindFrom time.Time `json:"remind_from"`
	// EscalatedAt is when escalation level 1 fired (zero: unknown).
	EscalatedAt time.Time `json:"escalated_at,omitempty"`
	// EscalateFrom, when set, replaces the due time as the start of the
	// escalation count: a task returned after its due time counts its
	// escalation from the return, not from a due time the approvers let pass.
	EscalateFrom time.Time `json:"escalate_from,omitempty"`
}

// CarriedTask is one task of a host handed to its next run.
type CarriedTask struct {
	State  TaskState  `json:"state"` // without its form
	FormOf int        `json:"form_of"`
	Timers TaskTimers `json:"timers"`
}

// DoneUpdate is a command a host completed, remembered by its Update ID so
// that a retry arriving after a continue-as-new (where Temporal no longer
// knows the ID) gets the first answer instead of running again.
type DoneUpdate struct {
	ID     string        `json:"id"`
	Result CommandResult `json:"result"`
}

// HostCarry is the task engine's state handed from one run of a host to the
// next (continue-as-new): the open tasks with their timers, each form once,
// the IDs of the closed ones, the notifications not yet delivered and the
// commands recently completed.
type HostCarry struct {
	Tasks []CarriedTask `json:"tasks"`
	// Closed are the tasks that ended in an earlier run: they take no
	// more commands, and only their IDs are carried, so a host's carried
	// state grows with its open tasks, not with its history.
	Closed  []string        `json:"closed,omitempty"`
	Forms   []FormSpec      `json:"forms,omitempty"`
	Notices []NotifyRequest `json:"notices,omitempty"`
	Done    []DoneUpdate    `json:"done,omitempty"`
}

// Notification kinds.
const (
	NotifyAssigned   = "task.assigned"
	NotifyReminder   = "task.reminder"
	NotifyOverdue    = "task.overdue"
	NotifyEscalated  = "task.escalated"
	NotifyReturned   = "task.returned"
	NotifySignOff    = "task.signoff_pending"
	NotifyCompleted  = "task.completed"
	NotifyExtended   = "task.extended"
	NotifyReassigned = "task.reassigned"
	NotifyCancelled  = "task.cancelled"
)

// NotifyRequest asks the notifier to tell people about a task. Recipients
// are users, or every holder of Role at UnitID.
type NotifyRequest struct {
	// Key makes delivery idempotent: one inbox row per (Key, recipient).
	Key     string `json:"key"`
	Kind    string `json:"kind"`
	TaskID  string `json:"task_id"`
	UserIDs []uint `json:"user_ids,omitempty"`
	UnitID  uint   `json:"unit_id,omitempty"`
	Role    string `json:"role,omitempty"`
	Title   Text   `json:"title"`
}

// Activity names: workflows call activities by these names so that
// workflows/ never imports the package that does I/O.
const (
	// The maintenance workflow's, each func(ctx, asOf time.Time) error with
	// asOf its scheduled run time: idempotent for one asOf.
	ActivityRebucketOverdue = "RebucketOverdue"
	ActivityPurgeExpired    = "PurgeExpired"
	// ActivityMarkOverdue is the overdue sweep's: func(ctx) (int, error),
	// how many tasks it marked, as of the store's clock.
	ActivityMarkOverdue = "MarkOverdue"
	// ActivitySweepOverdue is the overdue sweep's since its version 1:
	// func(ctx, SweepSpan) (int, error), MarkOverdue every Every for Span,
	// heartbeating, so the rounds wait on a clock in the worker and not
	// on the server's timer queue (see workflows/maintenance).
	ActivitySweepOverdue = "SweepOverdue"

	ActivityApplyTaskChange = "ApplyTaskChange"
	ActivityNotify          = "Notify"
	ActivityLoadHostTasks   = "LoadHostTasks"
)

// SweepSpan is one ActivitySweepOverdue: sweep every Every for Span.
type SweepSpan struct {
	Span  time.Duration `json:"span"`
	Every time.Duration `json:"every"`
}
