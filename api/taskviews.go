package api

import (
	"encoding/json"
	"time"

	"dsflow/models"
	"dsflow/store"
)

// taskView is a task as the API shows it; times are in Asia/Ho_Chi_Minh.
type taskView struct {
	ID              string                `json:"id"`
	ProcessKind     string                `json:"process"`
	ProcessID       string                `json:"process_id"`
	Kind            string                `json:"kind"`
	UnitID          uint                  `json:"unit_id"`
	AssigneeID      *uint                 `json:"assignee_id,omitempty"`
	CandidateRole   string                `json:"candidate_role,omitempty"`
	ClaimedBy       *uint                 `json:"claimed_by,omitempty"`
	Title           models.Text           `json:"title"`
	Instructions    models.Text           `json:"instructions"`
	Form            models.FormSpec       `json:"form"`
	Data            map[string]any        `json:"data,omitempty"`
	ContentHash     string                `json:"content_hash,omitempty"`
	Priority        string                `json:"priority"`
	Status          string                `json:"status"`
	DueAt           time.Time             `json:"due_at"`
	Overdue         bool                  `json:"overdue"`
	EscalationLevel int                   `json:"escalation_level"`
	SignOff         []models.SignOffLevel `json:"sign_off,omitempty"`
	SignOffStep     int                   `json:"sign_off_step"`
	Decisions       []models.Decision     `json:"decisions,omitempty"`
	ReturnReason    string                `json:"return_reason,omitempty"`
	Revision        int                   `json:"revision"`
	CreatedBy       uint                  `json:"created_by,omitempty"`
	SubmittedAt     *time.Time            `json:"submitted_at,omitempty"`
	CompletedAt     *time.Time            `json:"completed_at,omitempty"`
	UpdatedAt       time.Time             `json:"updated_at"`
	History         []eventView           `json:"history,omitempty"`
	// Consolidation is, for a step that consolidates another, the units
	// below with their submissions and figures, prefilled.
	Consolidation *consolidationView `json:"consolidation,omitempty"`
}

type eventView struct {
	Revision    int       `json:"revision"`
	Event       string    `json:"event"`
	ActorID     uint      `json:"actor_id,omitempty"`
	Status      string    `json:"status"`
	Note        string    `json:"note,omitempty"`
	Attachments []string  `json:"attachment_ids,omitempty"`
	At          time.Time `json:"at"`
}

func viewTaskState(t models.TaskState) taskView {
	v := taskView{
		ID: t.ID, ProcessKind: t.ProcessKind, ProcessID: t.ProcessID, Kind: t.Kind, UnitID: t.UnitID, AssigneeID: t.AssigneeID,
		CandidateRole: t.CandidateRole, ClaimedBy: t.ClaimedBy, Title: t.Title, Instructions: t.Instructions, Form: t.Form,
		Data: t.Data, ContentHash: t.ContentHash, Priority: t.Priority, Status: t.Status, DueAt: t.DueAt.In(ict),
		Overdue: t.Overdue && models.AwaitsAssignee(t.Status), EscalationLevel: t.EscalationLevel, SignOff: t.SignOff,
		SignOffStep: t.SignOffStep, Decisions: t.Decisions, ReturnReason: t.ReturnReason, Revision: t.Revision,
		CreatedBy: t.CreatedBy, SubmittedAt: inICT(t.SubmittedAt), CompletedAt: inICT(t.CompletedAt), UpdatedAt: t.UpdatedAt.In(ict),
	}
	for i := range v.Decisions {
		v.Decisions[i].At = v.Decisions[i].At.In(ict)
	}
	return v
}

func viewTaskRow(row models.Task) taskView {
	v := viewTaskState(store.TaskStateOf(row))
	return v
}

func viewEvents(evs []models.TaskEvent) []eventView {
	out := make([]eventView, 0, len(evs))
	for _, e := range evs {
		ev := eventView{Revision: e.Revision, Event: e.Event, ActorID: e.ActorID, Status: e.Status, Note: e.Note, At: e.At.In(ict)}
		if e.AttachmentsJSON != "" { // the store writes "" for no files
			_ = json.Unmarshal([]byte(e.AttachmentsJSON), &ev.Attachments)
		}
		out = append(out, ev)
	}
	return out
}

func inICT(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	x := t.In(ict)
	return &x
}
