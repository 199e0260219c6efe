package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dsflow/models"
	tpl "dsflow/templates"
)

// The process template editor edits a template's own settings, every step
// (each with its due rule, sign-off, repeat, reminders and the rows of its
// form), the indicators the steps report and the template's reminders. A
// new version starts from the newest one: what the editor does not show
// (the default window, further sign-off levels, units told on escalation)
// is kept as it was.

// templateInputs are the editor's single inputs.
var templateInputs = []string{"key", "kind", "period", "title_vi", "title_en", "desc_vi", "desc_en", "late_policy", "grace_days", "default_level",
	"esc_remind", "esc_after", "esc_up"}

// stepInputs are a step's single inputs, each named with the step's prefix
// ("s1_key").
var stepInputs = []string{"key", "title_vi", "title_en", "instr_vi", "instr_en", "level", "role", "due_anchor", "due_days", "due_working",
	"signoff_at", "signoff_role", "repeat_days", "esc_remind", "esc_after", "esc_up", "consolidates", "freezes", "priority"}

// fieldInputs are the inputs of a field row.
var fieldInputs = []string{"name", "type", "label_vi", "label_en", "required", "unit", "choices"}

// indicatorInputs are the inputs of an indicator row ("n0_key").
var indicatorInputs = []string{"key", "title_vi", "title_en", "unit", "rollup", "step", "field", "numerator", "denominator", "target"}

// fieldTypes are the types a field row offers (an upload has its own
// control on a task's page).
var fieldTypes = []string{models.FieldCount, models.FieldNumber, models.FieldPercent, models.FieldText, models.FieldDate, models.FieldYesNo, models.FieldChoice}

// maxSteps is how many steps the editor shows at most.
const maxSteps = 20

// stepForm is one step of the editor as typed: its single inputs by their
// name without the step's prefix, and its form's field rows.
type stepForm struct {
	Prefix string // "s0"
	Values map[string]string
	Rows   []map[string]string
}

// ID is the name of one of the step's inputs.
func (s stepForm) ID(col string) string { return s.Prefix + "_" + col }

// V is one of the step's values.
func (s stepForm) V(col string) string { return s.Values[col] }

// RowPrefix prefixes the names of the step's field rows ("s0f2_name").
func (s stepForm) RowPrefix() string { return s.Prefix + "f" }

type templateEditor struct {
	Base       *templateView // the version a new version starts from; nil for a new template
	Form       editorForm
	Steps      []stepForm
	Indicators []map[string]string
	Key        string
	Lists      map[string][]string
	// Kept says whether the base has settings the editor does not show.
	Kept                 bool
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
		"signoff_role": {models.RoleLeader, models.RoleSecretary, models.RoleInspector}, "type": fieldTypes,
		"rollup": {"", models.RollupSum, models.RollupRatio}, "priority": {"", models.PriorityLow, models.PriorityNormal, models.PriorityHigh, models.PriorityUrgent},
	}}
}

