package web

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"dsflow/models"
)

// Making a template definition of the editor's form, and naming the input
// the API means by each field of its refusal.

// sentRows maps what was sent to the rows it came from: the steps sent to
// their step rows, each step's fields, sign-off levels and rules to their
// rows, the indicators to theirs.
type sentRows struct {
	steps      []int
	fields     [][]int
	signOffs   [][]int
	rules      [][]int
	indicators []int
}

// buildTemplate makes the definition the editor says, noting in the
// form's errors what cannot be read; base (the version it starts from)
// lends only the units its escalation tells, which stay allowed though
// out of the admin's list. The editor shows every setting, so nothing
// else is carried over: a step removed or moved takes its rules along.
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
	known := notifiable(ed, base)
	var def models.TemplateDef
	def.Kind, def.Period, def.DefaultLevel = v["kind"], v["period"], v["default_level"]
	def.Title, def.Description = text(v["title_vi"], v["title_en"]), text(v["desc_vi"], v["desc_en"])
	def.Late = models.LateRule{Policy: v["late_policy"], GraceDays: num("grace_days", v["grace_days"])}
	def.Window = nil
	if !blank(v, "win_start_day", "win_start_month", "win_end_day", "win_end_month") {
		def.Window = &models.WindowDefault{StartDay: num("win_start_day", v["win_start_day"]), StartMonth: num("win_start_month", v["win_start_month"]),
			EndDay: num("win_end_day", v["win_end_day"]), EndMonth: num("win_end_month", v["win_end_month"])}
	}
	def.Escalation = h.readEscalation(r, f, "", v, h.readNotify(r, f, "u", ed.Notify, known))
	var sent sentRows
	for k, sf := range ed.Steps {
		if blank(sf.Values, "key", "title_vi", "title_en", "instr_vi", "instr_en") && allBlank(sf.Rows) {
			continue
		}
		var step models.StepDef
		sv := sf.Values
		step.Key, step.Title, step.Instructions = sv["key"], text(sv["title_vi"], sv["title_en"]), text(sv["instr_vi"], sv["instr_en"])
		step.Level, step.Role, step.Consolidates, step.Priority = sv["level"], sv["role"], sv["consolidates"], sv["priority"]
		step.Freezes = sv["freezes"] == "1"
		step.Due = models.DueRule{Anchor: sv["due_anchor"], Days: num(sf.ID("due_days"), sv["due_days"]), WorkingDays: sv["due_working"] == "1"}
		var signOffRows []int
		step.SignOff, signOffRows = signOffs(sf.SignOffs)
		step.Repeat = nil
		if sv["repeat_days"] != "" {
			step.Repeat = &models.RepeatRule{EveryDays: num(sf.ID("repeat_days"), sv["repeat_days"])}
		}
		step.Escalation = h.readEscalation(r, f, sf.Prefix+"_", sv, h.readNotify(r, f, sf.NotifyPrefix(), sf.Notify, known))
		var fieldRows, ruleRows []int
		step.Form.Fields, fieldRows = h.readFields(r, f, sf)
		step.Form.Rules, ruleRows = formRules(sf.Rules)
		def.Steps = append(def.Steps, step)
		sent.steps, sent.fields, sent.signOffs = append(sent.steps, k), append(sent.fields, fieldRows), append(sent.signOffs, signOffRows)
		sent.rules = append(sent.rules, ruleRows)
	}
	for i, row := range ed.Indicators {
		if blank(row, "key", "title_vi", "title_en", "unit", "source", "numerator", "denominator", "target") {
			continue
		}
		step, field := splitSource(row["source"])
		ind := models.IndicatorDef{Key: row["key"], Title: text(row["title_vi"], row["title_en"]), Unit: row["unit"], Rollup: row["rollup"],
			Step: step, Field: field, Numerator: row["numerator"], Denominator: row["denominator"]}
		if row["target"] != "" {
			ind.Target = h.readDecimal(r, f, "n"+strconv.Itoa(i)+"_target", row["target"])
		}
		def.Indicators = append(def.Indicators, ind)
		sent.indicators = append(sent.indicators, i)
	}
	return def, sent
}

// signOffs are a step's sign-off levels of its rows, in order, and the
// rows they came from; a row with neither place nor role is none.
func signOffs(rows []map[string]string) ([]models.SignOffRule, []int) {
	var levels []models.SignOffRule
	var from []int
	for j, row := range rows {
		if blank(row, "at", "role") {
			continue
		}
		levels = append(levels, models.SignOffRule{At: row["at"], Role: row["role"]})
		from = append(from, j)
	}
	return levels, from
}

// formRules are the rules between a step's fields of its rows, in order,
// and the rows they came from; an empty row is none. The API checks them
// (forms.ValidateSpec: numeric fields of the form, an operator, two
// different sides), and its faults come back beside the row's inputs.
func formRules(rows []map[string]string) ([]models.FormRule, []int) {
	var rules []models.FormRule
	var from []int
	for j, row := range rows {
		if blank(row, ruleInputs...) {
			continue
		}
		rules = append(rules, models.FormRule{Left: row["left"], Op: row["op"], Right: row["right"]})
		from = append(from, j)
	}
	return rules, from
}

