package web

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"dsflow/models"
)

// Making a template definition of the editor's form, and naming the input
// the API means by each field of its refusal.

// sentRows maps what was sent to the rows it came from: the steps sent to
// their step rows, each step's fields to its field rows, the indicators to
// theirs.
type sentRows struct {
	steps      []int
	fields     [][]int
	indicators []int
}

// buildTemplate makes the definition the editor says over base, noting in
// the form's errors what cannot be read. Step row k starts from base's
// step k, so what the editor does not show of a step is kept.
func (h *Handler) buildTemplate(r *http.Request, ed *templateEditor, base models.TemplateDef) (models.TemplateDef, sentRows) {
	f := &ed.Form
	v := f.Values
	num := func(name, val string) int {
		n, ok := wholeNumber(val)
		if !ok {
			f.Errors[name] = h.t(r, "web.admin.whole_number")
		}
		return n
	}
	def := base
	def.Kind, def.Period, def.DefaultLevel = v["kind"], v["period"], v["default_level"]
	def.Title, def.Description = text(v["title_vi"], v["title_en"]), text(v["desc_vi"], v["desc_en"])
	def.Late = models.LateRule{Policy: v["late_policy"], GraceDays: num("grace_days", v["grace_days"])}
	def.Escalation = h.readEscalation(r, f, "", v, base.Escalation)
	var sent sentRows
	def.Steps = nil
	for k, sf := range ed.Steps {
		if blank(sf.Values, "key", "title_vi", "title_en", "instr_vi", "instr_en") && allBlank(sf.Rows) {
			continue
		}
		var step models.StepDef
		if k < len(base.Steps) {
			step = base.Steps[k]
		}
		sv := sf.Values
		step.Key, step.Title, step.Instructions = sv["key"], text(sv["title_vi"], sv["title_en"]), text(sv["instr_vi"], sv["instr_en"])
		step.Level, step.Role, step.Consolidates, step.Priority = sv["level"], sv["role"], sv["consolidates"], sv["priority"]
		step.Freezes = sv["freezes"] == "1"
		step.Due = models.DueRule{Anchor: sv["due_anchor"], Days: num(sf.ID("due_days"), sv["due_days"]), WorkingDays: sv["due_working"] == "1"}
		var later []models.SignOffRule
		if len(step.SignOff) > 1 {
			later = step.SignOff[1:]
		}
		step.SignOff = nil
		if sv["signoff_at"] != "" {
			step.SignOff = append([]models.SignOffRule{{At: sv["signoff_at"], Role: sv["signoff_role"]}}, later...)
		}
		step.Repeat = nil
		if sv["repeat_days"] != "" {
			step.Repeat = &models.RepeatRule{EveryDays: num(sf.ID("repeat_days"), sv["repeat_days"])}
		}
		step.Escalation = h.readEscalation(r, f, sf.Prefix+"_", sv, step.Escalation)
		step.Form.Fields = nil
		var rows []int
		for i, row := range sf.Rows {
			if blank(row, "name", "label_vi", "label_en", "unit", "choices") {
				continue
			}
			step.Form.Fields = append(step.Form.Fields, models.FormField{Name: row["name"], Type: row["type"], Label: text(row["label_vi"], row["label_en"]),
				Required: row["required"] == "1", Unit: row["unit"], Choices: splitChoices(row["choices"])})
			rows = append(rows, i)
		}
		def.Steps = append(def.Steps, step)
		sent.steps, sent.fields = append(sent.steps, k), append(sent.fields, rows)
	}
	def.Indicators = nil
	for i, row := range ed.Indicators {
		if blank(row, "key", "title_vi", "title_en", "unit", "step", "field", "numerator", "denominator", "target") {
			continue
		}
		ind := models.IndicatorDef{Key: row["key"], Title: text(row["title_vi"], row["title_en"]), Unit: row["unit"], Rollup: row["rollup"],
			Step: row["step"], Field: row["field"], Numerator: row["numerator"], Denominator: row["denominator"]}
		if row["target"] != "" {
			t, ok := parseNumber(row["target"])
			if !ok {
				f.Errors["n"+strconv.Itoa(i)+"_target"] = h.t(r, "web.admin.a_number")
			}
			ind.Target = &t
		}
		def.Indicators = append(def.Indicators, ind)
		sent.indicators = append(sent.indicators, i)
	}
	return def, sent
}

