package templates

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"dsflow/forms"
	"dsflow/models"
)

// stepRoles are who at a unit may be given a step; an admin runs the
// system, not the programme.
var stepRoles = []string{models.RoleOfficer, models.RoleSecretary, models.RoleLeader, models.RoleInspector}

// signOffRoles are who may decide a submission.
var signOffRoles = []string{models.RoleLeader, models.RoleSecretary, models.RoleInspector}

var signOffPlaces = []string{models.SignOffSelf, models.SignOffParent, models.SignOffRoot}

var priorities = []string{models.PriorityLow, models.PriorityNormal, models.PriorityHigh, models.PriorityUrgent}

// stepLevels lists the levels a step may name, for error parameters.
func stepLevels() []string {
	return append([]string{models.StepLevelParticipant, models.StepLevelRoot}, models.Levels...)
}

// levelRank orders step levels from the top (root, 0) down: the unit
// levels of the tree in their order, then the participants, the finest.
// Participants are the units a process is launched over, the leaves of
// the process, so every level a template names lies above them or is
// theirs. ok is false for an unknown level.
func levelRank(level string) (rank int, ok bool) {
	switch level {
	case models.StepLevelRoot:
		return 0, true
	case models.StepLevelParticipant:
		return len(models.Levels) + 1, true
	}
	if i := slices.Index(models.Levels, level); i >= 0 {
		return i + 1, true
	}
	return 0, false
}

func (v *checker) steps(steps []models.StepDef) {
	if len(steps) == 0 {
		v.add("steps", "required", "")
		return
	}
	byKey := map[string]int{}
	for i, s := range steps {
		v.key("steps", i, s.Key, byKey)
	}
	frozen := -1
	for i, s := range steps {
		p := fmt.Sprintf("steps[%d]", i)
		v.text(p+".title", s.Title, true, MaxTitle)
		v.text(p+".instructions", s.Instructions, false, MaxLongText)
		_, levelOK := levelRank(s.Level)
		switch {
		case s.Level == "":
			v.add(p+".level", "required", "")
		case !levelOK:
			v.add(p+".level", "oneof", strings.Join(stepLevels(), " "))
		}
		switch {
		case s.Role == "":
			v.add(p+".role", "required", "")
		case !slices.Contains(stepRoles, s.Role):
			v.add(p+".role", "oneof", strings.Join(stepRoles, " "))
		}
		v.form(p+".form", s.Form)
		v.due(p+".due", s.Due)
		if s.Repeat != nil {
			v.between(p+".repeat.every_days", s.Repeat.EveryDays, 1, MaxRepeatDays)
		}
		v.signOff(p+".sign_off", s.SignOff)
		if s.Consolidates != "" {
			v.consolidates(p+".consolidates", i, steps, byKey)
		}
		if s.Freezes {
			// One step freezes the figures: with two, which one did would
			// depend on the order people act in.
			if frozen >= 0 {
				v.add(p+".freezes", "single", fmt.Sprintf("steps[%d].freezes", frozen))
			} else {
				frozen = i
			}
		}
		if s.Priority != "" && !slices.Contains(priorities, s.Priority) {
			v.add(p+".priority", "oneof", strings.Join(priorities, " "))
		}
		v.escalation(p+".escalation", s.Escalation)
	}
}

// form checks a step's form with the task forms' own validator, and its
// size: every command on the task carries the form into its workflow's
// history.
func (v *checker) form(path string, f models.FormSpec) {
	if raw, err := json.Marshal(f); err != nil || len(raw) > MaxFormBytes {
		v.add(path, "max", strconv.Itoa(MaxFormBytes))
		return
	}
	for _, e := range forms.ValidateSpec(f) {
		v.add(path+"."+e.Field, e.Rule, e.Param)
	}
}

func (v *checker) due(path string, d models.DueRule) {
	switch {
	case d.Anchor == "":
		v.add(path+".anchor", "required", "")
	case d.Anchor != models.AnchorStart && d.Anchor != models.AnchorEnd:
		v.add(path+".anchor", "oneof", models.AnchorStart+" "+models.AnchorEnd)
	}
	v.between(path+".days", d.Days, -MaxDueDays, MaxDueDays)
}

func (v *checker) signOff(path string, rules []models.SignOffRule) {
	if len(rules) > MaxSignOff {
		v.add(path, "max", strconv.Itoa(MaxSignOff))
	}
	for j, r := range rules {
		p := fmt.Sprintf("%s[%d]", path, j)
		switch {
		case r.At == "":
			v.add(p+".at", "required", "")
		case !slices.Contains(signOffPlaces, r.At):
			v.add(p+".at", "oneof", strings.Join(signOffPlaces, " "))
		}
		switch {
		case r.Role == "":
			v.add(p+".role", "required", "")
		case !slices.Contains(signOffRoles, r.Role):
			v.add(p+".role", "oneof", strings.Join(signOffRoles, " "))
		}
	}
}

// consolidates checks that steps[i] consolidates another step given at a
// finer level than its own (see levelRank): a district sums up its
// communes' reports, never its own or its province's. The rule compares
// the levels the template names; which units exist at them is known only
// at launch.
func (v *checker) consolidates(path string, i int, steps []models.StepDef, byKey map[string]int) {
	s := steps[i]
	j, ok := byKey[s.Consolidates]
	switch {
	case !ok:
		v.add(path, "step", s.Consolidates)
		return
	case j == i:
		v.add(path, "self", "")
		return
	}
	own, ok1 := levelRank(s.Level)
	their, ok2 := levelRank(steps[j].Level)
	if ok1 && ok2 && their <= own {
		v.add(path, "finer", s.Level)
	}
}
