package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"dsflow/models"
	tpl "dsflow/templates"
)

// The process template editor edits a template's own settings (its
// default window and reminders with the units told on escalation), every
// step (each with its due rule, sign-off levels, repeat, reminders, the
// rows of its form and the rules between their numeric fields, "part ≤
// total"), and the indicators the steps report, picked from the steps'
// numeric fields. A new version starts from the newest one; the editor
// shows all of it, so nothing is kept unseen.

// templateInputs are the editor's single inputs.
var templateInputs = []string{"key", "kind", "period", "title_vi", "title_en", "desc_vi", "desc_en", "late_policy", "grace_days", "default_level",
	"win_start_day", "win_start_month", "win_end_day", "win_end_month", "esc_remind", "esc_after", "esc_up"}

// stepInputs are a step's single inputs, each named with the step's prefix
// ("s1_key").
var stepInputs = []string{"key", "title_vi", "title_en", "instr_vi", "instr_en", "level", "role", "due_anchor", "due_days", "due_working",
	"repeat_days", "esc_remind", "esc_after", "esc_up", "consolidates", "freezes", "priority"}

// fieldInputs are the inputs of a field row.
var fieldInputs = []string{"name", "type", "label_vi", "label_en", "required", "unit", "choices", "min", "max", "max_len"}

// signOffInputs are the inputs of a sign-off level's row ("s0o1_role").
var signOffInputs = []string{"at", "role"}

// ruleInputs are the inputs of a row comparing two of a step's numeric
// fields ("s0r1_left"): Left Op Right.
var ruleInputs = []string{"left", "op", "right"}

// notifyInputs are the input of a row naming a unit told on escalation
// ("u0_unit" for the template, "s2u0_unit" for a step).
var notifyInputs = []string{"unit"}

// indicatorInputs are the inputs of an indicator row ("n0_key"). Source
// is the step and numeric field a sum indicator reports, as "step.field".
var indicatorInputs = []string{"key", "title_vi", "title_en", "unit", "rollup", "source", "numerator", "denominator", "target"}

// fieldTypes are the types a field row offers.
var fieldTypes = []string{models.FieldCount, models.FieldNumber, models.FieldPercent, models.FieldText, models.FieldDate, models.FieldYesNo,
	models.FieldChoice, models.FieldFile}

// numericTypes are the field types a sum indicator can report.
var numericTypes = []string{models.FieldCount, models.FieldNumber, models.FieldPercent}

// maxSteps is how many steps the editor shows at most.
const maxSteps = 20

// stepForm is one step of the editor as typed: its single inputs by their
// name without the step's prefix, its form's field rows, its sign-off
// levels in order, the units its escalation tells and the rules between
// its form's fields.
type stepForm struct {
	Prefix   string // "s0"
	Values   map[string]string
	Rows     []map[string]string
	SignOffs []map[string]string
	Notify   []map[string]string
	Rules    []map[string]string
}

// ID is the name of one of the step's inputs.
func (s stepForm) ID(col string) string { return s.Prefix + "_" + col }

// V is one of the step's values.
func (s stepForm) V(col string) string { return s.Values[col] }

// RowPrefix prefixes the names of the step's field rows ("s0f2_name").
func (s stepForm) RowPrefix() string { return s.Prefix + "f" }

// SignOffPrefix prefixes the names of the step's sign-off rows
// ("s0o1_at").
func (s stepForm) SignOffPrefix() string { return s.Prefix + "o" }

// NotifyPrefix prefixes the names of the step's rows of units told on
// escalation ("s0u0_unit").
func (s stepForm) NotifyPrefix() string { return s.Prefix + "u" }

// MoreSignOffs says whether the step may have another sign-off level.
func (s stepForm) MoreSignOffs() bool { return len(s.SignOffs) < tpl.MaxSignOff }

// RulePrefix prefixes the names of the step's rule rows ("s0r1_op").
func (s stepForm) RulePrefix() string { return s.Prefix + "r" }

// MoreRules says whether the step may have another rule (as many as a
// form has field rows).
func (s stepForm) MoreRules() bool { return len(s.Rules) < maxEditorRows }

