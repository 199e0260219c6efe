package templates

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"dsflow/models"
)

// Limits of a template. Texts are capped like a task's (300 runes for a
// title, 10,000 for instructions), because each step's texts become tasks.
const (
	MaxTitle       = 300
	MaxLongText    = 10000
	MaxSignOff     = 5
	MaxDueDays     = 366
	MaxRepeatDays  = 366
	MaxGraceDays   = 90
	MaxFormBytes   = 64 << 10 // as JSON; every command carries the form into history
	MaxUnitMeasure = 40
)

// Recurrence periods of a template.
const (
	PeriodMonth   = "month"
	PeriodQuarter = "quarter"
	PeriodHalf    = "half"
	PeriodYear    = "year"
)

// Periods lists the recurrence periods.
var Periods = []string{PeriodMonth, PeriodQuarter, PeriodHalf, PeriodYear}

// ValidKey reports whether key is a well-formed template key.
func ValidKey(key string) bool { return models.ValidTemplateKey(key) }

// KeyFormat is the pattern of a template key, for error parameters.
func KeyFormat() string { return models.TemplateKeyFormat() }

// Validate reports every problem of def, each named by its JSON path
// ("steps[2].due.days", "steps[0].form.fields[1].type", "title.vi") and a
// rule of the i18n catalogue. Problems come in the order of the JSON
// document, except that the keys of a list's items are checked before the
// rest of them (the rest refer to keys). It returns nil for a sound
// template.
func Validate(def models.TemplateDef) []models.FieldError {
	v := &checker{}
	switch {
	case def.Kind == "":
		v.add("kind", "required", "")
	case !slices.Contains(models.TemplateKinds, def.Kind):
		v.add("kind", "oneof", strings.Join(models.TemplateKinds, " "))
	}
	v.text("title", def.Title, true, MaxTitle)
	v.text("description", def.Description, false, MaxLongText)
	v.steps(def.Steps)
	v.indicators(def.Indicators, def.Steps)
	v.late(def.Late)
	if def.DefaultLevel != "" && !models.ValidLevel(def.DefaultLevel) {
		v.add("default_level", "level", "")
	}
	if def.Window != nil {
		v.window(*def.Window)
	}
	v.escalation("escalation", def.Escalation)
	switch {
	case def.Period == "" && def.Kind == models.TemplateBriefing:
		// A briefing recurs; its period says which window each run covers.
		v.add("period", "required", "")
	case def.Period != "" && !slices.Contains(Periods, def.Period):
		v.add("period", "oneof", strings.Join(Periods, " "))
	}
	return v.errs
}

// checker collects field errors in the order they are found.
type checker struct{ errs []models.FieldError }

func (v *checker) add(field, rule, param string) {
	v.errs = append(v.errs, models.FieldError{Field: field, Rule: rule, Param: param})
}

// text checks a bilingual text: Vietnamese required when asked, both
// languages at most limit runes.
func (v *checker) text(path string, t models.Text, required bool, limit int) {
	v.errs = append(v.errs, t.Check(path, required, limit)...)
}

// key checks the key of list[i] and that no earlier item has it; seen maps
// each key to the index of its first use.
func (v *checker) key(list string, i int, key string, seen map[string]int) {
	firstUse := ""
	if j, dup := seen[key]; dup {
		firstUse = fmt.Sprintf("%s[%d].key", list, j)
	}
	if e := models.CheckPartKey(fmt.Sprintf("%s[%d].key", list, i), key, firstUse); e != nil {
		v.errs = append(v.errs, *e)
		return
	}
	seen[key] = i
}

func (v *checker) late(l models.LateRule) {
	switch {
	case l.Policy == "":
		v.add("late.policy", "required", "")
	case l.Policy != models.LateAccept && l.Policy != models.LateRefuse:
		v.add("late.policy", "oneof", models.LateAccept+" "+models.LateRefuse)
	}
	v.between("late.grace_days", l.GraceDays, 0, MaxGraceDays)
}

// between checks lo ≤ n ≤ hi.
func (v *checker) between(path string, n, lo, hi int) {
	switch {
	case n < lo:
		v.add(path, "min", strconv.Itoa(lo))
	case n > hi:
		v.add(path, "max", strconv.Itoa(hi))
	}
}

// window checks the default window's days against the real calendar. The
// window applies to any year, so 29/2 is refused: it exists one year in
// four. The window stays inside one year, its end after its start.
func (v *checker) window(w models.WindowDefault) {
	okStart := v.dayOfYear("window.start_day", "window.start_month", w.StartDay, w.StartMonth)
	okEnd := v.dayOfYear("window.end_day", "window.end_month", w.EndDay, w.EndMonth)
	if okStart && okEnd && (w.EndMonth < w.StartMonth || w.EndMonth == w.StartMonth && w.EndDay <= w.StartDay) {
		v.add("window.end_month", "after_start", "")
	}
}

// dayOfYear checks that day/month names a day of every year.
func (v *checker) dayOfYear(dayPath, monthPath string, day, month int) bool {
	if month < 1 || month > 12 {
		v.add(monthPath, "oneof", "1–12")
		return false
	}
	// 2023 is not a leap year: a day that exists there exists every year.
	if day < 1 || time.Date(2023, time.Month(month), day, 0, 0, 0, 0, time.UTC).Day() != day {
		v.add(dayPath, "calendar_day", "")
		return false
	}
	return true
}

// escalation checks reminders and escalation delays like the API does for
// an ad-hoc task.
func (v *checker) escalation(path string, e *models.Escalation) {
	if e == nil {
		return
	}
	if len(e.RemindDaysBefore) > 5 {
		v.add(path+".remind_days_before", "max", "5")
	}
	for i, d := range e.RemindDaysBefore {
		v.between(fmt.Sprintf("%s.remind_days_before[%d]", path, i), d, 1, 60)
	}
	v.between(path+".escalate_after_days", e.EscalateAfterDays, 0, 365)
	v.between(path+".escalate_up_after_days", e.EscalateUpAfterDays, 0, 365)
}

// finite reports whether f is an ordinary number.
func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