// readFields reads a step's form fields of its rows, and the rows they
// came from; an empty row is none.
func (h *Handler) readFields(r *http.Request, f *editorForm, sf stepForm) ([]models.FormField, []int) {
	var fields []models.FormField
	var from []int
	for i, row := range sf.Rows {
		if blank(row, "name", "label_vi", "label_en", "unit", "choices", "min", "max", "max_len") {
			continue
		}
		id := func(col string) string { return sf.RowPrefix() + strconv.Itoa(i) + "_" + col }
		fd := models.FormField{Name: row["name"], Type: row["type"], Label: text(row["label_vi"], row["label_en"]),
			Required: row["required"] == "1", Unit: row["unit"], Choices: splitChoices(row["choices"])}
		if row["min"] != "" {
			fd.Min = h.readDecimal(r, f, id("min"), row["min"])
		}
		if row["max"] != "" {
			fd.Max = h.readDecimal(r, f, id("max"), row["max"])
		}
		n, ok := wholeNumber(row["max_len"])
		if !ok {
			f.Errors[id("max_len")] = h.t(r, "web.admin.whole_number")
		}
		fd.MaxLen = n
		fields = append(fields, fd)
		from = append(from, i)
	}
	return fields, from
}

// readDecimal reads a number typed with a comma or a point, noting beside
// input when it is none.
func (h *Handler) readDecimal(r *http.Request, f *editorForm, input, typed string) *float64 {
	n, ok := parseNumber(typed)
	if !ok {
		f.Errors[input] = h.t(r, "web.admin.a_number")
	}
	return &n
}

// notifiable are the units escalation may tell: those the editor lists,
// and those base already tells (a unit out of the admin's sight is kept,
// not dropped, when a template is saved unchanged).
func notifiable(ed *templateEditor, base models.TemplateDef) map[uint]bool {
	known := map[uint]bool{}
	for _, u := range ed.Units {
		known[u.ID] = true
	}
	add := func(e *models.Escalation) {
		if e != nil {
			for _, id := range e.NotifyUnits {
				known[id] = true
			}
		}
	}
	add(base.Escalation)
	for _, s := range base.Steps {
		add(s.Escalation)
	}
	return known
}

// readNotify reads the units of rows (named with prefix) that escalation
// tells, each once, noting beside its row a unit that is not one of
// known.
func (h *Handler) readNotify(r *http.Request, f *editorForm, prefix string, rows []map[string]string, known map[uint]bool) []uint {
	var ids []uint
	for i, row := range rows {
		if row["unit"] == "" {
			continue
		}
		id, err := strconv.ParseUint(row["unit"], 10, 32)
		if err != nil || !known[uint(id)] {
			f.Errors[prefix+strconv.Itoa(i)+"_unit"] = h.t(r, "web.admin.esc_notify_unknown")
			continue
		}
		if !slices.Contains(ids, uint(id)) {
			ids = append(ids, uint(id))
		}
	}
	return ids
}

// readEscalation reads the reminders and escalation delays of the inputs
// named with prefix, and the units it tells; none of them is no rule of
// its own.
func (h *Handler) readEscalation(r *http.Request, f *editorForm, prefix string, v map[string]string, notify []uint) *models.Escalation {
	e := models.Escalation{NotifyUnits: notify}
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
		"description.en": "desc_en", "late.policy": "late_policy", "late.grace_days": "grace_days", "default_level": "default_level",
		"window.start_day": "win_start_day", "window.start_month": "win_start_month", "window.end_day": "win_end_day", "window.end_month": "win_end_month"}
	stepCols = map[string]string{"key": "key", "title.vi": "title_vi", "title.en": "title_en", "instructions.vi": "instr_vi",
		"instructions.en": "instr_en", "level": "level", "role": "role", "due.anchor": "due_anchor", "due.days": "due_days",
		"repeat.every_days": "repeat_days", "consolidates": "consolidates", "freezes": "freezes", "priority": "priority"}
	fieldCols = map[string]string{"name": "name", "type": "type", "label.vi": "label_vi", "label.en": "label_en", "unit": "unit", "choices": "choices",
		"min": "min", "max": "max", "max_len": "max_len"}
	indicatorCols = map[string]string{"key": "key", "title.vi": "title_vi", "title.en": "title_en", "unit": "unit", "rollup": "rollup", "step": "source",
		"field": "source", "numerator": "numerator", "denominator": "denominator", "target": "target"}
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
	if so := indexPath.FindStringSubmatch(m[3]); so != nil && so[1] == "sign_off" {
		j, _ := strconv.Atoi(so[2])
		if j < len(s.signOffs[i]) && (so[3] == "at" || so[3] == "role") {
			return prefix + "o" + strconv.Itoa(s.signOffs[i][j]) + "_" + so[3]
		}
		return ""
	}
	if fm := indexPath.FindStringSubmatch(strings.TrimPrefix(m[3], "form.")); fm != nil {
		return s.formInput(prefix, i, fm[1], fm[2], fm[3])
	}
	return ""
}

// formInput is the input of step i's (prefixed) form part the API names:
// a field's column or a rule's side or operator, row j of list ("fields",
// "rules"); "" for none.
func (s sentRows) formInput(prefix string, i int, list, row, col string) string {
	j, _ := strconv.Atoi(row)
	switch list {
	case "rules":
		if j < len(s.rules[i]) && slices.Contains(ruleInputs, col) {
			return prefix + "r" + strconv.Itoa(s.rules[i][j]) + "_" + col
		}
	case "fields":
		name := fieldCols[col]
		if strings.HasPrefix(col, "choices") {
			name = "choices"
		}
		if j < len(s.fields[i]) && name != "" {
			return prefix + "f" + strconv.Itoa(s.fields[i][j]) + "_" + name
		}
	}
	return ""
}