// NumericFields are the step's numeric fields as last shown, those a rule
// compares.
func (s stepForm) NumericFields(lang string) []option {
	var out []option
	for _, row := range s.Rows {
		if row["name"] != "" && slices.Contains(numericTypes, row["type"]) {
			out = append(out, option{row["name"], text(row["label_vi"], row["label_en"]).In(lang) + " (" + row["name"] + ")"})
		}
	}
	return out
}

type templateEditor struct {
	Base       *templateView // the version a new version starts from; nil for a new template
	Form       editorForm
	Steps      []stepForm
	Indicators []map[string]string
	// Notify are the rows of units the template's escalation tells.
	Notify []map[string]string
	// Units are the units escalation may tell (those above villages the
	// admin sees).
	Units                []unitOption
	Key                  string
	Lists                map[string][]string
	FormError, RequestID string
}

// IsChecklist tells the editors' page which editor it shows.
func (e *templateEditor) IsChecklist() bool { return false }

func (h *Handler) newTemplateEditor() *templateEditor {
	return &templateEditor{Lists: map[string][]string{
		"kind": models.TemplateKinds, "period": append([]string{""}, tpl.Periods...), "late_policy": {models.LateAccept, models.LateRefuse},
		"default_level": append([]string{""}, unitLevels...),
		"step_level":    append([]string{models.StepLevelParticipant, models.StepLevelRoot}, unitLevels...),
		"step_role":     {models.RoleOfficer, models.RoleSecretary, models.RoleLeader, models.RoleInspector},
		"due_anchor":    {models.AnchorEnd, models.AnchorStart}, "signoff_at": {"", models.SignOffSelf, models.SignOffParent, models.SignOffRoot},
		"signoff_role": {"", models.RoleLeader, models.RoleSecretary, models.RoleInspector}, "type": fieldTypes, "month": months(),
		"rule_op": {"", models.RuleLE, models.RuleLT, models.RuleGE, models.RuleEQ},
		"rollup":  {"", models.RollupSum, models.RollupRatio}, "priority": {"", models.PriorityLow, models.PriorityNormal, models.PriorityHigh, models.PriorityUrgent},
	}}
}

// months are the choices of a month: none, then 1 to 12.
func months() []string {
	out := []string{""}
	for m := 1; m <= 12; m++ {
		out = append(out, strconv.Itoa(m))
	}
	return out
}

// newStep is step row k of a new template: given to the participants'
// officers, due at the window's end, with an empty sign-off level, an
// empty unit to tell on escalation and an empty rule to fill.
func newStep(k int) stepForm {
	return stepForm{Prefix: "s" + strconv.Itoa(k), Rows: emptyRows(editorRows), Values: map[string]string{"level": models.StepLevelParticipant,
		"role": models.RoleOfficer, "due_anchor": models.AnchorEnd, "due_days": "0"}, SignOffs: emptyRows(1), Notify: emptyRows(1), Rules: emptyRows(1)}
}

// handleTemplateEditor shows the editor: empty for a new template, filled
// from version {id} for the next version of its key.
func (h *Handler) handleTemplateEditor(w http.ResponseWriter, r *http.Request, u *user) {
	ed := h.newTemplateEditor()
	ed.Key = newKey()
	ed.Form = editorForm{Values: map[string]string{"kind": models.TemplateCampaign, "late_policy": models.LateAccept}, Errors: map[string]string{}}
	ed.Steps = []stepForm{newStep(0)}
	ed.Steps[0].Values["key"] = "report"
	ed.Indicators = emptyRows(2)
	ed.Notify = emptyRows(1)
	if p := h.loadBase(r, ed); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	if p := h.loadUnits(r, u, ed); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	if ed.Base != nil {
		fillTemplateForm(ed, ed.Base.Definition)
	}
	h.renderTemplateEditor(w, r, u, http.StatusOK, ed)
}

// loadBase reads the version a new version starts from, when the path
// names one.
func (h *Handler) loadBase(r *http.Request, ed *templateEditor) *problem {
	id := r.PathValue("id")
	if id == "" {
		return nil
	}
	if _, err := strconv.ParseUint(id, 10, 32); err != nil {
		return &problem{Status: http.StatusNotFound, Title: h.t(r, "web.not_found")}
	}
	ed.Base = &templateView{}
	if p := h.call(r, apiCall{method: http.MethodGet, path: "/api/v1/templates/" + id}, ed.Base); p != nil {
		return p
	}
	return nil
}