// newStep is step row k of a new template: given to the participants'
// officers, due at the window's end.
func newStep(k int) stepForm {
	return stepForm{Prefix: "s" + strconv.Itoa(k), Rows: emptyRows(editorRows), Values: map[string]string{"level": models.StepLevelParticipant,
		"role": models.RoleOfficer, "due_anchor": models.AnchorEnd, "due_days": "0"}}
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
	if p := h.loadBase(r, ed); p != nil {
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
	ed.Kept = keepsHidden(ed.Base.Definition)
	return nil
}

// keepsHidden says whether def has settings the editor does not show.
func keepsHidden(def models.TemplateDef) bool {
	hidden := def.Window != nil || def.Escalation != nil && len(def.Escalation.NotifyUnits) > 0
	for _, s := range def.Steps {
		hidden = hidden || len(s.SignOff) > 1 ||
			s.Escalation != nil && len(s.Escalation.NotifyUnits) > 0
	}
	return hidden
}

// fillTemplateForm puts a definition in the editor.
func fillTemplateForm(ed *templateEditor, def models.TemplateDef) {
	v := ed.Form.Values
	v["kind"], v["period"], v["title_vi"], v["title_en"] = def.Kind, def.Period, def.Title.Vi, def.Title.En
	v["desc_vi"], v["desc_en"], v["late_policy"], v["default_level"] = def.Description.Vi, def.Description.En, def.Late.Policy, def.DefaultLevel
	v["grace_days"] = nonZero(def.Late.GraceDays)
	fillEscalation(v, def.Escalation)
	ed.Steps = nil
	for k, s := range def.Steps {
		sf := stepForm{Prefix: "s" + strconv.Itoa(k), Values: map[string]string{"key": s.Key, "title_vi": s.Title.Vi, "title_en": s.Title.En,
			"instr_vi": s.Instructions.Vi, "instr_en": s.Instructions.En, "level": s.Level, "role": s.Role, "due_anchor": s.Due.Anchor,
			"due_days": strconv.Itoa(s.Due.Days), "consolidates": s.Consolidates, "priority": s.Priority}}
		if s.Freezes {
			sf.Values["freezes"] = "1"
		}
		if s.Due.WorkingDays {
			sf.Values["due_working"] = "1"
		}
		if len(s.SignOff) > 0 {
			sf.Values["signoff_at"], sf.Values["signoff_role"] = s.SignOff[0].At, s.SignOff[0].Role
		}
		if s.Repeat != nil {
			sf.Values["repeat_days"] = strconv.Itoa(s.Repeat.EveryDays)
		}
		fillEscalation(sf.Values, s.Escalation)
		for _, fd := range s.Form.Fields {
			row := map[string]string{"name": fd.Name, "type": fd.Type, "label_vi": fd.Label.Vi, "label_en": fd.Label.En, "unit": fd.Unit,
				"choices": strings.Join(fd.Choices, "; ")}
			if fd.Required {
				row["required"] = "1"
			}
			sf.Rows = append(sf.Rows, row)
		}
		sf.Rows = append(sf.Rows, emptyRows(editorRows)...)
		ed.Steps = append(ed.Steps, sf)
	}
	if len(ed.Steps) == 0 {
		ed.Steps = []stepForm{newStep(0)}
	}
	ed.Indicators = nil
	for _, ind := range def.Indicators {
		row := map[string]string{"key": ind.Key, "title_vi": ind.Title.Vi, "title_en": ind.Title.En, "unit": ind.Unit, "rollup": ind.Rollup,
			"step": ind.Step, "field": ind.Field, "numerator": ind.Numerator, "denominator": ind.Denominator}
		if ind.Target != nil {
			row["target"] = decimal(*ind.Target)
		}
		ed.Indicators = append(ed.Indicators, row)
	}
	ed.Indicators = append(ed.Indicators, emptyRows(1)...)
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
// rows or indicator rows when op asks for them.
func readTemplateForm(r *http.Request, ed *templateEditor, op string) {
	ed.Form = editorForm{Values: readValues(r, templateInputs), Errors: map[string]string{}}
	n, _ := strconv.Atoi(r.PostFormValue("steps"))
	n = min(max(n, 1), maxSteps)
	for k := range n {
		sf := stepForm{Prefix: "s" + strconv.Itoa(k)}
		sf.Values = readValues(r, prefixed(sf.Prefix+"_", stepInputs))
		sf.Values = unprefixed(sf.Prefix+"_", sf.Values)
		sf.Rows = readRows(r, sf.RowPrefix(), fieldInputs, op == "more_fields_"+strconv.Itoa(k))
		ed.Steps = append(ed.Steps, sf)
	}
	if op == "more_step" && n < maxSteps {
		ed.Steps = append(ed.Steps, newStep(n))
	}
	ed.Indicators = readRows(r, "n", indicatorInputs, op == "more_indicators")
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
