// Package protocols holds the screening follow-up protocols: their rules
// (Validate), the built-in ones, the task each step becomes (Step) and
// what a step's outcome means for the case (Decide). It is pure: the
// caller loads the protocol and the working-day calendar, and a workflow
// may call Decide.
package protocols

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"dsflow/calendar"
	"dsflow/i18n"
	"dsflow/models"
)

// Defaults of a protocol that does not say.
const (
	DefaultMaxAttempts = 3
	DefaultRetryDays   = 3
	MaxSteps           = 20
)

// stepForm is what a station records on every step: whether the person
// was reached, what came of the step, and a note. The note may hold
// health details: screening tasks' data is sealed at rest.
var stepForm = models.FormSpec{Fields: []models.FormField{
	{Name: models.StepFieldReached, Type: models.FieldYesNo, Required: true, Label: label("field.step.reached")},
	{Name: models.StepFieldOutcome, Type: models.FieldChoice, Label: label("field.step.outcome"),
		Choices: []string{models.StepNext, models.OutcomeNormal, models.OutcomeTreated, models.OutcomeReferred}},
	{Name: models.StepFieldNote, Type: models.FieldText, MaxLen: 2000, Label: label("field.step.note")},
}}

func label(key string) models.Text {
	return models.Text{Vi: i18n.T(i18n.VI, key), En: i18n.T(i18n.EN, key)}
}

// stepEscalation: a reminder the day before; the station's commune leaders
// a day after the deadline, the district's two days later.
var stepEscalation = models.Escalation{RemindDaysBefore: []int{1}, EscalateAfterDays: 1, EscalateUpAfterDays: 2}

// Validate reports what is wrong with a protocol, by JSON path.
func Validate(def models.ProtocolDef) []models.FieldError {
	var errs []models.FieldError
	add := func(field, rule, param string) {
		errs = append(errs, models.FieldError{Field: field, Rule: rule, Param: param})
	}
	if def.Title.Vi == "" {
		add("title.vi", "required", "")
	}
	if def.Type != models.ScreeningPrenatal && def.Type != models.ScreeningNewborn {
		add("type", "oneof", models.ScreeningPrenatal+" "+models.ScreeningNewborn)
	}
	switch n := len(def.Steps); {
	case n == 0:
		add("steps", "required", "")
	case n > MaxSteps:
		add("steps", "max_items", strconv.Itoa(MaxSteps))
	}
	if def.MaxAttempts < 0 || def.MaxAttempts > 10 {
		add("max_attempts", "range", "")
	}
	if def.RetryDays < 0 || def.RetryDays > 60 {
		add("retry_days", "range", "")
	}
	seen := map[string]string{}
	for i, st := range def.Steps {
		p := "steps[" + strconv.Itoa(i) + "]"
		if fe := models.CheckPartKey(p+".key", st.Key, seen[st.Key]); fe != nil {
			errs = append(errs, *fe)
		} else {
			seen[st.Key] = p + ".key"
		}
		if st.Title.Vi == "" {
			add(p+".title.vi", "required", "")
		}
		if st.DueDays < 0 || st.DueDays > 365 {
			add(p+".due_days", "range", "")
		}
	}
	return errs
}

// maxAttempts and retryDays apply the defaults.
func maxAttempts(def models.ProtocolDef) int {
	if def.MaxAttempts > 0 {
		return def.MaxAttempts
	}
	return DefaultMaxAttempts
}

func retryDays(def models.ProtocolDef) int {
	if def.RetryDays > 0 {
		return def.RetryDays
	}
	return DefaultRetryDays
}

// StepTaskID is the ID of a case's task for a step's attempt; n counts the
// times the case moved while at that attempt.
func StepTaskID(caseID string, step, attempt, moves int) string {
	id := caseID + ".s" + strconv.Itoa(step+1) + "a" + strconv.Itoa(attempt+1)
	if moves > 0 {
		id += "m" + strconv.Itoa(moves)
	}
	return id
}