// loadUnits reads the units escalation may tell: the overseeing units of
// the admin's subtree (above the communes) and the admin's own unit.
// Escalation climbs to the leaders above by itself; these are the further
// units told. Communes are left out because the page has a picker per
// step: a national admin's 3,321 communes would make each ~180 KB. A
// commune a loaded version names stays picked (Pick keeps a current value
// the list lacks).
func (h *Handler) loadUnits(r *http.Request, u *user, ed *templateEditor) *problem {
	units, capped, p := h.unitsAt(r, models.LevelNational, models.LevelProvince, models.LevelDistrict)
	if p != nil {
		return p
	}
	if own := u.Unit; own != nil && !slices.ContainsFunc(units, func(x unit) bool { return x.ID == own.ID }) {
		units = append(units, *own)
	}
	ed.Units = h.cappedTree(r, units, capped)
	return nil
}

// fillTemplateForm puts a definition in the editor.
func fillTemplateForm(ed *templateEditor, def models.TemplateDef) {
	v := ed.Form.Values
	v["kind"], v["period"], v["title_vi"], v["title_en"] = def.Kind, def.Period, def.Title.Vi, def.Title.En
	v["desc_vi"], v["desc_en"], v["late_policy"], v["default_level"] = def.Description.Vi, def.Description.En, def.Late.Policy, def.DefaultLevel
	v["grace_days"] = nonZero(def.Late.GraceDays)
	if w := def.Window; w != nil {
		v["win_start_day"], v["win_start_month"] = strconv.Itoa(w.StartDay), strconv.Itoa(w.StartMonth)
		v["win_end_day"], v["win_end_month"] = strconv.Itoa(w.EndDay), strconv.Itoa(w.EndMonth)
	}
	fillEscalation(v, def.Escalation)
	ed.Notify = notifyRows(def.Escalation)
	ed.Steps = nil
	for k, s := range def.Steps {
		ed.Steps = append(ed.Steps, stepOf(k, s))
	}
	if len(ed.Steps) == 0 {
		ed.Steps = []stepForm{newStep(0)}
	}
	ed.Indicators = nil
	for _, ind := range def.Indicators {
		row := map[string]string{"key": ind.Key, "title_vi": ind.Title.Vi, "title_en": ind.Title.En, "unit": ind.Unit, "rollup": ind.Rollup,
			"source": joinSource(ind.Step, ind.Field), "numerator": ind.Numerator, "denominator": ind.Denominator}
		if ind.Target != nil {
			row["target"] = decimal(*ind.Target)
		}
		ed.Indicators = append(ed.Indicators, row)
	}
	ed.Indicators = append(ed.Indicators, emptyRows(1)...)
}

// stepOf is step k of a definition as the editor shows it, with empty
// rows to add a field, a sign-off level, a unit told on escalation and a
// rule.
func stepOf(k int, s models.StepDef) stepForm {
	sf := stepForm{Prefix: "s" + strconv.Itoa(k), Values: map[string]string{"key": s.Key, "title_vi": s.Title.Vi, "title_en": s.Title.En,
		"instr_vi": s.Instructions.Vi, "instr_en": s.Instructions.En, "level": s.Level, "role": s.Role, "due_anchor": s.Due.Anchor,
		"due_days": strconv.Itoa(s.Due.Days), "consolidates": s.Consolidates, "priority": s.Priority}}
	if s.Freezes {
		sf.Values["freezes"] = "1"
	}
	if s.Due.WorkingDays {
		sf.Values["due_working"] = "1"
	}
	for _, so := range s.SignOff {
		sf.SignOffs = append(sf.SignOffs, map[string]string{"at": so.At, "role": so.Role})
	}
	if len(sf.SignOffs) == 0 {
		sf.SignOffs = emptyRows(1)
	}
	if s.Repeat != nil {
		sf.Values["repeat_days"] = strconv.Itoa(s.Repeat.EveryDays)
	}
	fillEscalation(sf.Values, s.Escalation)
	sf.Notify = notifyRows(s.Escalation)
	for _, fd := range s.Form.Fields {
		sf.Rows = append(sf.Rows, fieldRow(fd))
	}
	sf.Rows = append(sf.Rows, emptyRows(editorRows)...)
	for _, rule := range s.Form.Rules {
		sf.Rules = append(sf.Rules, map[string]string{"left": rule.Left, "op": rule.Op, "right": rule.Right})
	}
	if len(sf.Rules) == 0 {
		sf.Rules = emptyRows(1)
	}
	return sf
}

