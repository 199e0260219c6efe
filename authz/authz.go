// Package authz decides what a role may do. Where a person may do it is
// always their unit's subtree; the store enforces that with the scope.
// This is the one place that maps roles to permissions.
package authz

import "dsflow/models"

// Permission names an action guarded by role.
type Permission string

// Permissions.
const (
	ViewTasks     Permission = "tasks.view"     // see tasks in one's subtree
	ActOnTasks    Permission = "tasks.act"      // claim, submit, comment
	CreateTasks   Permission = "tasks.create"   // hand out ad-hoc tasks
	ReassignTasks Permission = "tasks.reassign" // give a task to someone else
	CancelTasks   Permission = "tasks.cancel"
	ExtendTasks   Permission = "tasks.extend" // gia hạn: leaders only
	SignOff       Permission = "tasks.signoff"
	ViewOverdue   Permission = "overdue.view"
	ReadAudit     Permission = "audit.read"
	ManageUsers   Permission = "users.manage"
	ManageUnits   Permission = "units.manage"
	EditCalendar  Permission = "calendar.edit"
	// LaunchProcesses: launch and cancel campaigns and other templated
	// processes, set their targets, run recurring schedules.
	LaunchProcesses Permission = "processes.launch"
	// ViewTemplates: read the process templates, to launch or review a
	// process, and the checklist templates, to plan or make an inspection.
	// Officers only work the tasks a process gives them.
	ViewTemplates Permission = "templates.view"
	// ManageTemplates: save a process or checklist template, or a new
	// version of one.
	ManageTemplates Permission = "templates.manage"
	// PlanInspections: plan an inspection visit of units below one's own,
	// with a team of one's unit's inspectors.
	PlanInspections Permission = "inspections.plan"
	// ViewScreening: list screening cases (pseudonymous) and coverage.
	ViewScreening Permission = "screening.view"
	// RecordScreening: record screened people, move a case; health staff.
	RecordScreening Permission = "screening.record"
	// ReadHealthData: read the personal data of the cases of one's subtree,
	// every read logged; health staff only.
	ReadHealthData Permission = "screening.personal"
	// SetScreeningTargets: coverage targets and denominators.
	SetScreeningTargets Permission = "screening.targets"
	// ReadAccessLog: list who read which case's personal data.
	ReadAccessLog Permission = "screening.access_log"
)

var grants = map[string][]Permission{
	models.RoleAdmin:     {ViewTasks, ViewOverdue, ReadAudit, ManageUsers, ManageUnits, EditCalendar, ViewTemplates, ManageTemplates, ReadAccessLog},
	models.RoleLeader:    {ViewTasks, ActOnTasks, CreateTasks, ReassignTasks, CancelTasks, ExtendTasks, SignOff, ViewOverdue, ReadAudit, ViewTemplates, LaunchProcesses, PlanInspections, ViewScreening, SetScreeningTargets},
	models.RoleSecretary: {ViewTasks, ActOnTasks, CreateTasks, ReassignTasks, CancelTasks, SignOff, ViewOverdue, ViewTemplates, ManageTemplates, LaunchProcesses, PlanInspections, ViewScreening, SetScreeningTargets},
	models.RoleInspector: {ViewTasks, ActOnTasks, SignOff, ViewTemplates, PlanInspections},
	models.RoleOfficer:   {ViewTasks, ActOnTasks},
	models.RoleHealth:    {ViewTasks, ActOnTasks, ViewScreening, RecordScreening, ReadHealthData},
}

// Allowed reports whether any of roles grants p.
func Allowed(roles []string, p Permission) bool {
	for _, r := range roles {
		for _, g := range grants[r] {
			if g == p {
				return true
			}
		}
	}
	return false
}
