package protocols_test

import (
	"encoding/json"
	"testing"
	"time"

	"dsflow/calendar"
	"dsflow/models"
	"dsflow/protocols"
)

var ict = time.FixedZone("ICT", 7*3600)

func TestBuiltinsAreValid(t *testing.T) {
	for key, def := range protocols.Builtins() {
		if errs := protocols.Validate(def); len(errs) > 0 {
			t.Errorf("%s: %v", key, errs)
		}
	}
}

func TestValidatePointsAtTheBadField(t *testing.T) {
	def := protocols.Builtins()[protocols.KeyPrenatal]
	def.Steps[1].Key = def.Steps[0].Key
	def.Steps[2].DueDays = -1
	def.Steps[3].Title.Vi = ""
	def.Type = "adult"
	got := map[string]bool{}
	for _, fe := range protocols.Validate(def) {
		got[fe.Field] = true
	}
	for _, want := range []string{"steps[1].key", "steps[2].due_days", "steps[3].title.vi", "type"} {
		if !got[want] {
			t.Errorf("no error at %s; got %v", want, got)
		}
	}
	if errs := protocols.Validate(models.ProtocolDef{Title: models.Text{Vi: "x"}, Type: models.ScreeningNewborn}); len(errs) != 1 || errs[0].Field != "steps" {
		t.Errorf("a protocol without steps: %v", errs)
	}
}

func TestDecide(t *testing.T) {
	def := protocols.Builtins()[protocols.KeyNewborn] // 4 steps, 3 attempts
	cases := []struct {
		name          string
		step, attempt int
		data          map[string]any
		want          models.CaseAdvance
	}{
		{"not reached is tried again", 1, 0, map[string]any{"reached": false}, models.CaseAdvance{Step: 1, Attempt: 1, Retry: true}},
		{"not reached at the last attempt is lost", 1, 2, map[string]any{"reached": false}, models.CaseAdvance{Step: 1, Attempt: 2, Outcome: models.OutcomeLost}},
		{"reached goes on to the next step", 1, 2, map[string]any{"reached": true, "outcome": models.StepNext}, models.CaseAdvance{Step: 2}},
		{"an outcome ends the case", 0, 0, map[string]any{"reached": true, "outcome": models.OutcomeReferred}, models.CaseAdvance{Outcome: models.OutcomeReferred}},
		{"past the last step is treated", 3, 0, map[string]any{"reached": true}, models.CaseAdvance{Step: 3, Outcome: models.OutcomeTreated}},
		{"a missing reached is not reached", 0, 0, map[string]any{}, models.CaseAdvance{Attempt: 1, Retry: true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := protocols.Decide(def, "C1", c.step, c.attempt, c.data, 7)
			c.want.CaseID, c.want.ActorID = "C1", 7
			if got != c.want {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestDueCountsWorkingDays(t *testing.T) {
	cal := calendar.New(nil)
	def := protocols.Builtins()[protocols.KeyNewborn]
	fri := time.Date(2026, 11, 27, 9, 0, 0, 0, ict) // a Friday
	if got := protocols.Due(def, 0, fri, cal); got.Weekday() == time.Saturday || got.Weekday() == time.Sunday || !got.After(fri.AddDate(0, 0, 3)) {
		t.Errorf("3 working days from Friday: %v", got)
	}
	if got, want := protocols.Due(def, 3, fri, cal), cal.AddDays(fri, 30); !got.Equal(want) {
		t.Errorf("30 calendar days: %v, want %v", got, want)
	}
	if got, want := protocols.RetryDue(def, fri, cal), cal.AddDays(fri, 2); !got.Equal(want) {
		t.Errorf("retry: %v, want %v", got, want)
	}
}

func TestHostPutsOffAdoptionUntilADayBeforeTheReminder(t *testing.T) {
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, ict)
	st := models.CaseState{CaseID: "C9", UnitID: 4, UnitPath: "/1/4/"}
	def := protocols.Builtins()[protocols.KeyPrenatal]
	for _, c := range []struct {
		due  time.Time
		want time.Time
	}{
		{now.AddDate(0, 0, 7), now.AddDate(0, 0, 5)}, // the reminder is a day before the deadline
		{now.Add(36 * time.Hour), time.Time{}},       // a day before the reminder has passed: adopt at once
	} {
		spec := protocols.Step(def, st, 0, 0, 0, c.due, 1)
		host, err := protocols.Host(def, spec, now)
		if err != nil {
			t.Fatal(err)
		}
		if host.ID != protocols.CaseHostID("C9") || host.WorkflowType != models.WorkflowScreeningCase || !host.Announced || host.ProcessID != "C9" {
			t.Errorf("host %+v", host)
		}
		var in models.CaseInput
		if err := json.Unmarshal([]byte(host.InputJSON), &in); err != nil {
			t.Fatal(err)
		}
		if in.CaseID != "C9" || !in.AdoptAt.Equal(c.want) {
			t.Errorf("due %v: input %+v, want adopt at %v", c.due, in, c.want)
		}
		if s := in.State; s == nil || s.CaseID != "C9" || s.UnitID != 4 || s.UnitPath != "/1/4/" || s.Status != models.CaseOpen ||
			s.StepTask != spec.ID || len(s.Protocol.Steps) != len(def.Steps) {
			t.Errorf("the case's state in its input: %+v", in.State)
		}
	}
}