// fieldRow is a form field as the editor's row shows it.
func fieldRow(fd models.FormField) map[string]string {
	row := map[string]string{"name": fd.Name, "type": fd.Type, "label_vi": fd.Label.Vi, "label_en": fd.Label.En, "unit": fd.Unit,
		"choices": strings.Join(fd.Choices, "; "), "max_len": nonZero(fd.MaxLen)}
	if fd.Required {
		row["required"] = "1"
	}
	if fd.Min != nil {
		row["min"] = decimal(*fd.Min)
	}
	if fd.Max != nil {
		row["max"] = decimal(*fd.Max)
	}
	return row
}

// notifyRows are the rows of the units e tells on escalation, and an
// empty one to add a unit.
func notifyRows(e *models.Escalation) []map[string]string {
	var rows []map[string]string
	if e != nil {
		for _, id := range e.NotifyUnits {
			rows = append(rows, map[string]string{"unit": uintString(id)})
		}
	}
	return append(rows, map[string]string{})
}

// joinSource names a sum indicator's step and field in one value
// ("report.screened"); neither is "". Keys hold no dot, so the value
// splits back unambiguously.
func joinSource(step, field string) string {
	if step == "" && field == "" {
		return ""
	}
	return step + "." + field
}

// splitSource is joinSource's step and field.
func splitSource(source string) (step, field string) {
	step, field, _ = strings.Cut(source, ".")
	return step, field
}

// fillEscalation puts reminders and escalation delays in v.
func fillEscalation(v map[string]string, e *models.Escalation) {
	if e == nil {
		return
	}
	days := make([]string, len(e.RemindDaysBefore))
	for i, d := range e.RemindDaysBefore {
		days[i] = strconv.Itoa(d)
	}
	v["esc_remind"], v["esc_after"], v["esc_up"] = strings.Join(days, "; "), nonZero(e.EscalateAfterDays), nonZero(e.EscalateUpAfterDays)
}