// readEscalation reads the reminders and escalation delays of the inputs
// named with prefix; none typed is no rule of its own, but the units
// base tells on escalation are kept.
func (h *Handler) readEscalation(r *http.Request, f *editorForm, prefix string, v map[string]string, base *models.Escalation) *models.Escalation {
	var e models.Escalation
	if base != nil {
		e.NotifyUnits = base.NotifyUnits
	}
	if blank(v, "esc_remind", "esc_after", "esc_up") {
		if len(e.NotifyUnits) == 0 {
			return nil
		}
		return &e
	}
	for _, d := range strings.FieldsFunc(v["esc_remind"], func(c rune) bool { return c == ';' || c == ',' || c == ' ' }) {
		n, err := strconv.Atoi(d)
		if err != nil {
			f.Errors[prefix+"esc_remind"] = h.t(r, "web.admin.whole_numbers")
			continue
		}
		e.RemindDaysBefore = append(e.RemindDaysBefore, n)
	}
	var ok bool
	if e.EscalateAfterDays, ok = wholeNumber(v["esc_after"]); !ok {
		f.Errors[prefix+"esc_after"] = h.t(r, "web.admin.whole_number")
	}
	if e.EscalateUpAfterDays, ok = wholeNumber(v["esc_up"]); !ok {
		f.Errors[prefix+"esc_up"] = h.t(r, "web.admin.whole_number")
	}
	return &e
}

// wholeNumber reads a whole number; nothing typed is 0.
func wholeNumber(s string) (int, bool) {
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// allBlank says whether every row is empty.
func allBlank(rows []map[string]string) bool {
	for _, row := range rows {
		for _, v := range row {
			if v != "" {
				return false
			}
		}
	}
	return true
}

// stepPath matches "steps[1].due.days" and "indicators[0].title.vi".
var stepPath = regexp.MustCompile(`^(steps|indicators)\[(\d+)\]\.(.+)$`)

var (
	templateTop = map[string]string{"kind": "kind", "period": "period", "title.vi": "title_vi", "title.en": "title_en", "description.vi": "desc_vi",
		"description.en": "desc_en", "late.policy": "late_policy", "late.grace_days": "grace_days", "default_level": "default_level"}
	stepCols = map[string]string{"key": "key", "title.vi": "title_vi", "title.en": "title_en", "instructions.vi": "instr_vi",
		"instructions.en": "instr_en", "level": "level", "role": "role", "due.anchor": "due_anchor", "due.days": "due_days",
		"sign_off[0].at": "signoff_at", "sign_off[0].role": "signoff_role", "repeat.every_days": "repeat_days",
		"consolidates": "consolidates", "freezes": "freezes", "priority": "priority"}
	fieldCols     = map[string]string{"name": "name", "type": "type", "label.vi": "label_vi", "label.en": "label_en", "unit": "unit", "choices": "choices"}
	indicatorCols = map[string]string{"key": "key", "title.vi": "title_vi", "title.en": "title_en", "unit": "unit", "rollup": "rollup", "step": "step",
		"field": "field", "numerator": "numerator", "denominator": "denominator", "target": "target"}
)

// escalationCol is the input of an escalation field ("" for none).
func escalationCol(f string) string {
	switch {
	case strings.HasPrefix(f, "escalation.remind_days_before"):
		return "esc_remind"
	case f == "escalation.escalate_after_days":
		return "esc_after"
	case f == "escalation.escalate_up_after_days":
		return "esc_up"
	}
	return ""
}

// input is the editor's input for a field the API names ("" when the
// editor has none: it shows with the form's message).
func (s sentRows) input(field string) string {
	if field == "key" {
		return "key"
	}
	f, ok := strings.CutPrefix(field, "definition.")
	if !ok {
		return ""
	}
	if name, ok := templateTop[f]; ok {
		return name
	}
	if col := escalationCol(f); col != "" {
		return col
	}
	m := stepPath.FindStringSubmatch(f)
	if m == nil {
		return ""
	}
	i, _ := strconv.Atoi(m[2])
	if m[1] == "indicators" {
		if col := indicatorCols[m[3]]; col != "" && i < len(s.indicators) {
			return "n" + strconv.Itoa(s.indicators[i]) + "_" + col
		}
		return ""
	}
	if i >= len(s.steps) {
		return ""
	}
	prefix := "s" + strconv.Itoa(s.steps[i])
	if col := stepCols[m[3]]; col != "" {
		return prefix + "_" + col
	}
	if col := escalationCol(m[3]); col != "" {
		return prefix + "_" + col
	}
	if fm := indexPath.FindStringSubmatch(strings.TrimPrefix(m[3], "form.")); fm != nil && fm[1] == "fields" {
		j, _ := strconv.Atoi(fm[2])
		col := fieldCols[fm[3]]
		if strings.HasPrefix(fm[3], "choices") {
			col = "choices"
		}
		if j < len(s.fields[i]) && col != "" {
			return prefix + "f" + strconv.Itoa(s.fields[i][j]) + "_" + col
		}
	}
	return ""
}