// Step builds the task of step (an attempt at it) of a case at a unit,
// due at due. Its title names the case by its pseudonymous ID only.
func Step(def models.ProtocolDef, st models.CaseState, step, attempt, moves int, due time.Time, createdBy uint) models.TaskSpec {
	ps := def.Steps[step]
	title := models.Text{Vi: ps.Title.Vi + " – " + st.CaseID, En: ps.Title.En + " – " + st.CaseID}
	if attempt > 0 {
		title.Vi += i18n.T(i18n.VI, "task.step.attempt", attempt+1)
		title.En += i18n.T(i18n.EN, "task.step.attempt", attempt+1)
	}
	return models.TaskSpec{
		ID: StepTaskID(st.CaseID, step, attempt, moves), HostID: CaseHostID(st.CaseID), ProcessKind: models.ProcessScreening,
		ProcessID: st.CaseID, Kind: models.KindScreeningStep, UnitID: st.UnitID, UnitPath: st.UnitPath,
		CandidateRole: models.RoleHealth, Title: title, Instructions: ps.Instructions, Form: stepForm,
		Priority: models.PriorityHigh, DueAt: due, Escalation: stepEscalation, CreatedBy: createdBy,
	}
}

// Host is the record of a case's workflow, started with the case's first
// step: the station is told of the step when the case is recorded
// (Announced), and the workflow reads the task a day before its first
// reminder could fire (at once when that has passed): the day's margin
// keeps the reminder on time, as a campaign's hosts do. The input carries
// where the case stands (no personal data), so the workflow registers its
// handlers in its first task, with no activity before: a command right
// after the case is recorded finds them.
func Host(def models.ProtocolDef, first models.TaskSpec, now time.Time) (models.TaskHost, error) {
	st := models.CaseState{CaseID: first.ProcessID, Protocol: def, UnitID: first.UnitID, UnitPath: first.UnitPath,
		Status: models.CaseOpen, StepTask: first.ID}
	in := models.CaseInput{CaseID: first.ProcessID, State: &st}
	if adopt := first.FirstTimerEvent().Add(-24 * time.Hour); adopt.After(now) {
		in.AdoptAt = adopt
	}
	raw, err := json.Marshal(in)
	if err != nil {
		return models.TaskHost{}, fmt.Errorf("protocols: case input: %w", err)
	}
	return models.TaskHost{ID: first.HostID, WorkflowType: models.WorkflowScreeningCase, InputJSON: string(raw),
		ProcessKind: models.ProcessScreening, ProcessID: first.ProcessID, Announced: true}, nil
}

// CaseHostID is the ID of a case's workflow.
func CaseHostID(caseID string) string { return "case-" + caseID }

// Due is the deadline of a step counted from `from` (the screening for the
// first step, the previous step's completion for the others).
func Due(def models.ProtocolDef, step int, from time.Time, cal *calendar.Calendar) time.Time {
	ps := def.Steps[step]
	if ps.WorkingDays {
		return cal.AddWorkingDays(from, ps.DueDays)
	}
	return cal.AddDays(from, ps.DueDays)
}

// RetryDue is the deadline of a new attempt after the person could not be
// reached at `from`.
func RetryDue(def models.ProtocolDef, from time.Time, cal *calendar.Calendar) time.Time {
	return cal.AddDays(from, retryDays(def))
}

// Decide reads a completed step's data: a person not reached is tried
// again until the protocol's attempts run out (then lost to follow-up); a
// person reached goes on to the next step, or the case ends with the
// outcome recorded; going on past the last step ends it as treated (the
// protocol completed).
func Decide(def models.ProtocolDef, caseID string, step, attempt int, data map[string]any, actor uint) models.CaseAdvance {
	d := models.CaseAdvance{CaseID: caseID, Step: step, Attempt: attempt, ActorID: actor}
	if reached, _ := data[models.StepFieldReached].(bool); !reached {
		if attempt+1 >= maxAttempts(def) {
			d.Outcome = models.OutcomeLost
			return d
		}
		d.Attempt, d.Retry = attempt+1, true
		return d
	}
	outcome, _ := data[models.StepFieldOutcome].(string)
	switch {
	case outcome != "" && outcome != models.StepNext:
		d.Outcome = outcome
	case step+1 >= len(def.Steps):
		d.Outcome = models.OutcomeTreated
	default:
		d.Step, d.Attempt = step+1, 0
	}
	return d
}

// NeedsFollowUp reports whether a screening result starts the protocol's
// follow-up (every result but normal).
func NeedsFollowUp(result string) bool { return result != models.ResultNormal }