// nonZero shows n, or nothing for 0.
func nonZero(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// readTemplateForm reads the editor from a POST, with one more step, field
// rows, sign-off level, rule or indicator rows, or one sign-off level or
// rule fewer, when op asks for them.
func readTemplateForm(r *http.Request, ed *templateEditor, op string) {
	ed.Form = editorForm{Values: readValues(r, templateInputs), Errors: map[string]string{}}
	ed.Notify = withEmptyLast(readRows(r, "u", notifyInputs, false))
	n, _ := strconv.Atoi(r.PostFormValue("steps"))
	n = min(max(n, 1), maxSteps)
	for k := range n {
		sf := stepForm{Prefix: "s" + strconv.Itoa(k)}
		sf.Values = readValues(r, prefixed(sf.Prefix+"_", stepInputs))
		sf.Values = unprefixed(sf.Prefix+"_", sf.Values)
		sf.Rows = readRows(r, sf.RowPrefix(), fieldInputs, op == "more_fields_"+strconv.Itoa(k))
		sf.SignOffs = readSignOffs(r, sf, op)
		sf.Rules = readRules(r, sf, op)
		sf.Notify = withEmptyLast(readRows(r, sf.NotifyPrefix(), notifyInputs, false))
		ed.Steps = append(ed.Steps, sf)
	}
	if op == "more_step" && n < maxSteps {
		ed.Steps = append(ed.Steps, newStep(n))
	}
	ed.Indicators = readRows(r, "n", indicatorInputs, op == "more_indicators")
}

// readSignOffs reads a step's sign-off levels, one more when op is
// "more_signoff_<k>", level j left out when it is "drop_signoff_<k>_<j>"
// (there is always a row to fill).
func readSignOffs(r *http.Request, sf stepForm, op string) []map[string]string {
	rows := readRows(r, sf.SignOffPrefix(), signOffInputs, false)
	return addOrDrop(rows[:min(len(rows), tpl.MaxSignOff)], op, "signoff", sf, tpl.MaxSignOff)
}

// readRules reads the rules between a step's fields, one more when op is
// "more_rule_<k>", rule j left out when it is "drop_rule_<k>_<j>".
func readRules(r *http.Request, sf stepForm, op string) []map[string]string {
	return addOrDrop(readRows(r, sf.RulePrefix(), ruleInputs, false), op, "rule", sf, maxEditorRows)
}

// addOrDrop changes a step's list of rows (sign-off levels, rules) as op
// says: "more_<list>_<k>" adds an empty row when there are fewer than
// most, "drop_<list>_<k>_<j>" leaves row j out. There is always a row to
// fill.
func addOrDrop(rows []map[string]string, op, list string, sf stepForm, most int) []map[string]string {
	k := strings.TrimPrefix(sf.Prefix, "s")
	if op == "more_"+list+"_"+k && len(rows) < most {
		rows = append(rows, map[string]string{})
	}
	if j, ok := strings.CutPrefix(op, "drop_"+list+"_"+k+"_"); ok {
		if i, err := strconv.Atoi(j); err == nil && i >= 0 && i < len(rows) {
			rows = append(rows[:i], rows[i+1:]...)
		}
	}
	if len(rows) == 0 {
		rows = emptyRows(1)
	}
	return rows
}

// withEmptyLast ends rows with an empty one, to add to them.
func withEmptyLast(rows []map[string]string) []map[string]string {
	if len(rows) == 0 || !allBlank(rows[len(rows)-1:]) {
		rows = append(rows, map[string]string{})
	}
	return rows
}

// prefixed names each input with prefix.
func prefixed(prefix string, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = prefix + n
	}
	return out
}

// unprefixed takes prefix off every name of v.
func unprefixed(prefix string, v map[string]string) map[string]string {
	out := make(map[string]string, len(v))
	for k, val := range v {
		out[strings.TrimPrefix(k, prefix)] = val
	}
	return out
}

// handleTemplateSave saves the editor's template (a new key, or the next
// version of the base's key) with the form's Idempotency-Key; the "add"
// buttons show the form again with more, saving nothing.
func (h *Handler) handleTemplateSave(w http.ResponseWriter, r *http.Request, u *user) {
	ed := h.newTemplateEditor()
	op := r.PostFormValue("op")
	ed.Key = r.PostFormValue(fieldKey)
	readTemplateForm(r, ed, op)
	if p := h.loadBase(r, ed); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	if p := h.loadUnits(r, u, ed); p != nil {
		h.renderProblem(w, r, u, p)
		return
	}
	if !h.commandOK(r, ed.Key) {
		ed.Key, ed.FormError = newKey(), h.t(r, "web.csrf")
		h.renderTemplateEditor(w, r, u, http.StatusForbidden, ed)
		return
	}
	if op != "save" {
		h.renderTemplateEditor(w, r, u, http.StatusOK, ed)
		return
	}
	var base models.TemplateDef
	if ed.Base != nil {
		base = ed.Base.Definition
	}
	def, sent := h.buildTemplate(r, ed, base)
	if len(ed.Form.Errors) > 0 {
		ed.FormError = h.t(r, "web.task.fix")
		h.renderTemplateEditor(w, r, u, http.StatusUnprocessableEntity, ed)
		return
	}
	var baseID uint
	if ed.Base != nil {
		baseID = ed.Base.ID
	}
	next, p := h.saveDefinition(r, "templates", ed.Form.V("key"), ed.Key, baseID, def)
	if p == nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	var loose []string
	ed.Form.Errors, loose = formErrors(p, sent.input)
	ed.FormError, ed.RequestID = h.formMessage(r, p, loose), p.RequestID
	h.renderTemplateEditor(w, r, u, p.Status, ed)
}

