// Package plan turns a process template into the tasks of a launch: for
// each unit of the tree that takes part, the template's steps at its level
// become tasks with absolute deadlines (from the window and the
// working-day calendar), sign-off levels, the indicators their fields
// report and, when the template refuses late reports, when they close. It
// is pure: the caller loads the units and the calendar.
package plan

import (
	"encoding/json"
	"fmt"
	"time"

	"dsflow/calendar"
	"dsflow/models"
)

// defaultEscalation applies to a step when neither it nor its template
// says otherwise: a reminder two days before, the unit's leaders three days
// after the due time, the level above five days later.
var defaultEscalation = models.Escalation{RemindDaysBefore: []int{2}, EscalateAfterDays: 3, EscalateUpAfterDays: 5}

// Applies reports whether a step of def is given to unit u in process p.
func Applies(step models.StepDef, p models.Process, u models.Unit) bool {
	switch step.Level {
	case models.StepLevelRoot:
		return u.ID == p.RootUnitID
	case models.StepLevelParticipant:
		return u.Level == p.Level && models.PathContains(p.RootPath, u.Path)
	default:
		return u.Level == step.Level && models.PathContains(p.RootPath, u.Path)
	}
}

// Levels returns the unit levels whose units take a step of def in p,
// besides the root: the participating level and the levels steps name.
func Levels(def models.TemplateDef, p models.Process) []string {
	var out []string
	add := func(l string) {
		for _, x := range out {
			if x == l {
				return
			}
		}
		out = append(out, l)
	}
	for _, s := range def.Steps {
		switch s.Level {
		case models.StepLevelRoot:
		case models.StepLevelParticipant:
			add(p.Level)
		default:
			add(s.Level)
		}
	}
	return out
}

// Tasks builds the tasks of units (those of the launch a branch prepares)
// and one host per unit that has any. A task's ID is the process's, the
// unit's and the step's (with the occurrence of a repeated step), so a
// launch written again writes nothing new.
func Tasks(def models.TemplateDef, p models.Process, units []models.Unit, cal *calendar.Calendar) ([]models.TaskState, []models.TaskHost, error) {
	var tasks []models.TaskState
	var hosts []models.TaskHost
	for _, u := range units {
		n := len(tasks)
		for _, step := range def.Steps {
			if !Applies(step, p, u) {
				continue
			}
			dues := dueTimes(step, p, cal)
			for k, due := range dues {
				// Task IDs travel in URLs: dots, never slashes.
				id := p.ID + ".u" + fmt.Sprint(u.ID) + "." + step.Key
				title := step.Title
				if len(dues) > 1 {
					id += fmt.Sprintf("-%d", k+1)
					title = models.Text{Vi: fmt.Sprintf("%s (lần %d)", step.Title.Vi, k+1), En: occurrence(step.Title.En, k+1)}
				}
				tasks = append(tasks, task(def, step, p, u, id, title, due))
			}
		}
		if len(tasks) > n {
			h, err := Host(p, u, firstEvent(tasks[n:]))
			if err != nil {
				return nil, nil, err
			}
			hosts = append(hosts, h)
		}
	}
	return tasks, hosts, nil
}

func occurrence(en string, k int) string {
	if en == "" {
		return ""
	}
	return fmt.Sprintf("%s (#%d)", en, k)
}

// Host is the record of unit u's part in p: the workflow that hosts its
// tasks, with its start input, so a command can start it. The host reads
// its tasks at adoptAt (or at its first command), not when it starts. A launch
// announces its tasks in the inboxes in bulk (store.CreateTasks): the
// host does not notify them one by one.
func Host(p models.Process, u models.Unit, adoptAt time.Time) (models.TaskHost, error) {
	in, err := json.Marshal(models.UnitInput{ProcessID: p.ID, UnitID: u.ID, Root: u.ID == p.RootUnitID, AdoptAt: adoptAt})
	if err != nil {
		return models.TaskHost{}, fmt.Errorf("plan: host input: %w", err)
	}
	return models.TaskHost{ID: models.UnitHostID(p.ID, u.ID), WorkflowType: models.WorkflowProcessUnit, InputJSON: string(in),
		ProcessKind: p.Kind, ProcessID: p.ID, Announced: true}, nil
}

