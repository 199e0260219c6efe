package plan

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"dsflow/calendar"
	"dsflow/i18n"
	"dsflow/models"
)

// Checklist task form: the inspector submits the version of the answers
// they make final (the answers themselves live with the checklist, saved
// as drafts; the score is computed from them on submit).
var checklistForm = models.FormSpec{Fields: []models.FormField{
	{Name: "version", Type: models.FieldCount, Required: true, Label: label("field.checklist.version")},
	{Name: "score", Type: models.FieldNumber, Label: label("field.checklist.score")},
	{Name: "max_score", Type: models.FieldNumber, Label: label("field.checklist.max_score")},
}}

// Remediation task form: what the unit did, with evidence.
var remediationForm = models.FormSpec{Fields: []models.FormField{
	{Name: "report", Type: models.FieldText, Required: true, MaxLen: 4000, Label: label("field.remediation.report")},
	{Name: "evidence", Type: models.FieldFile, Required: true, Label: label("field.remediation.evidence")},
}}

// remediationEscalation: reminders a week and a day before the deadline;
// a day after it the leaders of the inspected unit and of the inspecting
// unit are told, two days later those of the level above the unit.
func remediationEscalation(inspecting uint) models.Escalation {
	return models.Escalation{RemindDaysBefore: []int{7, 1}, EscalateAfterDays: 1, EscalateUpAfterDays: 2, NotifyUnits: []uint{inspecting}}
}

func label(key string) models.Text {
	return models.Text{Vi: i18n.T(i18n.VI, key), En: i18n.T(i18n.EN, key)}
}

func titled(key, arg string) models.Text {
	return models.Text{Vi: i18n.T(i18n.VI, key, arg), En: i18n.T(i18n.EN, key, arg)}
}

// ChecklistTaskID is the ID of inspector's checklist task for a unit.
func ChecklistTaskID(inspectionID string, unitID, inspectorID uint) string {
	return inspectionID + ".k" + strconv.FormatUint(uint64(unitID), 10) + "." + strconv.FormatUint(uint64(inspectorID), 10)
}

// Checklists builds an inspection's checklists: for each inspected unit
// and each member of the team, a task at the inspecting unit assigned to
// the member, due at the end of the visit window, with its empty sheet;
// and the host, the inspection's own workflow, which notifies the
// assignees when it adopts the tasks.
func Checklists(in models.Inspection, units []models.Unit, team []models.TeamMember) ([]models.TaskState, []models.ChecklistSheet, models.TaskHost, error) {
	raw, err := json.Marshal(models.InspectionInput{InspectionID: in.ID, LeadID: in.LeadID})
	if err != nil {
		return nil, nil, models.TaskHost{}, fmt.Errorf("plan: inspection input: %w", err)
	}
	host := models.TaskHost{ID: in.ID, WorkflowType: models.WorkflowInspection, InputJSON: string(raw),
		ProcessKind: models.ProcessInspection, ProcessID: in.ID}
	var tasks []models.TaskState
	var sheets []models.ChecklistSheet
	for _, u := range units {
		for _, m := range team {
			id := ChecklistTaskID(in.ID, u.ID, m.UserID)
			assignee := m.UserID
			spec := models.TaskSpec{
				ID: id, HostID: in.ID, ProcessKind: models.ProcessInspection, ProcessID: in.ID, Kind: models.KindChecklist,
				UnitID: in.UnitID, UnitPath: in.UnitPath, AssigneeID: &assignee,
				Title: titled("task.checklist.title", u.Name), Instructions: models.Text{Vi: in.Name, En: in.Name},
				Form: checklistForm, Priority: models.PriorityNormal, DueAt: in.WindowEnd, CreatedBy: in.CreatedBy,
			}
			tasks = append(tasks, models.TaskState{TaskSpec: spec, Status: models.StatusOpen, Revision: 1, UpdatedAt: in.CreatedAt})
			sheets = append(sheets, models.ChecklistSheet{InspectionID: in.ID, UnitID: u.ID, InspectorID: m.UserID, TaskID: id})
		}
	}
	return tasks, sheets, host, nil
}

// Remediations builds the remediation task of each finding of a signed
// inspection: for any officer of the inspected unit, due at the finding's
// deadline, verified (approved or returned) by an inspector of the
// inspecting unit, escalating to the leaders of both units.
func Remediations(in models.Inspection, findings []models.Finding) ([]models.TaskSpec, error) {
	out := make([]models.TaskSpec, 0, len(findings))
	for _, f := range findings {
		if f.DueAt == nil || f.TaskID == "" {
			return nil, fmt.Errorf("plan: finding %d has no deadline or task", f.ID)
		}
		out = append(out, models.TaskSpec{
			ID: f.TaskID, HostID: in.ID, ProcessKind: models.ProcessInspection, ProcessID: in.ID, Kind: models.KindRemediation,
			UnitID: f.UnitID, UnitPath: f.UnitPath, CandidateRole: models.RoleOfficer,
			Title:        titled("task.remediation.title", summary(f.Description)),
			Instructions: models.Text{Vi: f.Description, En: f.Description},
			Form:         remediationForm, Priority: severityPriority(f.Severity), DueAt: *f.DueAt,
			Escalation: remediationEscalation(in.UnitID),
			SignOff:    []models.SignOffLevel{{UnitID: in.UnitID, UnitPath: in.UnitPath, Role: models.RoleInspector}},
			CreatedBy:  in.LeadID,
		})
	}
	return out, nil
}

// RemediationDue is a finding's deadline counted from the signing:
// working days when it says so, calendar days otherwise.
func RemediationDue(f models.Finding, signedAt time.Time, cal *calendar.Calendar) time.Time {
	if f.WorkingDays {
		return cal.AddWorkingDays(signedAt, f.DueDays)
	}
	return cal.AddDays(signedAt, f.DueDays)
}

func severityPriority(s string) string {
	switch s {
	case models.SeverityHigh:
		return models.PriorityHigh
	case models.SeverityLow:
		return models.PriorityLow
	}
	return models.PriorityNormal
}

// summary is the first line of a description, cut to 80 letters, for a
// task's title.
func summary(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if r := []rune(s); len(r) > 80 {
		return string(r[:79]) + "…"
	}
	return s
}