func (h *Handler) renderTemplateEditor(w http.ResponseWriter, r *http.Request, u *user, status int, ed *templateEditor) {
	v := h.view(w, r, u, "web.admin.tpl_new")
	if ed.Base != nil {
		v.Title = h.t(r, "web.admin.tpl_version", ed.Base.Key, ed.Base.Version+1)
	}
	v.Page = ed
	h.render(w, status, "admin_template", v)
}

// saveDefinition saves a new template or checklist (collection
// "templates" or "checklists") under key, or a new version of baseID when
// it is not zero, once per idempotencyKey. It returns the page to go to,
// or the API's problem.
func (h *Handler) saveDefinition(r *http.Request, collection, key, idempotencyKey string, baseID uint, def any) (string, *problem) {
	c := apiCall{method: http.MethodPost, path: "/api/v1/" + collection, body: map[string]any{"key": key, "definition": def}, idempotencyKey: idempotencyKey}
	if baseID != 0 {
		c.path, c.body = "/api/v1/"+collection+"/"+uintString(baseID)+"/versions", map[string]any{"definition": def}
	}
	var saved struct {
		Key     string `json:"key"`
		Version int    `json:"version"`
	}
	if p := h.call(r, c, &saved); p != nil {
		return "", p
	}
	return "/admin/templates?saved=" + url.QueryEscape(saved.Key) + "&version=" + strconv.Itoa(saved.Version), nil
}

// option is one choice of a list the editor makes of what the form holds.
type option struct{ Value, Label string }

// pickView is a select of such a list: none first, then the options, and
// the current value when it is none of them, so what was loaded or typed
// is shown and kept, and the API names its fault.
type pickView struct {
	Name, Label, Hint, Error, Value string
	Options                         []option
}

// Pick is the select named name of opts, none labelling the empty choice.
func (e *templateEditor) Pick(name, label, hint, none, cur string, opts []option) pickView {
	all := []option{{"", none}}
	found := cur == ""
	for _, o := range opts {
		found = found || o.Value == cur
	}
	if !found {
		all = append(all, option{cur, cur})
	}
	return pickView{Name: name, Label: label, Hint: hint, Error: e.Form.E(name), Value: cur, Options: append(all, opts...)}
}

// SourceOptions are the numeric fields of the steps as last shown, the
// fields a sum indicator can report, each as "step.field".
func (e *templateEditor) SourceOptions(lang string) []option {
	var out []option
	for _, s := range e.Steps {
		step := s.V("key")
		if step == "" {
			continue
		}
		title := text(s.V("title_vi"), s.V("title_en")).In(lang)
		for _, row := range s.Rows {
			if row["name"] == "" || !slices.Contains(numericTypes, row["type"]) {
				continue
			}
			label := text(row["label_vi"], row["label_en"]).In(lang)
			out = append(out, option{joinSource(step, row["name"]), title + " › " + label + " (" + step + "." + row["name"] + ")"})
		}
	}
	return out
}

// SumIndicators are the sum indicators of the rows as last shown, those a
// ratio can divide.
func (e *templateEditor) SumIndicators(lang string) []option {
	var out []option
	for _, row := range e.Indicators {
		if row["key"] != "" && row["rollup"] == models.RollupSum {
			out = append(out, option{row["key"], text(row["title_vi"], row["title_en"]).In(lang) + " (" + row["key"] + ")"})
		}
	}
	return out
}

// UnitOptions are the units escalation may tell, as a tree.
func (e *templateEditor) UnitOptions() []option {
	out := make([]option, len(e.Units))
	for i, u := range e.Units {
		out[i] = option{uintString(u.ID), u.Indent + u.Label}
	}
	return out
}

// notifyView is the part of the page that picks the units an escalation
// tells: rows named with Prefix ("u", "s0u").
type notifyView struct {
	V      *view
	Prefix string
	Rows   []map[string]string
}

// NotifyOf is the page part of the rows of units an escalation tells.
func (e *templateEditor) NotifyOf(v *view, prefix string, rows []map[string]string) notifyView {
	return notifyView{V: v, Prefix: prefix, Rows: rows}
}