// task builds one task of step at unit u.
func task(def models.TemplateDef, step models.StepDef, p models.Process, u models.Unit, id string, title models.Text, due time.Time) models.TaskState {
	esc := defaultEscalation
	if def.Escalation != nil {
		esc = *def.Escalation
	}
	if step.Escalation != nil {
		esc = *step.Escalation
	}
	priority := step.Priority
	if priority == "" {
		priority = models.PriorityNormal
	}
	spec := models.TaskSpec{
		ID: id, HostID: models.UnitHostID(p.ID, u.ID), ProcessKind: p.Kind, ProcessID: p.ID, Kind: step.Key,
		UnitID: u.ID, UnitPath: u.Path, CandidateRole: step.Role, Title: title, Instructions: step.Instructions,
		Form: step.Form, Priority: priority, DueAt: due, Escalation: esc, SignOff: signOff(step, p, u),
		CreatedBy: p.CreatedBy, Indicators: indicators(def, step.Key), Freezes: step.Freezes,
	}
	if def.Late.Policy == models.LateRefuse {
		closes := due.AddDate(0, 0, def.Late.GraceDays)
		spec.ClosesAt = &closes
	}
	return models.TaskState{TaskSpec: spec, Status: models.StatusOpen, Revision: 1, UpdatedAt: p.WindowStart}
}

// dueTimes are the due times of a step's tasks: one from its due rule, or
// for a repeated step one every Repeat.EveryDays from the window's start
// while the window lasts (the last on its end day at the latest).
func dueTimes(step models.StepDef, p models.Process, cal *calendar.Calendar) []time.Time {
	if step.Repeat != nil && step.Repeat.EveryDays > 0 {
		var out []time.Time
		end := cal.AddDays(p.WindowEnd, 0)
		for k := 1; ; k++ {
			due := cal.AddDays(p.WindowStart, k*step.Repeat.EveryDays)
			if due.After(end) {
				break
			}
			out = append(out, due)
		}
		if len(out) == 0 {
			out = append(out, end)
		}
		return out
	}
	anchor := p.WindowStart
	if step.Due.Anchor == models.AnchorEnd {
		anchor = p.WindowEnd
	}
	if step.Due.WorkingDays {
		return []time.Time{cal.AddWorkingDays(anchor, step.Due.Days)}
	}
	return []time.Time{cal.AddDays(anchor, step.Due.Days)}
}

// signOff resolves a step's sign-off rules at unit u.
func signOff(step models.StepDef, p models.Process, u models.Unit) []models.SignOffLevel {
	var out []models.SignOffLevel
	for _, r := range step.SignOff {
		id, path := u.ID, u.Path
		switch r.At {
		case models.SignOffParent:
			if pid, ppath, ok := parent(u.Path); ok && models.PathContains(p.RootPath, ppath) {
				id, path = pid, ppath
			}
		case models.SignOffRoot:
			id, path = p.RootUnitID, p.RootPath
		}
		out = append(out, models.SignOffLevel{UnitID: id, UnitPath: path, Role: r.Role})
	}
	return out
}

// parent returns the unit above the unit at path.
func parent(path string) (uint, string, bool) {
	ids := models.PathIDs(path)
	if len(ids) < 2 {
		return 0, "", false
	}
	pp := "/"
	for _, id := range ids[:len(ids)-1] {
		pp = models.UnitPath(pp, id)
	}
	return ids[len(ids)-2], pp, true
}

// indicators maps the fields of step that report sum indicators.
func indicators(def models.TemplateDef, step string) map[string]string {
	var out map[string]string
	for _, ind := range def.Indicators {
		if ind.Rollup == models.RollupSum && ind.Step == step && ind.Field != "" {
			if out == nil {
				out = map[string]string{}
			}
			out[ind.Field] = ind.Key
		}
	}
	return out
}

// firstEvent is the earliest time any of tasks can have a timer event: its
// first reminder, or its due time. A day's margin keeps a reminder never
// late, whatever the calendar.
func firstEvent(tasks []models.TaskState) time.Time {
	var first time.Time
	for _, t := range tasks {
		if at := t.FirstTimerEvent(); first.IsZero() || at.Before(first) {
			first = at
		}
	}
	return first.Add(-24 * time.Hour)
}
